// The commit of a bulk intake: ONE transaction takes the upload (locked, then deleted, so it commits
// once), checks every row again against the database as it is now (preview.ts checkUpload), and
// creates every chosen row's case or none: any chosen row not ready (invalid, uncertain, not found,
// duplicate) is 422 intake_rejected listing the rows, and the transaction rolls back, leaving the upload
// and the database as they were. Case numbers the rows carry are kept (case-numbers.ts
// reserveImportedNumbers); a row without one gets the next numbers of the year.
import type { Knex } from '../../db/types.ts';
import type { IntakeCommitAnswer, IntakeCommitBody } from '../../contract/intake.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';
import { numberUnnumbered, reserveImportedNumbers, type Numbering } from '../case-numbers.ts';
import { afterDispatchCommit } from '../dispatch/preview.ts';
import type { Actor } from '../masking.ts';
import { rememberMapping } from './mapping.ts';
import { checkUpload, loadUpload, type Checked } from './preview.ts';

/** Rows per statement (the JSON of one parameter; parties and events are inserted in the same slices). */
const CHUNK = 2000;

export interface IntakeAuditor {
  /** One `case.create` per case, as a typed case has, in the commit's transaction. */
  cases(trx: Knex.Transaction, items: { id: number; details: Record<string, unknown> }[]): Promise<void>;
  /** The commit itself (success, in the transaction) or its refusal (failure, after the rollback). */
  commit(trx: Knex.Transaction | null, outcome: 'success' | 'failure', details: Record<string, unknown>): Promise<void>;
}

export async function commitIntake(knex: Knex, actor: Actor, id: string, body: IntakeCommitBody, numbering: Numbering, auditor: IntakeAuditor): Promise<IntakeCommitAnswer> {
  let answer: IntakeCommitAnswer;
  try {
    answer = await knex.transaction(async (trx) => {
      const u = await loadUpload(trx, actor, id, { lock: true });
      let { rows } = await checkUpload(trx, actor, u, numbering.now(), new Set(body.exclude ?? []));
      if (body.exclude_problem_rows) {
        // Leaving the problem rows out may clear a duplicate (its original was left out): check again.
        const problemRows = new Set(rows.filter((r) => r.answer.outcome !== 'ok' && r.answer.outcome !== 'excluded').map((r) => r.answer.row));
        ({ rows } = await checkUpload(trx, actor, u, numbering.now(), new Set([...(body.exclude ?? []), ...problemRows])));
        rows = rows.filter((r) => r.answer.outcome === 'ok' || r.answer.outcome === 'excluded');
      }
      const chosen = rows.filter((r) => r.answer.outcome !== 'excluded');
      const bad = chosen.filter((r) => r.answer.outcome !== 'ok');
      if (bad.length) {
        throw new HttpError(422, 'intake_rejected', `导入未执行：有 ${bad.length} 行尚未就绪（有错误、位置待确认或未找到、疑似重复）。请逐行修正，或明确排除这些行后再提交（数据库未作任何改动）`, {
          rows: bad.map((r) => ({ row: r.answer.row, outcome: r.answer.outcome, problems: r.answer.problems })),
        });
      }
      if (!chosen.length) throw new HttpError(422, 'intake_empty', '没有要导入的行（全部已排除）：未导入任何案件', { rows: [] });
      const ids = await insertCases(trx, actor, id, chosen, numbering);
      await auditor.cases(trx, chosen.map(({ draft: d, located: l }, i) => ({
        id: ids[i]!, details: { dispute_type: d.dispute_type, source: d.source, grid_code: l.location.grid_code, coord_system: l.coord_system_in, parties: d.parties.length, intake_id: id, row: d.row },
      })));
      const numbers = (await trx('cases').whereIn('id', [ids[0]!, ids.at(-1)!]).orderBy('id').pluck('case_number')) as string[];
      await trx('intake_uploads').where({ id }).delete();
      await rememberMapping(trx, u.headers, u.mapping, actor.id);
      const excluded = rows.length - chosen.length;
      await auditor.commit(trx, 'success', { intake_id: id, file_name: u.file_name, created: ids.length, excluded, first_id: ids[0], last_id: ids.at(-1) });
      return { created: ids.length, excluded, case_ids: ids, case_numbers: { first: numbers[0] ?? null, last: numbers.at(-1) ?? null } };
    });
  } catch (e) {
    if (e instanceof HttpError && e.code === 'intake_rejected') {
      await auditor.commit(null, 'failure', { intake_id: id, rows: (e.details as { rows: unknown[] }).rows.length });
    }
    throw e;
  }
  await afterDispatchCommit(knex);
  return answer;
}

async function insertCases(trx: Knex.Transaction, actor: Actor, intakeId: string, chosen: Checked[], numbering: Numbering): Promise<number[]> {
  const given = chosen.filter((r) => r.draft.case_number !== null);
  const reserved = new Map((await reserveImportedNumbers(trx, given.map((r) => r.draft.case_number!))).map((n) => [n.case_number, n]));
  // Ids first, from the sequence: parties, events and audit rows then name their case without relying on RETURNING order.
  const ids = ((await trx.raw(`SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id FROM generate_series(1, ?)`, [chosen.length])).rows as { id: number }[]).map((r) => r.id);
  for (let i = 0; i < chosen.length; i += CHUNK) {
    const part = chosen.slice(i, i + CHUNK);
    await runSql(trx, 'intake-insert-cases', {
      rows: JSON.stringify(part.map(({ draft: d, located: l }, j) => {
        const n = d.case_number ? reserved.get(d.case_number)! : null;
        return {
          id: ids[i + j], case_number: n?.case_number ?? null, case_number_year: n?.case_number_year ?? null, case_number_seq: n?.case_number_seq ?? null,
          title: d.title, dispute_type: d.dispute_type, description: d.description, source: d.source, lng: l.location.lng, lat: l.location.lat,
          township_code: l.township_code, village_code: l.village_code, grid_code: l.location.grid_code, location_precision: l.location.precision, tribunal_id: l.location.tribunal_id,
          address: d.address, coord_system_in: l.coord_system_in, input_lng: l.input?.lng ?? null, input_lat: l.input?.lat ?? null, registered_on: d.registered_on,
        };
      })),
      created_by: actor.id, intake_id: intakeId,
    });
    await runSql(trx, 'intake-insert-parties', {
      rows: JSON.stringify(part.flatMap(({ draft: d }, j) => d.parties.map((p, k) => ({
        case_id: ids[i + j], position: k + 1, role: p.role, name: p.name, phone: p.phone, id_number: p.id_number,
      })))),
    });
  }
  // A row without a number enters the court's flow now: the next numbers of the year, in row order.
  await numberUnnumbered(trx, ids.filter((_x, i) => chosen[i]!.draft.case_number === null), numbering);
  const numberOf = new Map(((await trx('cases').whereIn('id', ids).select('id', 'case_number')) as { id: number; case_number: string }[]).map((r) => [r.id, r.case_number]));
  for (let i = 0; i < chosen.length; i += CHUNK) {
    const part = chosen.slice(i, i + CHUNK);
    await runSql(trx, 'intake-insert-events', {
      rows: JSON.stringify(part.map(({ draft: d, located: l }, j) => ({
        case_id: ids[i + j],
        details: { case_number: numberOf.get(ids[i + j]!), coord_system: l.coord_system_in, address: d.address, grid_code: l.location.grid_code, location_precision: l.location.precision, case_source: d.source, intake_id: intakeId, row: d.row },
      }))),
      actor_id: actor.id, actor_name: actor.username,
    });
  }
  return ids;
}
