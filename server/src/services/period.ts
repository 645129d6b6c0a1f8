// Periods are calendar days in the court's time zone (Asia/Shanghai, UTC+8, no daylight saving):
// `from` is the first day included, `to` the last day included.
import type { PeriodFilter } from '../contract/queries.ts';

export interface Bounds {
  from: string | null; // ISO timestamp, inclusive
  to: string | null; // ISO timestamp, exclusive
}

const dayStart = (d: string) => `${d}T00:00:00+08:00`;

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

export function toBounds(p: Pick<PeriodFilter, 'from' | 'to'>): Bounds {
  return { from: p.from ? dayStart(p.from) : null, to: p.to ? dayStart(nextDay(p.to)) : null };
}

/** The 12 months ending on `anchor` (inclusive): the default period of the dashboard. */
export function defaultPeriod(anchor: string): { from: string; to: string } {
  const t = new Date(`${anchor}T00:00:00Z`);
  t.setUTCFullYear(t.getUTCFullYear() - 1);
  t.setUTCDate(t.getUTCDate() + 1);
  return { from: t.toISOString().slice(0, 10), to: anchor };
}

/** Today in Asia/Shanghai, as YYYY-MM-DD. */
export function todayInShanghai(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
