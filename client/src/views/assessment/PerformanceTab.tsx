// 考核统计 · 绩效: the performance table of one dimension for a period — sortable, exported as .xlsx by the
// server — and the monthly trend of the district or of the selected row.
import { useMemo, useState } from 'react';
import { DEFINITIONS, PERFORMANCE_DIMENSIONS, type PerformanceDimension, type PerformanceRow } from '../../../../server/src/contract/assessment.ts';
import { assessmentApi, type AssessmentClient, type Period } from '../../api/assessment.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { formatDecimal, formatInt, formatShare } from '../../lib/format.ts';
import { Card, TrendChart } from './Charts.tsx';

type Key = keyof PerformanceRow;
interface Column { key: Key; label: string; num?: boolean; format?: (v: number | null) => string; title?: string; only?: PerformanceDimension[] }

export const PERFORMANCE_COLUMNS: Column[] = [
  { key: 'name', label: '名称' },
  { key: 'parent_name', label: '所属' },
  { key: 'received', label: '受理', num: true, title: DEFINITIONS.received },
  { key: 'assigned', label: '分派', num: true, title: DEFINITIONS.assigned },
  { key: 'settled', label: '成功', num: true },
  { key: 'failed', label: '失败', num: true },
  { key: 'withdrawn', label: '撤回', num: true },
  { key: 'filed', label: '转立案', num: true },
  { key: 'success_rate', label: '成功率', num: true, format: formatShare, title: DEFINITIONS.success_rate },
  { key: 'median_days', label: '用时中位数(天)', num: true, format: formatDecimal, title: DEFINITIONS.median_days },
  { key: 'overdue', label: '超期', num: true, title: DEFINITIONS.overdue },
  { key: 'court_delegated', label: '委派', num: true, title: DEFINITIONS.source },
  { key: 'self_reported', label: '自行受理', num: true, title: DEFINITIONS.source },
  { key: 'guidance_requested', label: '法官指导', num: true, title: DEFINITIONS.guidance },
  { key: 'guidance_held', label: '已指导', num: true, title: DEFINITIONS.guidance },
  { key: 'filed_per_10k', label: '万人成讼率', num: true, format: formatDecimal, title: DEFINITIONS.filed_per_10k, only: ['township', 'village', 'tribunal'] },
];

/** Sorts rows by a column; nulls last whatever the direction, then by name. */
export function sortRows(rows: readonly PerformanceRow[], key: Key, dir: 'asc' | 'desc'): PerformanceRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key], y = b[key];
    if (x === null && y === null) return a.name.localeCompare(b.name, 'zh-CN');
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
    return c !== 0 ? sign * c : a.name.localeCompare(b.name, 'zh-CN');
  });
}

export function PerformanceTab({ period, client = assessmentApi }: { period: Period; client?: AssessmentClient }) {
  const [dimension, setDimension] = useState<PerformanceDimension>('township');
  const [sort, setSort] = useState<{ key: Key; dir: 'asc' | 'desc' }>({ key: 'received', dir: 'desc' });
  const [selected, setSelected] = useState<string | null>(null);
  const pk = `${dimension}|${period.from}|${period.to}`;
  const perf = useFetched(pk, (signal) => client.performance(dimension, period, signal));
  const trend = useFetched(`${pk}|${selected ?? ''}`, (signal) => client.trend({ ...period, ...(selected ? { dimension, id: selected } : {}) }, signal));
  const columns = PERFORMANCE_COLUMNS.filter((c) => !c.only || c.only.includes(dimension));
  const rows = useMemo(() => sortRows(perf.data?.rows ?? [], sort.key, sort.dir), [perf.data, sort]);
  const selectedRow = rows.find((r) => r.key === selected);
  const clickHeader = (key: Key) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'desc' ? 'asc' : 'desc' }));
  return (
    <div className="assessment-body">
      <div className="assessment-main" style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
        <div className="assessment-toolbar">
          <div className="segmented" role="group" aria-label="统计维度">
            {(Object.keys(PERFORMANCE_DIMENSIONS) as PerformanceDimension[]).map((d) => (
              <button key={d} type="button" className={d === dimension ? 'active' : undefined} aria-pressed={d === dimension}
                onClick={() => { setDimension(d); setSelected(null); }}>{PERFORMANCE_DIMENSIONS[d]}</button>
            ))}
          </div>
          <a className="secondary-button" href={client.exportUrl(dimension, period)} download data-testid="export-xlsx">导出 Excel</a>
          <span className="muted small">{perf.data ? `共 ${formatInt(rows.length)} 条` : ''}　点击表头排序，点击行查看月度趋势</span>
        </div>
        {perf.error && <ErrorMessage message={perf.error.message} onRetry={perf.reload} />}
        <div className="assessment-table">
          {!perf.data && !perf.error ? <Loading /> : (
            <table className="data-table" data-testid="performance-table">
              <thead>
                <tr>{columns.map((c) => (
                  <th key={c.key} className={`sortable${c.num ? ' num' : ''}`} title={c.title} onClick={() => clickHeader(c.key)}
                    aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    {c.label}{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </th>
                ))}</tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} className={r.key === selected ? 'selected' : undefined} onClick={() => setSelected(r.key === selected ? null : r.key)} style={{ cursor: 'pointer' }}>
                    {columns.map((c) => {
                      const v = r[c.key];
                      const text = c.num ? (c.format ? c.format(v as number | null) : formatInt(v as number)) : ((v as string | null) ?? '—');
                      return <td key={c.key} className={c.num ? 'num' : undefined}>{text}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <div className="assessment-side">
        <Card title={selectedRow ? `${selectedRow.name} · 月度趋势` : '全区 · 月度趋势'} note="件 / 成功率">
          {trend.data ? <TrendChart data={trend.data.months} width={348} /> : <Loading />}
        </Card>
        <details className="definitions" open>
          <summary>指标口径</summary>
          <ul>{Object.values(DEFINITIONS).map((t) => <li key={t}>{t}</li>)}</ul>
        </details>
      </div>
    </div>
  );
}
