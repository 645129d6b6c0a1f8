// Case numbers in the court's format (issue 18): （year）+ court code + type code + sequence + 号, e.g.
// （2026）豫1502民诉前调123号. A number is given inside the transaction that writes the case (createCase):
// the year's counter row is created or bumped by one statement that locks it until that transaction ends,
// so concurrent creations queue on it and get consecutive numbers, and a rollback gives the number back.
// The year is the Asia/Shanghai year of the app's clock (2026-12-31T16:30Z is already 2027).
import type { Knex } from '../db/types.ts';
import { HttpError } from '../errors.ts';

export interface Numbering {
  /** The court's code in case numbers (CASE_NUMBER_COURT, e.g. 豫1502). */
  court: string;
  /** The type code (CASE_NUMBER_TYPE, 民诉前调 for pre-litigation civil mediation). */
  type: string;
  /** The app's clock, epoch ms. */
  now: () => number;
}

export interface CaseNumber {
  case_number: string;
  case_number_year: number;
  case_number_seq: number;
}

/** The Asia/Shanghai calendar year of an instant (UTC+8, no daylight saving). */
export function shanghaiYear(ms: number): number {
  return new Date(ms + 8 * 3_600_000).getUTCFullYear();
}

export function formatCaseNumber(year: number, court: string, type: string, seq: number): string {
  return `（${year}）${court}${type}${seq}号`;
}

/** （2026）豫1502民诉前调123号 → its parts; half-width brackets are accepted (a typed or exported copy). */
export function parseCaseNumber(s: string): { year: number; court: string; type: string; seq: number } | null {
  const m = /^[（(](\d{4})[）)]([\u4e00-\u9fa5]\d{2,6})([\u4e00-\u9fa5]{1,8}?)(\d{1,7})号$/.exec(s.trim());
  if (!m) return null;
  return { year: Number(m[1]), court: m[2]!, type: m[3]!, seq: Number(m[4]) };
}

/** The next number of the current year, taken inside `trx` (its counter row stays locked until the end). */
export async function nextCaseNumber(trx: Knex.Transaction, n: Numbering): Promise<CaseNumber> {
  return (await takeNumbers(trx, 1, n))[0]!;
}

/**
 * The next `k` (≥ 1) consecutive numbers of the current year, taken by one bump of its counter inside `trx`
 * (the row stays locked until the transaction ends: no other transaction takes numbers meanwhile, and a
 * rollback gives them all back). The caller must write every one of them, in order, or roll back: a
 * number taken and not written is a gap in the court's register.
 */
export async function takeNumbers(trx: Knex.Transaction, k: number, n: Numbering): Promise<CaseNumber[]> {
  const year = shanghaiYear(n.now());
  const { rows } = await trx.raw(
    `INSERT INTO case_number_counters (year, "next") VALUES (?, ? + 1)
     ON CONFLICT (year) DO UPDATE SET "next" = case_number_counters."next" + ?
     RETURNING "next" - ? AS first`,
    [year, k, k, k],
  );
  const first = Number((rows as { first: number }[])[0]!.first);
  return Array.from({ length: k }, (_x, i) => ({ case_number: formatCaseNumber(year, n.court, n.type, first + i), case_number_year: year, case_number_seq: first + i }));
}

/** Numbers as parallel Postgres array literals (text[], int[], int[]) for an `unnest`; null: none for that case. */
export function numberArrays(ns: (CaseNumber | null)[]): { case_numbers: string; number_years: string; number_seqs: string } {
  // every text element quoted (the court's and type's codes come from the configuration)
  const text = (x: string) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return {
    case_numbers: `{${ns.map((x) => (x ? text(x.case_number) : 'NULL')).join(',')}}`,
    number_years: `{${ns.map((x) => (x ? String(x.case_number_year) : 'NULL')).join(',')}}`,
    number_seqs: `{${ns.map((x) => (x ? String(x.case_number_seq) : 'NULL')).join(',')}}`,
  };
}

/**
 * A number a case arrives with (an import from the platform): kept as given, in the normalised form.
 * 422 case_number_invalid when it is not in the court's format, 409 case_number_taken when a case has it.
 * The counter of its year is moved past it so no generated number can meet it later (any year, not only
 * the current one: a counter only ever moves forward, and a later year's counter is then right too).
 */
