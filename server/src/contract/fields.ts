// The field types every request schema is built from: calendar days, times, ids, counts and text.
// One definition per kind of value, so each class of bad input (an impossible day, an id the int4
// column cannot hold, text PostgreSQL cannot store) is refused the same way on every route, with a
// message that names the allowed range. Shared with the client (forms validate with the same rules).
import { z } from 'zod';

// --- ranges ------------------------------------------------------------------------------------------

/** The largest id an int4 (`integer`/`serial`) column holds. */
export const INT4_MAX = 2_147_483_647;
/** Days and times: from this day … to today (Asia/Shanghai) + DAY_YEARS_AHEAD years. */
export const DAY_MIN = '2000-01-01';
export const DAY_YEARS_AHEAD = 5;
/** Record days that may lie further back (a mediator who joined the register before 2000). */
export const RECORD_DAY_MIN = '1950-01-01';
/** A statistics period spans at most this many months (per-month answers stay small). */
export const PERIOD_MAX_MONTHS = 120;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Asia/Shanghai (UTC+8, no daylight saving), YYYY-MM-DD. */
export const shanghaiToday = (now = Date.now()) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
/** The last day accepted: today + DAY_YEARS_AHEAD years (computed per request, so it moves with time). */
export const dayMax = (now = Date.now()) => `${Number(shanghaiToday(now).slice(0, 4)) + DAY_YEARS_AHEAD}${shanghaiToday(now).slice(4)}`.replace('-02-29', '-02-28');

