// Number and date formatting for Chinese UI text. "—" stands for a value that does not exist.

export const DASH = '—';

const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : intFmt.format(Math.round(n));
}

/** A decimal with a precision that suits its size (e.g. 0.042, 1.35, 12.4, 1,234). */
export function formatDecimal(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  const digits = abs === 0 ? 0 : abs < 0.1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(n);
}

/** A share 0..1 as a percentage with one decimal, e.g. 0.6234 → "62.3%". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return `${(share * 100).toFixed(1)}%`;
}

/** "2025-12" → "25年12月"; used on chart axes. */
export function formatMonthShort(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]!.slice(2)}年${Number(m[2])}月` : month;
}

/** "2025-12-01" → "2025年12月1日". */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}
