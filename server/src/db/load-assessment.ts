// The assessment demo data (issue 7): judges, their guidance of demo cases, training sessions and
// attendance, schools, enterprises and publicity events. Called by loadDistrict inside its transaction,
// after the registry and the cases (their string ids are mapped to the loaded integer ids).
// A data folder without these files (an older build) loads without them.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { dateMover, type DateMover } from './demo-dates.ts';

type Json = Record<string, unknown>;
type IdOf = (id: unknown) => number | null;

const point = (expr: string) => `CASE WHEN ${expr} IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint((${expr}->>0)::float8, (${expr}->>1)::float8), 4326) END`;

function readIf(dir: string, file: string): Json[] | null {
  const p = path.join(dir, file);
  return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Json[]) : null;
}

/** string id → integer id in file order (the same build always loads to the same ids). */
function numbering(rows: Json[]): IdOf {
  const m = new Map<unknown, number>();
  rows.forEach((r, i) => m.set(r.id, i + 1));
  return (id) => (id === null || id === undefined ? null : (m.get(id) ?? null));
}

export async function loadAssessment(trx: Knex.Transaction, dir: string, ids: { tribunal: IdOf; mediator: IdOf; case: IdOf }, move: DateMover = dateMover(0)): Promise<Record<string, number>> {
  const judges = readIf(dir, 'judges.json');
  if (!judges) return {};
  const guidance = move.rows(readIf(dir, 'guidance.json') ?? [], ['requested_at', 'held_at']);
  const training = move.rows(readIf(dir, 'training.json') ?? [], [], ['held_on']);
  const schools = readIf(dir, 'schools.json') ?? [];
  const enterprises = readIf(dir, 'enterprises.json') ?? [];
  const publicity = move.rows(readIf(dir, 'publicity.json') ?? [], ['held_at']);
  const judgeId = numbering(judges);
  const sessionId = numbering(training);
  const schoolId = numbering(schools);
  const enterpriseId = numbering(enterprises);
  const insert = (sql: string, rows: unknown[]) => trx.raw(sql, [JSON.stringify(rows)]);

  await insert(
    `INSERT INTO judges (id, name, tribunal_id, department, is_demo)
     SELECT r.id, r.name, r.tribunal_id, r.department, true FROM jsonb_to_recordset(?::jsonb) AS r(id int, name text, tribunal_id int, department text)`,
    judges.map((j) => ({ ...j, id: judgeId(j.id), tribunal_id: ids.tribunal(j.tribunal_id) })),
  );
  await insert(
    `INSERT INTO guidance_requests (case_id, mode, requested_at, note, held_at, outcome, judge_id)
     SELECT r.case_id, r.mode, r.requested_at, r.note, r.held_at, r.outcome, r.judge_id
     FROM jsonb_to_recordset(?::jsonb) AS r(case_id int, mode text, requested_at timestamptz, note text, held_at timestamptz, outcome text, judge_id int)`,
    guidance.map((g) => ({ ...g, case_id: ids.case(g.case_id), judge_id: judgeId(g.judge_id) })),
  );
  await insert(
    `INSERT INTO training_sessions (id, held_on, topic, hours, organiser, place, audience, township_code, is_demo)
     SELECT r.id, r.held_on, r.topic, r.hours, r.organiser, r.place, r.audience, r.township_code, true
     FROM jsonb_to_recordset(?::jsonb) AS r(id int, held_on date, topic text, hours numeric, organiser text, place text, audience text, township_code text)`,
    training.map((s) => ({ ...s, id: sessionId(s.id) })),
  );
  const attendance = training.flatMap((s) => [
    ...(s.mediator_ids as string[]).map((m) => ({ session_id: sessionId(s.id), mediator_id: ids.mediator(m), name: null, village_code: null, position: null })),
    ...(s.others as Json[]).map((o) => ({ session_id: sessionId(s.id), mediator_id: null, ...o })),
  ]);
  await insert(
    `INSERT INTO training_attendance (session_id, mediator_id, name, village_code, position)
     SELECT r.session_id, r.mediator_id, r.name, r.village_code, r.position
     FROM jsonb_to_recordset(?::jsonb) AS r(session_id int, mediator_id int, name text, village_code text, position text)`,
    attendance,
  );
  await insert(
    `INSERT INTO schools (id, name, kind, township_code, village_code, location, is_demo)
     SELECT r.id, r.name, r.kind, r.township_code, r.village_code, ${point('r.location')}, true
     FROM jsonb_to_recordset(?::jsonb) AS r(id int, name text, kind text, township_code text, village_code text, location jsonb)`,
    schools.map((s) => ({ ...s, id: schoolId(s.id) })),
  );
  await insert(
    `INSERT INTO enterprises (id, name, industry, above_size, township_code, location, is_demo)
     SELECT r.id, r.name, r.industry, r.above_size, r.township_code, ${point('r.location')}, true
     FROM jsonb_to_recordset(?::jsonb) AS r(id int, name text, industry text, above_size boolean, township_code text, location jsonb)`,
    enterprises.map((e) => ({ ...e, id: enterpriseId(e.id) })),
  );
  await insert(
    `INSERT INTO publicity_events (kind, held_at, title, place, location, township_code, audience, department, school_id, enterprise_id, is_demo)
     SELECT r.kind, r.held_at, r.title, r.place, ${point('r.location')}, r.township_code, r.audience, r.department, r.school_id, r.enterprise_id, true
     FROM jsonb_to_recordset(?::jsonb) AS r(kind text, held_at timestamptz, title text, place text, location jsonb, township_code text,
          audience int, department text, school_id int, enterprise_id int)`,
    publicity.map((e) => ({ ...e, school_id: schoolId(e.school_id), enterprise_id: enterpriseId(e.enterprise_id) })),
  );
  for (const table of ['judges', 'training_sessions', 'schools', 'enterprises']) {
    await trx.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
  }
  return {
    judges: judges.length, guidance_requests: guidance.length, training_sessions: training.length, training_attendance: attendance.length,
    schools: schools.length, enterprises: enterprises.length, publicity_events: publicity.length,
  };
}
