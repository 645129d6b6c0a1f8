// The calendar windows of the assessment figures, all in Asia/Shanghai (UTC+8, no daylight saving):
// the period itself, and the month, year and quarter its last day falls in.
import { defaultPeriod, toBounds } from '../period.ts';

const dayStart = (d: string) => `${d}T00:00:00+08:00`;
const pad = (n: number) => String(n).padStart(2, '0');

export interface Windows {
  period: { from: string; to: string };
  /** timestamptz bounds of the period (`to` exclusive). */
  from: string;
  to: string;
  month: { from: string; to: string };
  year: { from: string; to: string; year: number };
  /** The quarter of the period's last day; `to` is cut at the period's end. */
  quarter: { from: string; to: string; year: number; quarter: number; end: string };
  /** The earlier of now and the period's end: when "overdue" is judged. */
  asof: string;
}

/** The period (default: 12 months to the data set's anchor) and the windows around its last day. */
export function windowsOf(p: { from?: string; to?: string }, anchor: string, now = new Date()): Windows {
  const fallback = defaultPeriod(anchor);
  const period = { from: p.from ?? fallback.from, to: p.to ?? fallback.to };
  const b = toBounds(period) as { from: string; to: string };
  const y = Number(period.to.slice(0, 4));
  const m = Number(period.to.slice(5, 7));
  const q = Math.floor((m - 1) / 3) + 1;
  const qStart = `${y}-${pad(3 * (q - 1) + 1)}-01`;
  const qEnd = q === 4 ? `${y + 1}-01-01` : `${y}-${pad(3 * q + 1)}-01`;
  const toMs = Date.parse(b.to);
  return {
    period,
    from: b.from,
    to: b.to,
    month: { from: dayStart(`${period.to.slice(0, 7)}-01`), to: b.to },
    year: { from: dayStart(`${y}-01-01`), to: b.to, year: y },
    quarter: { from: dayStart(qStart), to: Date.parse(dayStart(qEnd)) < toMs ? dayStart(qEnd) : b.to, year: y, quarter: q, end: dayStart(qEnd) },
    asof: new Date(Math.min(now.getTime(), toMs)).toISOString(),
  };
}

/** The bounds of a calendar quarter in Asia/Shanghai (`to` exclusive). */
export function quarterBounds(year: number, quarter: number): { from: string; to: string } {
  const from = `${year}-${pad(3 * (quarter - 1) + 1)}-01`;
  const to = quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(3 * quarter + 1)}-01`;
  return { from: dayStart(from), to: dayStart(to) };
}

/** The quarter a Beijing calendar day falls in. */
export function quarterOf(day: string): { year: number; quarter: number } {
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}
