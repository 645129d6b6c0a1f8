// Period presets count back from the dataset's anchor date (the demo data ends there), not from today.

export type PeriodPreset = '1m' | '3m' | '12m' | '24m' | 'custom';

export const PERIOD_PRESETS: { key: PeriodPreset; label: string; months: number }[] = [
  { key: '1m', label: '近1月', months: 1 },
  { key: '3m', label: '近3月', months: 3 },
  { key: '12m', label: '近12月', months: 12 },
  { key: '24m', label: '近24月', months: 24 },
];

export interface Period {
  from: string;
  to: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function iso(y: number, monthIndex: number, day: number): string {
  const d = new Date(Date.UTC(y, monthIndex, day));
  return d.toISOString().slice(0, 10);
}

/**
 * The last `months` calendar months up to and including the anchor's month:
 * from the first day of the earliest month to the anchor date. 12 months up to 2026-11-30 → 2025-12-01..2026-11-30.
 */
export function presetPeriod(anchorDate: string, months: number): Period {
  const m = DATE_RE.exec(anchorDate);
  if (!m) throw new Error(`anchor date is not YYYY-MM-DD: ${anchorDate}`);
  const y = Number(m[1]);
  const mi = Number(m[2]) - 1;
  return { from: iso(y, mi - (months - 1), 1), to: anchorDate };
}

/** Which preset a period equals, or 'custom'. */
export function presetOf(anchorDate: string, period: Period): PeriodPreset {
  for (const p of PERIOD_PRESETS) {
    const pp = presetPeriod(anchorDate, p.months);
    if (pp.from === period.from && pp.to === period.to) return p.key;
  }
  return 'custom';
}

/** A Chinese message when a custom period cannot be used, or null when it is valid. */
export function validatePeriod(period: Period): string | null {
  if (!isIsoDate(period.from) || !isIsoDate(period.to)) return '请填写完整的起止日期';
  if (period.from > period.to) return '开始日期不能晚于结束日期';
  return null;
}
