// Import of mediators and organisations: preview, then an all-or-nothing commit.
//   preview: read the file, validate every row, store the rows as read under a random token
//     (import_previews, valid IMPORT_PREVIEW_MINUTES), answer every problem by row and column.
//   commit: in ONE transaction take the preview (deleting it, so it commits once), validate the same
//     rows again against the database as it is now, and write all of them or none (any problem: 422
//     import_rejected with the problems, and the transaction rolls back, leaving the preview in place).
import crypto from 'node:crypto';
import type { Knex } from '../../db/types.ts';
import { newWorkbook } from '../excel.ts';
import {
  IMPORT_COLUMNS, IMPORT_PREVIEW_MINUTES, type ImportCommitAnswer, type ImportKind, type ImportPreview, type ImportProblem,
} from '../../contract/registry.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';
import { today } from './common.ts';
import { fileKind, type RawRow, type ReadResult } from './import-read.ts';
import type { UploadLimits } from '../uploads/limits.ts';
import { readUpload } from '../uploads/run.ts';
import { validateMediators, validateOrganisations, type MediatorRecord, type OrganisationRecord } from './import-validate.ts';

const SAMPLE_ROWS = 20;
/** Rows per INSERT statement: big enough to be fast, small enough for one parameter. */
const CHUNK = 5000;

export interface Uploaded {
  name: string;
  mime?: string;
  buffer: Buffer;
}

async function validate(db: Knex | Knex.Transaction, kind: ImportKind, rows: RawRow[]) {
  return kind === 'mediators' ? validateMediators(db, rows, today()) : validateOrganisations(db, rows, today());
}

function sampleOf(kind: ImportKind, records: (MediatorRecord | OrganisationRecord)[]): Record<string, unknown>[] {
  return records.slice(0, SAMPLE_ROWS).map((r) => {
    if (kind === 'mediators') {
      const m = r as MediatorRecord;
      return { ...m, areas: undefined, service_areas: m.areas.map((a) => a.name), service_area_codes: m.areas.map((a) => a.code) };
    }
    return { ...r };
  });
}

export async function previewImport(knex: Knex, userId: number, kind: ImportKind, file: Uploaded, limits: UploadLimits): Promise<ImportPreview> {
  fileKind(file.name, file.mime); // an unsupported type is refused before a worker is started
  // The file is read in a worker thread under the upload limits; the rows come back.
  const read = await readUpload<ReadResult>({ task: 'registry', name: file.name, data: file.buffer, kind, mime: file.mime }, limits);
  const checked = read.problems.length ? { records: [], problems: [] } : await validate(knex, kind, read.rows);
  const problems: ImportProblem[] = [...read.problems, ...checked.problems];
  if (!read.problems.length && read.rows.length === 0) {
    problems.push({ row: 0, column: null, code: 'missing_value', message: '文件中没有数据行（表头下方为空）' });
  }
  const token = crypto.randomUUID();
  const expires = new Date(Date.now() + IMPORT_PREVIEW_MINUTES * 60_000);
  // Expired previews of anyone go first: the table holds only what can still be committed.
  await knex('import_previews').where('expires_at', '<', new Date()).delete();
  await knex('import_previews').insert({
    token, kind, user_id: userId, file_name: file.name.slice(0, 200), row_count: read.rows.length,
    problem_count: problems.length, rows: JSON.stringify(read.rows), expires_at: expires,
  });
  const badRows = new Set(problems.map((p) => p.row));
  return {
    token, kind, file_name: file.name, row_count: read.rows.length,
    valid_rows: read.problems.length ? 0 : read.rows.filter((r) => !badRows.has(r.row)).length,
    problem_count: problems.length, problems, sample: sampleOf(kind, checked.records),
    expires_at: expires.toISOString(), committable: problems.length === 0 && read.rows.length > 0,
  };
}

async function insertMediators(trx: Knex.Transaction, records: MediatorRecord[], token: string): Promise<number[]> {
  if (!records.length) return [];
  // Ids first, from the sequence: the service areas then name their mediator without relying on RETURNING order.
  const ids = ((await trx.raw(`SELECT nextval(pg_get_serial_sequence('mediators', 'id'))::int AS id FROM generate_series(1, ?)`, [records.length])).rows as { id: number }[]).map((r) => r.id);
  for (let i = 0; i < records.length; i += CHUNK) {
    const part = records.slice(i, i + CHUNK);
    await runSql(trx, 'registry-insert-mediators', {
      rows: JSON.stringify(part.map((r, j) => ({
        id: ids[i + j], name: r.name, kind: r.kind, work_unit: r.work_unit, position: r.position, phone: r.phone,
        organisation_id: r.organisation_id, tribunal_id: r.tribunal_id, lng: r.lng, lat: r.lat, location_source: r.location_source,
        specialties: r.specialties, capacity: r.capacity, status: r.status, status_since: r.status_since, withdrawn_on: r.withdrawn_on,
        is_liaison: r.is_liaison, note: r.note,
      }))),
      imported_from: token, is_demo: false,
    });
    await runSql(trx, 'registry-insert-service-areas', {
      rows: JSON.stringify(part.flatMap((r, j) => r.areas.map((a) => ({
        mediator_id: ids[i + j], level: a.level, code: a.code, township_code: a.township_code, village_code: a.village_code,
      })))),
    });
  }
  return ids;
}

