// A day picked as 年 / 月 / 日 whatever the browser's locale (issue 17): a bare <input type="date">
// shows mm/dd/yyyy in an English browser. Three selects, value and onChange in YYYY-MM-DD ('' while
// incomplete or cleared), so it replaces <input type="date"> one for one.
import { useEffect, useState } from 'react';

export interface DateFieldProps {
  value: string;
  onChange(value: string): void;
  /** Accessible name of the group, e.g. 开始日期. */
  label: string;
  /** First and last year offered (default: 2015 to next year, always including the value's year). */
  fromYear?: number;
  toYear?: number;
  testId?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** YYYY-MM-DD → its parts, or blanks. */
export function partsOf(value: string): { y: string; m: string; d: string } {
  const r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return r ? { y: String(Number(r[1])), m: String(Number(r[2])), d: String(Number(r[3])) } : { y: '', m: '', d: '' };
}

/** The parts → YYYY-MM-DD ('' unless all three are set; the day is cut to the month's length). */
export function valueOf(p: { y: string; m: string; d: string }): string {
  if (!p.y || !p.m || !p.d) return '';
  const y = Number(p.y), m = Number(p.m);
  return `${y}-${pad(m)}-${pad(Math.min(Number(p.d), daysInMonth(y, m)))}`;
}

/** "2026年12月6日" (for text around the field). */
export const chineseDay = (value: string) => {
  const p = partsOf(value);
  return p.y ? `${p.y}年${p.m}月${p.d}日` : '';
};

export function DateField({ value, onChange, label, fromYear = 2015, toYear = new Date().getFullYear() + 1, testId }: DateFieldProps) {
  const [parts, setParts] = useState(() => partsOf(value));
  // A value set from outside (a preset, a reset) replaces what is being picked.
  useEffect(() => {
    if (value !== valueOf(parts)) setParts(partsOf(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const set = (k: 'y' | 'm' | 'd', v: string) => {
    const next = { ...parts, [k]: v };
    if (next.y && next.m && next.d && Number(next.d) > daysInMonth(Number(next.y), Number(next.m))) next.d = String(daysInMonth(Number(next.y), Number(next.m)));
    setParts(next);
    const out = valueOf(next);
    if (out !== value) onChange(out);
  };
  const own = parts.y ? Number(parts.y) : null;
  const years: number[] = [];
  for (let y = Math.min(fromYear, own ?? fromYear); y <= Math.max(toYear, own ?? toYear); y++) years.push(y);
  const days = parts.y && parts.m ? daysInMonth(Number(parts.y), Number(parts.m)) : 31;
  return (
    <span className="date-field" role="group" aria-label={label} data-testid={testId}>
      <select aria-label={`${label} 年`} value={parts.y} onChange={(e) => set('y', e.target.value)}>
        <option value="">—</option>
        {years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
      </select>年
      <select aria-label={`${label} 月`} value={parts.m} onChange={(e) => set('m', e.target.value)}>
        <option value="">—</option>
        {Array.from({ length: 12 }, (_, i) => <option key={i + 1} value={String(i + 1)}>{i + 1}</option>)}
      </select>月
      <select aria-label={`${label} 日`} value={parts.d} onChange={(e) => set('d', e.target.value)}>
        <option value="">—</option>
        {Array.from({ length: days }, (_, i) => <option key={i + 1} value={String(i + 1)}>{i + 1}</option>)}
      </select>日
    </span>
  );
}