/** True for a YYYY-MM-DD that names a real calendar day (no 2026-02-30). */
export function isCalendarDay(s: string): boolean {
  if (!DAY_PATTERN.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whole months touched by a period (2026-01-31 … 2026-02-01 is 2). */
export const monthsSpanned = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

// --- text ---------------------------------------------------------------------------------------------

/** A lone UTF-16 surrogate (JSON.parse accepts "\ud800"; PostgreSQL cannot store it) or a NUL. */
const UNSTORABLE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;
export const isStorableText = (s: string) => !UNSTORABLE.test(s);
export const unstorableMessage = (label: string) => `${label}含有无法保存的字符（NUL 控制字符或不成对的 UTF-16 代理项），请删除后重试`;

/** Any string of the input (keys too) that PostgreSQL could not store: its path, or null. */
export function findUnstorableText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [k, v] of Object.entries(value)) {
    const key: string | number = Array.isArray(value) ? Number(k) : k;
    if (!isStorableText(k)) return [...path, key];
    const found = findUnstorableText(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** A string the database can store: no NUL, no lone surrogate. Trimmed, at most `max` characters. */
export const storableString = (label: string, max: number) =>
  z.string({ error: `${label}必须是文字` }).trim().max(max, `${label}最多 ${max} 个字符`).refine(isStorableText, unstorableMessage(label));

/** Required text: trimmed, not empty, at most `max` characters, storable. */
export const text = (label: string, max: number) =>
  z.string({ error: `${label}必须是文字` }).trim().min(1, `请填写${label}`).max(max, `${label}最多 ${max} 个字符`).refine(isStorableText, unstorableMessage(label));

/** Optional text of a record: '' and null mean "none" (null). */
export const optText = (label: string, max: number) =>
  storableString(label, max).transform((s) => (s === '' ? null : s)).nullable();

/** A string of a fixed shape (codes, tokens): the pattern refuses anything else, NUL and surrogates included. */
export const pattern = (label: string, re: RegExp, message: string) => z.string({ error: `${label}必须是文字` }).trim().regex(re, message);

// --- days and times -----------------------------------------------------------------------------------

const dayRangeMessage = (label: string, min: string, now = Date.now()) =>
  `${label}应在 ${min} 至 ${dayMax(now)}（今天起 ${DAY_YEARS_AHEAD} 年内）之间`;

/** A calendar day YYYY-MM-DD that exists, within DAY_MIN (or `min`) … today + 5 years. */
export const day = (label = '日期', min = DAY_MIN) =>
  z.string({ error: `${label}应为 YYYY-MM-DD 格式的日期` }).superRefine((s, ctx) => {
    if (!DAY_PATTERN.test(s)) ctx.addIssue({ code: 'custom', message: `${label}格式应为 YYYY-MM-DD（收到 ${JSON.stringify(s.slice(0, 40))}）` });
    else if (!isCalendarDay(s)) ctx.addIssue({ code: 'custom', message: `${label} ${s} 不是有效日期` });
    else if (s < min || s > dayMax()) ctx.addIssue({ code: 'custom', message: `${dayRangeMessage(label, min)}，收到 ${s}` });
  });

/** A day of a record that may lie before 2000 (joined the register, status since). */
export const recordDay = (label = '日期') => day(label, RECORD_DAY_MIN);

/** An ISO 8601 time with its offset (2026-12-01T09:30:00+08:00), on a real day within the day range. */
export const dateTime = (label = '时间') =>
  z.string({ error: `${label}应为 ISO 8601 时间，例如 2026-12-01T09:30:00+08:00` }).superRefine((s, ctx) => {
    const parsed = z.iso.datetime({ offset: true }).safeParse(s);
    if (!parsed.success || !isCalendarDay(s.slice(0, 10))) {
      ctx.addIssue({ code: 'custom', message: `${label}格式应为 ISO 8601 且日期有效，例如 2026-12-01T09:30:00+08:00（收到 ${JSON.stringify(s.slice(0, 40))}）` });
      return;
    }
    const t = Date.parse(s);
    const localDay = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
    if (localDay < DAY_MIN || localDay > dayMax()) ctx.addIssue({ code: 'custom', message: `${dayRangeMessage(label, DAY_MIN)}，收到 ${s}` });
  });

// --- ids and counts -----------------------------------------------------------------------------------

const idMessage = (label: string) => `${label}应为 1 至 ${INT4_MAX} 的整数`;

/** An id in a JSON body: a positive integer an int4 column holds. */
export const id = (label = '编号') =>
  z.number({ error: idMessage(label) }).int(idMessage(label)).min(1, idMessage(label)).max(INT4_MAX, idMessage(label));

/** An id given as text (a path parameter, a query string): digits only, 1 … INT4_MAX. */
export const idText = (label = '编号') =>
  z.string({ error: idMessage(label) }).trim().regex(/^\d{1,10}$/, idMessage(label)).transform(Number)
    .refine((n) => n >= 1 && n <= INT4_MAX, idMessage(label));

/** `{ id }` of a path like /api/things/:id. */
export const idParam = (label = '编号') => z.object({ id: idText(label) });

/** Ids as a comma list (`?ids=1,2`): each an id, duplicates dropped, `min`…`max` of them. */
export const idList = (label: string, min: number, max: number) =>
  z.string({ error: `请提供${label}，如 1,2` }).trim()
    .regex(/^\d{1,10}(,\d{1,10})*$/, `${label}应为逗号分隔的编号，如 1,2`)
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .refine((a) => a.every((n) => n >= 1 && n <= INT4_MAX), `${label}中的每个编号应为 1 至 ${INT4_MAX} 的整数`)
    .refine((a) => a.length >= min && a.length <= max, `${label}应有 ${min} 至 ${max} 个`);

/** An integer in a JSON body (a version, a count, a limit) within [min, max] (max ≤ int4). */
export const int = (label: string, min: number, max: number) => {
  const m = `${label}应为 ${min} 至 ${max} 的整数`;
  return z.number({ error: m }).int(m).min(min, m).max(Math.min(max, INT4_MAX), m);
};

/** An integer given as text (page, page_size, days, year) within [min, max]. */
export const intText = (label: string, min: number, max: number) => {
  const m = `${label}应为 ${min} 至 ${max} 的整数`;
  return z.string({ error: m }).trim().regex(/^[-+]?\d{1,10}$/, m).transform(Number)
    .refine((n) => n >= min && n <= Math.min(max, INT4_MAX), m);
};

// --- query strings ------------------------------------------------------------------------------------

/** An empty query value (`?type=`) means "not given". */
export const blankAsMissing = <S extends z.ZodType>(s: S) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** page and page_size of a list, with their defaults. */
export const paging = (defaultSize: number, maxSize: number) => ({
  page: blankAsMissing(intText('页码 page', 1, 100_000)).transform((v) => v ?? 1),
  page_size: blankAsMissing(intText('每页条数 page_size', 1, maxSize)).transform((v) => v ?? defaultSize),
});

/** A period of calendar days (Asia/Shanghai, both ends included): `from`, `to`, each optional. */
export const periodFields = () => ({ from: blankAsMissing(day('起始日期 from')), to: blankAsMissing(day('结束日期 to')) });

type Period = { from?: string; to?: string };
/** The rules of a period: `from` ≤ `to`; with `maxMonths`, a span the per-month answers can afford. */
export function refinePeriod(p: Period, ctx: z.RefinementCtx, maxMonths?: number) {
  if (!p.from || !p.to) return;
  if (p.from > p.to) ctx.addIssue({ code: 'custom', path: ['from'], message: '起始日期不能晚于结束日期' });
  else if (maxMonths !== undefined && monthsSpanned(p.from, p.to) > maxMonths) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `统计期最长 ${maxMonths} 个月（${maxMonths / 12} 年），收到 ${p.from} 至 ${p.to}：请缩短统计期` });
  }
}
/** A statistics period (answers per month): at most PERIOD_MAX_MONTHS. */
export const refineStatsPeriod = (p: Period, ctx: z.RefinementCtx) => refinePeriod(p, ctx, PERIOD_MAX_MONTHS);
/** A list filter period: only the order of its ends. */
export const refineListPeriod = (p: Period, ctx: z.RefinementCtx) => refinePeriod(p, ctx);

/** Mobile 1xxxxxxxxxx, or a landline 0xxx-xxxxxxx (the hyphen optional), optionally with an extension. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
export const phone = z.string({ error: '联系电话必须是文字' }).trim().transform((s) => s.replace(/[\s()（）]/g, ''))
  .refine((s) => PHONE_PATTERN.test(s), '联系电话格式有误：手机 11 位，或固话“区号-号码”');