async function insertOrganisations(trx: Knex.Transaction, records: OrganisationRecord[], token: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < records.length; i += CHUNK) {
    const rows = await runSql<{ id: number }>(trx, 'registry-insert-organisations', {
      rows: JSON.stringify(records.slice(i, i + CHUNK).map(({ row: _r, ...o }) => o)), imported_from: token, is_demo: false,
    });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export type ImportAuditor = (trx: Knex.Transaction | null, outcome: 'success' | 'failure', details: Record<string, unknown>) => Promise<void>;

export async function commitImport(knex: Knex, userId: number, token: string, onDone: ImportAuditor, opts: { onlyValid?: boolean } = {}): Promise<ImportCommitAnswer> {
  try {
    return await knex.transaction(async (trx) => {
      const [p] = await trx('import_previews').where({ token }).delete().returning(['kind', 'user_id', 'rows', 'expires_at', 'file_name']);
      if (!p || p.user_id !== userId) {
        throw new HttpError(404, 'preview_not_found', '没有这个导入预览（可能已提交、已过期，或不是您上传的），请重新上传文件');
      }
      if (new Date(p.expires_at) < new Date()) throw new HttpError(410, 'preview_expired', `导入预览已超过 ${IMPORT_PREVIEW_MINUTES} 分钟，请重新上传文件`);
      const kind = p.kind as ImportKind;
      const rows = (typeof p.rows === 'string' ? JSON.parse(p.rows) : p.rows) as RawRow[];
      if (!rows.length) throw new HttpError(422, 'import_rejected', '文件中没有数据行，未导入任何记录', { problems: [] });
      const checked = await validate(trx, kind, rows);
      // "Import the valid rows" (an explicit choice): the rows without a problem, all of them or none.
      const skipped = new Set(checked.problems.map((x) => x.row)).size;
      const partial = opts.onlyValid && checked.records.length > 0 && !checked.problems.some((x) => x.row === 0);
      if (checked.problems.length && !partial) {
        throw new HttpError(422, 'import_rejected', `导入未执行：有 ${checked.problems.length} 处问题，请修改文件后重新上传（数据库未作任何改动）`, { problems: checked.problems });
      }
      const ids = kind === 'mediators'
        ? await insertMediators(trx, checked.records as MediatorRecord[], token)
        : await insertOrganisations(trx, checked.records as OrganisationRecord[], token);
      const left = checked.problems.length ? skipped : 0;
      await onDone(trx, 'success', { kind, token, file_name: p.file_name, inserted: ids.length, skipped: left, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null });
      return { kind, inserted: ids.length, skipped: left, ids: { first: ids[0] ?? null, last: ids.at(-1) ?? null } };
    });
  } catch (e) {
    if (e instanceof HttpError && e.code === 'import_rejected') {
      const problems = (e.details as { problems: ImportProblem[] }).problems;
      await onDone(null, 'failure', { token, problem_count: problems.length });
    }
    throw e;
  }
}

/** Removes what one import created (tests, and an admin undoing a mistaken import of people who handled no case). */
export async function undoImport(knex: Knex, token: string): Promise<{ mediators: number; organisations: number }> {
  return knex.transaction(async (trx) => {
    const m = await trx('mediators').where({ imported_from: token }).whereNotExists(trx('cases').whereRaw('cases.mediator_id = mediators.id')).delete();
    const o = await trx('organisations').where({ imported_from: token }).whereNotExists(trx('mediators').whereRaw('mediators.organisation_id = organisations.id')).delete();
    return { mediators: Number(m), organisations: Number(o) };
  });
}

/**
 * The problem list of a preview as .xlsx (issue 17): the original rows that have problems, as read, with a
 * 问题 column saying every problem of the row, so the file can be fixed and imported again.
 */
export async function problemWorkbook(knex: Knex, userId: number, token: string): Promise<{ file: Buffer; name: string }> {
  const p = await knex('import_previews').where({ token }).first('kind', 'user_id', 'rows', 'file_name', 'expires_at');
  if (!p || p.user_id !== userId || new Date(p.expires_at) < new Date()) {
    throw new HttpError(404, 'preview_not_found', '没有这个导入预览（可能已提交、已过期，或不是您上传的），请重新上传文件');
  }
  const kind = p.kind as ImportKind;
  const rows = (typeof p.rows === 'string' ? JSON.parse(p.rows) : p.rows) as RawRow[];
  const { problems } = await validate(knex, kind, rows);
  const byRow = new Map<number, string[]>();
  for (const x of problems) byRow.set(x.row, [...(byRow.get(x.row) ?? []), `${x.column ? `【${x.column}】` : ''}${x.message}`]);
  const cols = IMPORT_COLUMNS[kind];
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ header: '原行号', width: 8 }, ...cols.map((c) => ({ header: c.header, width: c.width })), { header: '问题', width: 60 }];
  ws.getRow(1).font = { bold: true };
  if (byRow.has(0)) ws.addRow([0, ...cols.map(() => ''), byRow.get(0)!.join('；')]);
  for (const r of rows) {
    const msgs = byRow.get(r.row);
    if (msgs) ws.addRow([r.row, ...cols.map((c) => r.cells[c.field] ?? ''), msgs.join('；')]);
  }
  const base = String(p.file_name ?? '导入文件').replace(/\.(xlsx|csv)$/i, '');
  return { file: Buffer.from(await wb.xlsx.writeBuffer()), name: `${base}-问题清单.xlsx` };
}
