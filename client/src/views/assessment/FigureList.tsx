// The list behind a dashboard figure (GET /api/dashboard/list), in a dialog with a pager.
import { useState } from 'react';
import type { DashboardFigure } from '../../../../server/src/contract/assessment.ts';
import { assessmentApi, type AssessmentClient, type Period } from '../../api/assessment.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { formatInt } from '../../lib/format.ts';

const PAGE = 20;

/** Lists that have a township column (the filter narrows them; the others are district-wide). */
const BY_TOWNSHIP: DashboardFigure[] = ['cases_period', 'cases_month', 'cases_year', 'settled', 'filed', 'diverted', 'overdue_open', 'uncovered_villages', 'mediators_active', 'untrained', 'schools_without_event', 'publicity_events', 'guidance'];

export function FigureList({ figure, period, townships = [], onClose, client = assessmentApi }: {
  figure: DashboardFigure; period: Period; townships?: { code: string; name: string }[]; onClose(): void; client?: AssessmentClient;
}) {
  const [page, setPage] = useState(1);
  const [township, setTownship] = useState('');
  const filter = { ...period, ...(township ? { township } : {}) };
  const list = useFetched(`${figure}|${period.from}|${period.to}|${township}|${page}`, (signal) => client.dashboardList(figure, { ...filter, page, page_size: PAGE }, signal));
  const l = list.data;
  const pages = l ? Math.max(1, Math.ceil(l.total / PAGE)) : 1;
  return (
    <div className="figure-list-backdrop" role="presentation" onClick={onClose}>
      <section className="figure-list panel" role="dialog" aria-modal="true" aria-label={l?.label ?? '明细'} onClick={(e) => e.stopPropagation()} data-testid="figure-list">
        <header className="figure-list-head">
          <h3>{l?.label ?? '明细'}</h3>
          <span className="muted" data-testid="figure-list-total">{l ? `共 ${formatInt(l.total)} 条` : ''}</span>
          <button type="button" className="icon-button" aria-label="关闭" onClick={onClose}>×</button>
        </header>
        {l && <p className="muted figure-list-definition" data-testid="figure-list-definition">口径：{l.definition}</p>}
        <div className="figure-list-tools">
          {BY_TOWNSHIP.includes(figure) && townships.length > 0 && (
            <label>乡镇(街道)
              <select value={township} onChange={(e) => { setTownship(e.target.value); setPage(1); }} data-testid="figure-list-township">
                <option value="">全区</option>
                {[...townships].sort((a, b) => a.code.localeCompare(b.code)).map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
              </select>
            </label>
          )}
          <a className="secondary-button" href={client.dashboardListExportUrl(figure, filter)} download data-testid="figure-list-export">导出 Excel（含合计）</a>
        </div>
        {list.error && <ErrorMessage message={list.error.message} onRetry={list.reload} />}
        {!l && !list.error && <Loading />}
        {l && (
          <div className="figure-list-body">
            {l.items.length === 0 ? (
              <p className="panel-empty">没有记录</p>
            ) : (
              <table className="data-table">
                <thead><tr>{l.columns.map((c) => <th key={c.key}>{c.label}</th>)}</tr></thead>
                <tbody>
                  {l.items.map((row, i) => (
                    <tr key={i}>{l.columns.map((c) => <td key={c.key}>{row[c.key] ?? '—'}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="pager">
              <button type="button" className="secondary-button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>上一页</button>
              <span>第 {page} / {pages} 页</span>
              <button type="button" className="secondary-button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>下一页</button>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
