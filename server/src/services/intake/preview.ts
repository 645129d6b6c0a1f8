// Bulk intake (issue 18 item 2), up to the commit: the upload is read in a worker thread (the registry
// import's reader, services/registry/import-read.ts readTable), stored as read in intake_uploads with the
// proposed column mapping; every preview reads the rows again through the mapping and the dispatcher's
// fixes (rows.ts), locates them (locate-rows.ts), flags duplicates (in the file and against the cases)
// and says each row's outcome with all its problems. The commit (commit.ts) runs the same preview
// inside its transaction.
import crypto from 'node:crypto';
import type { Knex } from '../../db/types.ts';
import {
  INTAKE_FIELDS, INTAKE_MINUTES, ROW_OUTCOMES, type IntakeMapping, type IntakePreview, type IntakeProblem, type IntakeRow, type RowOutcome,
} from '../../contract/intake.ts';
import { shanghaiToday } from '../../contract/fields.ts';
import { HttpError } from '../../errors.ts';
import { caseScope } from '../case-scope.ts';
import { maskIdNumber, maskPhone, type Actor } from '../masking.ts';
import { fileKind, type TableRow } from '../registry/import-read.ts';
import type { UploadLimits } from '../uploads/limits.ts';
import { readUpload } from '../uploads/run.ts';
import { causeLookup } from './causes.ts';
import { locateRows, type Located } from './locate-rows.ts';
import { fitMapping, proposeMapping, rememberMapping } from './mapping.ts';
import { readRow, type Draft, type RowFix } from './rows.ts';

type Db = Knex | Knex.Transaction;

export interface Upload {
  id: string;
  user_id: number;
  file_name: string;
  headers: string[];
  rows: TableRow[];
  mapping: IntakeMapping;
  mapping_source: IntakePreview['mapping_source'];
  fixes: Record<string, RowFix>;
  expires_at: Date;
}

/** A row as the commit needs it (the answer masks the parties; this keeps them as read). */
export interface Checked { draft: Draft; located: Located; answer: IntakeRow }

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const notFound = () => new HttpError(404, 'intake_not_found', '没有这个导入（可能已提交、已过期，或不是您上传的），请重新上传文件');