export async function reserveImportedNumber(trx: Knex.Transaction, number: string): Promise<CaseNumber> {
  const p = parseCaseNumber(number);
  if (!p) {
    throw new HttpError(422, 'case_number_invalid', `案号“${number}”不符合格式，应如（2026）豫1502民诉前调123号`, { case_number: number });
  }
  const normal = formatCaseNumber(p.year, p.court, p.type, p.seq);
  // The year's counter row is locked first: a concurrent import of the same year waits for this
  // transaction, then its check below sees this case (a clash is a 409, not a unique violation).
  await trx.raw(
    `INSERT INTO case_number_counters (year, "next") VALUES (?, ?)
     ON CONFLICT (year) DO UPDATE SET "next" = GREATEST(case_number_counters."next", EXCLUDED."next")`,
    [p.year, p.seq + 1],
  );
  const taken = await trx('cases').where({ case_number: normal }).first('id');
  if (taken) throw new HttpError(409, 'case_number_taken', `案号${normal}已被另一案件使用，同一案号不能重复登记`, { case_number: normal, case_id: taken.id });
  return { case_number: normal, case_number_year: p.year, case_number_seq: p.seq };
}

/**
 * Numbers the cases of `ids` that have none yet (a grid report or any pending case entering the court's
 * flow at its first assignment), oldest first, with consecutive numbers of the current year taken by one
 * bump of the counter inside `trx`. A case that has a number keeps it.
 */
export async function numberUnnumbered(trx: Knex.Transaction, ids: number[], n: Numbering): Promise<void> {
  if (!ids.length) return;
  const idList = `{${ids.join(',')}}`;
  const todo = ((await trx.raw(`SELECT id FROM cases WHERE id = ANY (CAST(? AS int[])) AND case_number IS NULL ORDER BY created_at, id`, [idList])).rows as { id: number }[]).map((r) => r.id);
  if (!todo.length) return;
  const a = numberArrays(await takeNumbers(trx, todo.length, n));
  await trx.raw(
    `UPDATE cases c SET case_number = x.case_number, case_number_year = x.y, case_number_seq = x.seq
     FROM unnest(CAST(? AS int[]), CAST(? AS text[]), CAST(? AS int[]), CAST(? AS int[])) AS x(id, case_number, y, seq)
     WHERE c.id = x.id`,
    [`{${todo.join(',')}}`, a.case_numbers, a.number_years, a.number_seqs],
  );
}

/**
 * Many numbers cases arrive with (a bulk intake), as reserveImportedNumber does for one, in two
 * statements: every year's counter moved past its highest number (locked until the transaction ends),
 * then one check of all of them; 422 case_number_invalid / 409 case_number_taken name every bad number.
 */
export async function reserveImportedNumbers(trx: Knex.Transaction, numbers: string[]): Promise<CaseNumber[]> {
  const parsed = numbers.map((s) => ({ s, p: parseCaseNumber(s) }));
  const invalid = parsed.filter((x) => !x.p).map((x) => x.s);
  if (invalid.length) {
    throw new HttpError(422, 'case_number_invalid', `案号“${invalid.slice(0, 5).join('、')}”不符合格式，应如（2026）豫1502民诉前调123号`, { case_numbers: invalid });
  }
  const out = parsed.map(({ p }) => ({ case_number: formatCaseNumber(p!.year, p!.court, p!.type, p!.seq), case_number_year: p!.year, case_number_seq: p!.seq }));
  if (!out.length) return out;
  const top = new Map<number, number>();
  for (const n of out) top.set(n.case_number_year, Math.max(top.get(n.case_number_year) ?? 0, n.case_number_seq + 1));
  // Years in order: two intakes lock the counter rows in the same order, so they queue, never deadlock.
  const years = [...top.entries()].sort((a, b) => a[0] - b[0]);
  await trx.raw(
    `INSERT INTO case_number_counters (year, "next")
     SELECT y, n FROM unnest(CAST(? AS int[]), CAST(? AS int[])) AS x(y, n) ORDER BY y
     ON CONFLICT (year) DO UPDATE SET "next" = GREATEST(case_number_counters."next", EXCLUDED."next")`,
    [`{${years.map((y) => y[0]).join(',')}}`, `{${years.map((y) => y[1]).join(',')}}`],
  );
  const taken = (await trx('cases').whereIn('case_number', out.map((n) => n.case_number)).select('id', 'case_number')) as { id: number; case_number: string }[];
  if (taken.length) {
    throw new HttpError(409, 'case_number_taken', `案号${taken.slice(0, 5).map((t) => t.case_number).join('、')}已被另一案件使用，同一案号不能重复登记`,
      { case_numbers: taken.map((t) => t.case_number), case_ids: taken.map((t) => t.id) });
  }
  return out;
}
