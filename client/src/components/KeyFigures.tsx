// Key figures of the period: cases, open cases, settled share, active mediators, uncovered villages.
import type { SummaryTotals } from '../api/types.ts';
import { formatInt, formatShare } from '../lib/format.ts';

export interface KeyFiguresProps {
  totals: SummaryTotals | null;
}

interface Figure {
  key: string;
  label: string;
  value: string;
  unit?: string;
  hint?: string;
  tone?: 'warning';
}

export function KeyFigures({ totals }: KeyFiguresProps) {
  const t = totals;
  const figures: Figure[] = [
    { key: 'cases', label: '期间案件', value: formatInt(t?.cases), unit: '件' },
    { key: 'open', label: '未结案件', value: formatInt(t?.open_cases), unit: '件' },
    {
      key: 'settled',
      label: '调解成功率',
      value: formatShare(t?.settled_share),
      hint: t && t.settled_share !== null ? `成功 ${formatInt(t.settled)} 件` : '暂无已结案件',
    },
    { key: 'mediators', label: '在岗调解员', value: formatInt(t?.mediators_active), unit: '人' },
    {
      key: 'uncovered',
      label: '无调解员覆盖村(社区)',
      value: formatInt(t?.villages_uncovered),
      unit: '个',
      hint: t ? `共 ${formatInt(t.villages_total)} 个村(社区)` : undefined,
      tone: t && t.villages_uncovered > 0 ? 'warning' : undefined,
    },
  ];
  return (
    <section className="key-figures" aria-label="关键指标">
      {figures.map((f) => (
        <div key={f.key} className={`figure${f.tone ? ` figure-${f.tone}` : ''}`} data-testid={`figure-${f.key}`}>
          <div className="figure-label">{f.label}</div>
          <div className="figure-value">
            <span className="figure-number">{f.value}</span>
            {f.unit && f.value !== '—' && <span className="figure-unit">{f.unit}</span>}
          </div>
          {f.hint && <div className="figure-hint">{f.hint}</div>}
        </div>
      ))}
    </section>
  );
}
