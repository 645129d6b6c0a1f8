// Charts beside the map: cases by month, by dispute type, by township. Fixed sizes (no responsive container).
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { Summary } from '../api/types.ts';
import { formatInt, formatMonthShort } from '../lib/format.ts';

export const CHART_WIDTH = 344;
const AXIS = { fontSize: 11, fill: '#5b6577' };
const BLUE = '#27508c';
const RED = '#b3202e';

function ChartCard({ title, note, testId, children }: { title: string; note?: string; testId?: string; children: React.ReactNode }) {
  return (
    <section className="chart-card" data-testid={testId}>
      <header>
        <h3>{title}</h3>
        {note && <span className="chart-note">{note}</span>}
      </header>
      {children}
    </section>
  );
}

const tooltipProps = {
  cursor: { fill: 'rgba(27,58,107,0.06)' },
  contentStyle: { borderRadius: 6, border: '1px solid #d5dbe5', fontSize: 12, padding: '6px 10px' },
  formatter: (v: unknown) => [`${formatInt(Number(v))} 件`, '案件'] as [string, string],
};

export function ByMonthChart({ data }: { data: Summary['by_month'] }) {
  return (
    <ChartCard title="案件月度趋势" note="件" testId="chart-month">
      <BarChart width={CHART_WIDTH} height={168} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -18 }}>
        <CartesianGrid vertical={false} stroke="#e7ebf1" />
        <XAxis dataKey="month" tickFormatter={formatMonthShort} tick={AXIS} tickLine={false} axisLine={{ stroke: '#c9d1dd' }} minTickGap={12} />
        <YAxis tick={AXIS} tickLine={false} axisLine={false} allowDecimals={false} />
        <Tooltip {...tooltipProps} labelFormatter={(m) => formatMonthShort(String(m))} />
        <Bar dataKey="count" fill={BLUE} radius={[2, 2, 0, 0]} maxBarSize={22} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

export function ByTypeChart({ data }: { data: Summary['by_type'] }) {
  const rows = [...data].filter((d) => d.count > 0).sort((a, b) => b.count - a.count);
  const height = Math.max(80, rows.length * 22 + 24);
  return (
    <ChartCard title="纠纷类型分布" note="件" testId="chart-type">
      {rows.length === 0 ? (
        <p className="chart-empty">本期无案件</p>
      ) : (
        <BarChart width={CHART_WIDTH} height={height} data={rows} layout="vertical" margin={{ top: 4, right: 28, bottom: 4, left: 8 }}>
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={118} tick={AXIS} tickLine={false} axisLine={false} interval={0} />
          <Tooltip {...tooltipProps} />
          <Bar dataKey="count" fill={BLUE} radius={[0, 2, 2, 0]} barSize={13} isAnimationActive={false}
            label={{ position: 'right', fontSize: 11, fill: '#3a4456' }} />
        </BarChart>
      )}
    </ChartCard>
  );
}

export function ByTownshipChart({
  data,
  selectedCode,
  onSelect,
}: {
  data: Summary['by_township'];
  selectedCode?: string | null;
  onSelect?: (code: string) => void;
}) {
  const rows = [...data].sort((a, b) => b.count - a.count);
  const height = Math.max(80, rows.length * 20 + 24);
  return (
    <ChartCard title="各乡镇(街道)案件数" note="点击定位" testId="chart-township">
      {rows.length === 0 ? (
        <p className="chart-empty">本期无案件</p>
      ) : (
        <BarChart width={CHART_WIDTH} height={height} data={rows} layout="vertical" margin={{ top: 4, right: 28, bottom: 4, left: 8 }}>
          <XAxis type="number" hide allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={92} tick={AXIS} tickLine={false} axisLine={false} interval={0} />
          <Tooltip {...tooltipProps} />
          <Bar
            dataKey="count"
            radius={[0, 2, 2, 0]}
            barSize={12}
            isAnimationActive={false}
            cursor="pointer"
            label={{ position: 'right', fontSize: 11, fill: '#3a4456' }}
            onClick={(_d, index) => {
              const row = rows[index];
              if (row) onSelect?.(row.code);
            }}
          >
            {rows.map((r) => (
              <Cell key={r.code} fill={r.code === selectedCode ? RED : BLUE} />
            ))}
          </Bar>
        </BarChart>
      )}
    </ChartCard>
  );
}