export async function loadUpload(db: Db, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<Upload> {
  const q = db('intake_uploads').where({ id }).first('id', 'user_id', 'file_name', 'headers', 'rows', 'mapping', 'fixes', 'expires_at');
  const r = await (opts.lock ? q.forUpdate() : q);
  if (!r || r.user_id !== actor.id) throw notFound();
  if (new Date(r.expires_at) < new Date()) throw new HttpError(410, 'intake_expired', `这次导入已超过 ${INTAKE_MINUTES} 分钟，请重新上传文件`);
  const m = json<{ mapping: IntakeMapping; source: IntakePreview['mapping_source'] }>(r.mapping);
  return {
    id: r.id, user_id: r.user_id, file_name: r.file_name, headers: json(r.headers), rows: json(r.rows), mapping: m.mapping, mapping_source: m.source,
    fixes: json(r.fixes), expires_at: new Date(r.expires_at),
  };
}

export interface Uploaded { name: string; mime?: string; buffer: Buffer }

export async function uploadIntake(knex: Knex, actor: Actor, file: Uploaded, limits: UploadLimits, now: number): Promise<IntakePreview> {
  fileKind(file.name, file.mime); // an unsupported type is refused before a worker is started
  const read = await readUpload<{ headers: string[]; rows: TableRow[] }>({ task: 'table', name: file.name, data: file.buffer, mime: file.mime }, limits);
  if (!read.headers.length) throw new HttpError(400, 'no_header', '文件的前 5 行中没有表头（至少两个非空单元格的一行）：请检查文件');
  const { mapping, source } = await proposeMapping(knex, read.headers);
  const id = crypto.randomUUID();
  // Expired uploads of anyone go first: the table holds only what can still be committed.
  await knex('intake_uploads').where('expires_at', '<', new Date()).delete();
  await knex('intake_uploads').insert({
    id, user_id: actor.id, file_name: file.name.slice(0, 200), headers: JSON.stringify(read.headers), rows: JSON.stringify(read.rows),
    mapping: JSON.stringify({ mapping, source }), fixes: '{}', row_count: read.rows.length, expires_at: new Date(Date.now() + INTAKE_MINUTES * 60_000),
  });
  return (await checkUpload(knex, actor, await loadUpload(knex, actor, id), now)).preview;
}

/** Uses `mapping` for this upload from now on, and remembers it for files with the same headers. */
export async function setMapping(knex: Knex, actor: Actor, id: string, mapping: IntakeMapping, now: number): Promise<IntakePreview> {
  const u = await loadUpload(knex, actor, id);
  const fitted = fitMapping(mapping, u.headers);
  await knex('intake_uploads').where({ id }).update({ mapping: JSON.stringify({ mapping: fitted, source: 'set' }) });
  await rememberMapping(knex, u.headers, fitted, actor.id);
  return (await checkUpload(knex, actor, { ...u, mapping: fitted, mapping_source: 'set' }, now)).preview;
}

/** The dispatcher's fix of one row (a point, a picked place, a type, excluded or not); `null` removes a fix. */
export async function fixRow(knex: Knex, actor: Actor, id: string, row: number, body: RowFix, now: number): Promise<IntakePreview> {
  const u = await loadUpload(knex, actor, id);
  if (!u.rows.some((r) => r.row === row)) throw new HttpError(404, 'intake_row_not_found', `文件中没有第 ${row} 行（行号以 Excel 中的行号为准）`, { row });
  const fix: RowFix = { ...(u.fixes[row] ?? {}) };
  if (body.point !== undefined) { fix.point = body.point; if (body.point) fix.place_code = null; }
  if (body.place_code !== undefined) { fix.place_code = body.place_code; if (body.place_code) fix.point = null; }
  if (body.dispute_type !== undefined) fix.dispute_type = body.dispute_type;
  if (body.excluded !== undefined) fix.excluded = body.excluded;
  const fixes = { ...u.fixes, [row]: fix };
  await knex('intake_uploads').where({ id }).update({ fixes: JSON.stringify(fixes) });
  return (await checkUpload(knex, actor, { ...u, fixes }, now)).preview;
}

export async function getPreview(knex: Knex, actor: Actor, id: string, now: number): Promise<IntakePreview> {
  return (await checkUpload(knex, actor, await loadUpload(knex, actor, id), now)).preview;
}

const partiesKey = (d: Draft) => (d.registered_on && d.parties.length ? `${d.parties.map((p) => p.name).sort().join('|')}@${d.registered_on}` : null);

function outcomeOf(excluded: boolean, problems: IntakeProblem[], located: Located): RowOutcome {
  if (excluded) return 'excluded';
  const codes = new Set(problems.map((p) => p.code));
  if (['missing_value', 'invalid_value', 'cause_unmapped', 'outside_scope'].some((c) => codes.has(c as IntakeProblem['code']))) return 'invalid';
  if (codes.has('duplicate_number') || codes.has('duplicate_parties')) return 'duplicate';
  if (located.location.status === 'not_found') return 'not_found';
  if (located.location.status === 'uncertain') return 'uncertain';
  return 'ok';
}

/**
 * Every row of the upload read, located and checked. `alsoExcluded`: rows the commit leaves out (they
 * count neither as duplicates' originals nor as rows to save).
 */
export async function checkUpload(db: Db, actor: Actor, u: Upload, now: number, alsoExcluded: ReadonlySet<number> = new Set()): Promise<{ preview: IntakePreview; rows: Checked[] }> {
  const fileProblems: IntakeProblem[] = [];
  for (const [f, def] of Object.entries(INTAKE_FIELDS)) {
    if (def.required && typeof u.mapping[f as keyof typeof INTAKE_FIELDS] !== 'number') {
      fileProblems.push({ field: f as keyof typeof INTAKE_FIELDS, code: 'missing_value', message: `请为“${def.label}”指定文件中的一列` });
    }
  }
  if (!u.rows.length) fileProblems.push({ field: 'row', code: 'missing_value', message: '文件中没有数据行（表头下方为空）' });
  if (typeof u.mapping.address !== 'number' && (typeof u.mapping.lng !== 'number' || typeof u.mapping.lat !== 'number')) {
    fileProblems.push({ field: 'address', code: 'missing_value', message: '请为“地址”或“经度”“纬度”指定文件中的列（否则每一行都要在地图上点选）' });
  }
  const today = shanghaiToday(now);
  const causeType = await causeLookup(db);
  const drafts = u.rows.map((r) => readRow(r, u.mapping, causeType, u.fixes[r.row] ?? {}, today));
  const located = await locateRows(db, drafts, u.fixes, caseScope(actor));
  const excluded = drafts.map((d) => Boolean(u.fixes[d.row]?.excluded) || alsoExcluded.has(d.row));

  // Duplicates: a later row of the file against the first row (not excluded) with the same number or
  // the same parties on the same day; any row against the cases already registered.
  const dup: (IntakeRow['duplicate_of'])[] = drafts.map(() => null);
  const dupProblems: IntakeProblem[][] = drafts.map(() => []);
  const firstByNumber = new Map<string, number>();
  const firstByParties = new Map<string, number>();
  drafts.forEach((d, i) => {
    if (excluded[i]) return;
    if (d.case_number) {
      const j = firstByNumber.get(d.case_number);
      if (j !== undefined) {
        dup[i] = { row: drafts[j]!.row, case_id: null, case_number: d.case_number, by: 'case_number' };
        dupProblems[i]!.push({ field: 'case_number', code: 'duplicate_number', message: `案号${d.case_number}与第 ${drafts[j]!.row} 行相同` });
      } else firstByNumber.set(d.case_number, i);
    }
    const k = partiesKey(d);
    if (k) {
      const j = firstByParties.get(k);
      if (j !== undefined) {
        dup[i] ??= { row: drafts[j]!.row, case_id: null, case_number: drafts[j]!.case_number, by: 'parties_date' };
        dupProblems[i]!.push({ field: 'parties', code: 'duplicate_parties', message: `当事人和登记日期（${d.registered_on}）与第 ${drafts[j]!.row} 行相同` });
      } else firstByParties.set(k, i);
    }
  });
  const numbers = [...firstByNumber.keys()];
  // A case the reader does not reach is named without its id (its existence is all they learn).
  const scope = caseScope(actor);
  const shown = (id: number, tribunal: number | null) => (scope === null || tribunal === scope ? id : null);
  const taken = new Map<string, number | null>();
  for (let i = 0; i < numbers.length; i += 5000) {
    for (const r of (await db('cases').whereIn('case_number', numbers.slice(i, i + 5000)).select('id', 'case_number', 'tribunal_id')) as { id: number; case_number: string; tribunal_id: number | null }[]) {
      taken.set(r.case_number, shown(r.id, r.tribunal_id));
    }
  }
  const days = [...new Set(drafts.map((d) => d.registered_on).filter((x): x is string => x !== null))];
  const existing = new Map<string, { id: number | null; case_number: string | null }>();
  if (days.length) {
    const { rows } = await db.raw(
      `SELECT c.id, c.case_number, c.tribunal_id, to_char(coalesce(c.registered_on, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date), 'YYYY-MM-DD') AS day,
              array_agg(p.name) AS names
       FROM cases c JOIN case_parties p ON p.case_id = c.id
       WHERE coalesce(c.registered_on, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date) = ANY (CAST(? AS date[]))
       GROUP BY c.id`,
      [`{${days.join(',')}}`],
    );
    for (const r of rows as { id: number; case_number: string | null; tribunal_id: number | null; day: string; names: string[] | string }[]) {
      const names = typeof r.names === 'string' ? r.names.replace(/^\{|\}$/g, '').split(',').map((s) => s.replace(/^"|"$/g, '')) : r.names;
      existing.set(`${[...names].sort().join('|')}@${r.day}`, { id: shown(r.id, r.tribunal_id), case_number: r.case_number });
    }
  }
  drafts.forEach((d, i) => {
    if (excluded[i]) return;
    const id = d.case_number ? taken.get(d.case_number) : undefined;
    if (id !== undefined) {
      dup[i] = { row: null, case_id: id, case_number: d.case_number, by: 'case_number' };
      dupProblems[i]!.push({ field: 'case_number', code: 'duplicate_number', message: `案号${d.case_number}已登记（${id === null ? '其他辖区的案件' : `案件 #${id}`}），同一案号不能重复登记` });
    }
    const k = partiesKey(d);
    const e = k ? existing.get(k) : undefined;
    if (e) {
      dup[i] ??= { row: null, case_id: e.id, case_number: e.case_number, by: 'parties_date' };
      dupProblems[i]!.push({ field: 'parties', code: 'duplicate_parties', message: `当事人和登记日期（${d.registered_on}）与已登记的${e.id === null ? '其他辖区案件' : `案件 #${e.id}`}${e.case_number ? `（${e.case_number}）` : ''}相同` });
    }
  });

  const counts = Object.fromEntries(Object.keys(ROW_OUTCOMES).map((k) => [k, 0])) as Record<RowOutcome, number>;
  const rows: Checked[] = drafts.map((d, i) => {
    const l = located[i]!;
    const problems = [...d.problems, ...l.problems, ...dupProblems[i]!];
    const outcome = outcomeOf(excluded[i]!, problems, l);
    counts[outcome]++;
    const answer: IntakeRow = {
      row: d.row, outcome, excluded: excluded[i]!, case_number: d.case_number, cause: d.cause, dispute_type: d.dispute_type, type_from: d.type_from,
      title: d.title,
      // Shown as a typed case's parties in a list: phones masked, ID numbers never in full (masking.ts).
      parties: d.parties.map((p) => ({ ...p, phone: maskPhone(p.phone), id_number: maskIdNumber(p.id_number) })),
      address: d.address, registered_on: d.registered_on, source: d.source, location: l.location, duplicate_of: dup[i]!, problems,
    };
    return { draft: d, located: l, answer };
  });
  return {
    preview: {
      id: u.id, file_name: u.file_name, headers: u.headers, mapping: u.mapping, mapping_source: u.mapping_source, file_problems: fileProblems,
      row_count: u.rows.length, counts, rows: rows.map((r) => r.answer), expires_at: u.expires_at.toISOString(),
    },
    rows,
  };
}
