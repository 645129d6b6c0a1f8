// Charts of the assessment views (recharts, fixed sizes): monthly trend with the success rate, and
// horizontal bars per township or kind.
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '../../../../server/src/contract/assessment.ts';
import { formatDecimal, formatInt, formatMonthShort, formatShare } from '../../lib/format.ts';

const AXIS = { fontSize: 11, fill: '#5b6577' };
const BLUE = '#27508c';
const RED = '#b3202e';
const GREEN = '#2f7d4a';
const tooltipStyle = { borderRadius: 6, border: '1px solid #d5dbe5', fontSize: 12, padding: '6px 10px' };

export function Card({ title, note, testId, children }: { title: string; note?: string; testId?: string; children: React.ReactNode }) {
  return (
    <section className="chart-card" data-testid={testId}>
      <header><h3>{title}</h3>{note && <span className="chart-note">{note}</span>}</header>
      {children}
    </section>
  );
}

/** Cases registered per month (bars: received, settled, filed) and the success rate (line, right axis). */
export function TrendChart({ data, width = 344, height = 190 }: { data: readonly TrendPoint[]; width?: number; height?: number }) {
  const rows = data.map((d) => ({ ...d, rate: d.success_rate === null ? null : Math.round(d.success_rate * 1000) / 10 }));
  return (
    <ComposedChart width={width} height={height} data={rows} margin={{ top: 8, right: 4, bottom: 0, left: -18 }}>
      <CartesianGrid vertical={false} stroke="#e7ebf1" />
      <XAxis dataKey="month" tickFormatter={formatMonthShort} tick={AXIS} tickLine={false} axisLine={{ stroke: '#c9d1dd' }} minTickGap={12} />
      <YAxis yAxisId="n" tick={AXIS} tickLine={false} axisLine={false} allowDecimals={false} />
      <YAxis yAxisId="r" orientation="right" domain={[0, 100]} tick={AXIS} tickLine={false} axisLine={false} width={30} unit="%" />
      <Tooltip contentStyle={tooltipStyle} labelFormatter={(m) => formatMonthShort(String(m))}
        formatter={(v, name) => [name === '成功率' ? `${formatDecimal(Number(v))}%` : `${formatInt(Number(v))} 件`, String(name)]} />
      <Legend wrapperStyle={{ fontSize: 11 }} iconSize={9} />
      <Bar yAxisId="n" dataKey="received" name="受理" fill={BLUE} maxBarSize={16} isAnimationActive={false} />
      <Bar yAxisId="n" dataKey="settled" name="调解成功" fill={GREEN} maxBarSize={16} isAnimationActive={false} />
      <Bar yAxisId="n" dataKey="filed" name="转立案" fill={RED} maxBarSize={16} isAnimationActive={false} />
      <Line yAxisId="r" dataKey="rate" name="成功率" stroke="#c98a00" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
    </ComposedChart>
  );
}

/** Horizontal bars of one value per row, highest first; click a bar to open its row. */
export function BarsChart<T extends { name: string }>({ rows, value, format, width = 344, onSelect, unitLabel }: {
  rows: readonly T[]; value: (r: T) => number | null; format?: (n: number) => string; width?: number; onSelect?: (r: T) => void; unitLabel: string;
}) {
  const data = rows.map((r) => ({ row: r, name: r.name, v: value(r) ?? 0 })).sort((a, b) => b.v - a.v);
  if (data.every((d) => d.v === 0)) return <p className="chart-empty">本期无数据</p>;
  const fmt = format ?? ((n: number) => formatInt(n));
  return (
    <BarChart width={width} height={Math.max(80, data.length * 20 + 24)} data={data} layout="vertical" margin={{ top: 4, right: 40, bottom: 4, left: 8 }}>
      <XAxis type="number" hide />
      <YAxis type="category" dataKey="name" width={110} tick={AXIS} tickLine={false} axisLine={false} interval={0} />
      <Tooltip contentStyle={tooltipStyle} formatter={(v) => [fmt(Number(v)), unitLabel]} />
      <Bar dataKey="v" fill={BLUE} barSize={12} isAnimationActive={false} cursor={onSelect ? 'pointer' : undefined}
        label={{ position: 'right', fontSize: 11, fill: '#3a4456', formatter: (v: unknown) => fmt(Number(v)) }}
        onClick={(_d, i) => { const r = data[i]; if (r) onSelect?.(r.row); }} />
    </BarChart>
  );
}

export const shareText = formatShare;
