// Training (培训): sessions, their attendance, and who among the active mediators (village committee
// members: the registry's 村(社区)干部) has had no training in a year. Writes run in the caller's
// transaction (the route audits in the same one).
import type { Knex } from '../../db/types.ts';
import type { AttendanceBody, TrainingSessionBody, TrainingSessionPatch } from '../../contract/assessment.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';

type Db = Knex | Knex.Transaction;

const SESSION_COLUMNS = [
  's.id', 's.topic', 's.hours', 's.organiser', 's.place', 's.audience', 's.township_code', 'tw.name as township_name', 's.is_demo',
];

function sessionQuery(db: Db) {
  return db('training_sessions as s')
    .leftJoin('townships as tw', 'tw.code', 's.township_code')
    .select(
      ...SESSION_COLUMNS,
      db.raw(`to_char(s.held_on, 'YYYY-MM-DD') AS held_on`),
      db.raw('(SELECT count(*)::int FROM training_attendance a WHERE a.session_id = s.id) AS attendees'),
    );
}

const toSession = (r: Record<string, unknown>) => ({ ...r, id: r.id as number, hours: Number(r.hours) }) as Record<string, unknown> & { id: number; hours: number };

export async function listSessions(knex: Knex, q: { from?: string; to?: string; page: number; page_size: number }) {
  const base = knex('training_sessions as s').where((w) => {
    if (q.from) w.where('s.held_on', '>=', q.from);
    if (q.to) w.where('s.held_on', '<=', q.to);
  });
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows = await sessionQuery(knex).whereIn('s.id', base.clone().select('s.id'))
    .orderBy([{ column: 's.held_on', order: 'desc' }, { column: 's.id', order: 'desc' }])
    .limit(q.page_size).offset((q.page - 1) * q.page_size);
  return { total: Number(n), items: rows.map(toSession) };
}

export async function getSession(db: Db, id: number) {
  const row = await sessionQuery(db).where('s.id', id).first();
  if (!row) throw new HttpError(404, 'session_not_found', `没有编号为 ${id} 的培训记录`);
  const attendees = await db('training_attendance as a')
    .leftJoin('mediators as m', 'm.id', 'a.mediator_id')
    .leftJoin('villages as v', 'v.code', 'a.village_code')
    .where('a.session_id', id).orderBy('a.id')
    .select('a.id', 'a.mediator_id', db.raw('coalesce(m.name, a.name) AS name'), 'm.kind', 'a.village_code', 'v.display_name as village_name', 'a.position');
  return { ...toSession(row), attendance: attendees };
}

async function checkTownship(db: Db, code: string | null | undefined) {
  if (!code) return;
  if (!(await db('townships').where({ code }).first('code'))) throw new HttpError(422, 'unknown_township', `没有代码为 ${code} 的乡镇(街道)`, { township_code: code });
}

export async function createSession(trx: Knex.Transaction, b: TrainingSessionBody, userId: number) {
  await checkTownship(trx, b.township_code);
  const [row] = await trx('training_sessions').insert({ ...b, township_code: b.township_code ?? null, created_by: userId }).returning('id');
  return getSession(trx, (row as { id: number }).id);
}

export async function updateSession(trx: Knex.Transaction, id: number, b: TrainingSessionPatch) {
  await getSession(trx, id);
  await checkTownship(trx, b.township_code);
  await trx('training_sessions').where({ id }).update(b);
  return getSession(trx, id);
}

export async function deleteSession(trx: Knex.Transaction, id: number) {
  const s = await getSession(trx, id);
  await trx('training_sessions').where({ id }).delete(); // attendance goes with it (ON DELETE CASCADE)
  return { id, deleted: true, attendees: s.attendance.length };
}

export async function setAttendance(trx: Knex.Transaction, id: number, b: AttendanceBody) {
  await getSession(trx, id);
  if (b.mediator_ids.length) {
    const found = new Set((await trx('mediators').whereIn('id', b.mediator_ids).select('id')).map((r: { id: number }) => r.id));
    const missing = b.mediator_ids.filter((m) => !found.has(m));
    if (missing.length) throw new HttpError(422, 'unknown_mediator', `没有这些编号的调解员：${missing.slice(0, 10).join('、')}`, { mediator_ids: missing });
  }
  const codes = [...new Set(b.others.map((o) => o.village_code).filter((c): c is string => !!c))];
  if (codes.length) {
    const found = new Set((await trx('villages').whereIn('code', codes).select('code')).map((r: { code: string }) => r.code));
    const missing = codes.filter((c) => !found.has(c));
    if (missing.length) throw new HttpError(422, 'unknown_village', `没有这些代码的村(社区)：${missing.join('、')}`, { village_codes: missing });
  }
  await trx('training_attendance').where({ session_id: id }).delete();
  const rows = [
    ...b.mediator_ids.map((m) => ({ session_id: id, mediator_id: m })),
    ...b.others.map((o) => ({ session_id: id, name: o.name, village_code: o.village_code ?? null, position: o.position ?? null })),
  ];
  if (rows.length) await trx('training_attendance').insert(rows);
  return getSession(trx, id);
}

export interface UntrainedTownship {
  code: string | null;
  name: string;
  active: number;
  cadres_active: number;
  untrained: number;
  cadres_untrained: number;
  people: { id: number; name: string; kind: string; village: string | null; organisation: string | null }[];
}

/** Active mediators with no attendance in [yearFrom, yearTo] (days), per township. */
export async function untrained(knex: Db, q: { yearFrom: string; yearTo: string; township?: string }) {
  const townships = await runSql<UntrainedTownship>(knex, 'assessment-untrained', { year_from: q.yearFrom, year_to: q.yearTo, township: q.township ?? null });
  const sum = (k: 'active' | 'untrained' | 'cadres_active' | 'cadres_untrained') => townships.reduce((s, t) => s + t[k], 0);
  return {
    from: q.yearFrom, to: q.yearTo,
    totals: { active: sum('active'), untrained: sum('untrained'), cadres_active: sum('cadres_active'), cadres_untrained: sum('cadres_untrained') },
    townships,
  };
}
