// Legal publicity (法治宣传): events on the map, the register of schools and enterprises, and the
// quarterly compliance of schools (every school at least once a quarter, quarters in Asia/Shanghai).
import type { Knex } from '../../db/types.ts';
import { PUBLICITY_KINDS, type PublicityBody, type PublicityKind, type PublicityPatch } from '../../contract/assessment.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';

type Db = Knex | Knex.Transaction;

/** A day alone means 00:00 Beijing time of that day. */
export const eventInstant = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);

function eventQuery(db: Db) {
  return db('publicity_events as e')
    .leftJoin('townships as tw', 'tw.code', 'e.township_code')
    .leftJoin('schools as s', 's.id', 'e.school_id')
    .leftJoin('enterprises as en', 'en.id', 'e.enterprise_id')
    .select(
      'e.id', 'e.kind', 'e.held_at', 'e.title', 'e.place', 'e.township_code', 'tw.name as township_name', 'e.audience', 'e.department',
      'e.school_id', 's.name as school_name', 'e.enterprise_id', 'en.name as enterprise_name', 'e.is_demo',
      db.raw('ST_X(e.location) AS lng'), db.raw('ST_Y(e.location) AS lat'),
    );
}

const toEvent = (r: Record<string, unknown>) => ({
  ...r, id: r.id as number, held_at: new Date(r.held_at as string).toISOString(), kind_label: PUBLICITY_KINDS[r.kind as PublicityKind],
}) as Record<string, unknown> & { id: number; held_at: string; kind_label: string };

export async function listEvents(knex: Knex, q: { from?: string; to?: string; kind?: PublicityKind; township?: string; page: number; page_size: number }) {
  const where = (b: Knex.QueryBuilder) => {
    if (q.from) b.where('e.held_at', '>=', `${q.from}T00:00:00+08:00`);
    if (q.to) b.whereRaw(`e.held_at < CAST(? AS timestamptz) + interval '1 day'`, [`${q.to}T00:00:00+08:00`]);
    if (q.kind) b.where('e.kind', q.kind);
    if (q.township) b.where('e.township_code', q.township);
    return b;
  };
  const [{ n }] = (await where(knex('publicity_events as e').count({ n: '*' }))) as [{ n: number | string }];
  const rows = await where(eventQuery(knex)).orderBy([{ column: 'e.held_at', order: 'desc' }, { column: 'e.id', order: 'desc' }])
    .limit(q.page_size).offset((q.page - 1) * q.page_size);
  return { total: Number(n), items: rows.map(toEvent) };
}

export async function getEvent(db: Db, id: number) {
  const row = await eventQuery(db).where('e.id', id).first();
  if (!row) throw new HttpError(404, 'event_not_found', `没有编号为 ${id} 的宣传活动`);
  return toEvent(row);
}

async function placeOf(db: Db, b: PublicityBody): Promise<{ lng: number; lat: number } | null> {
  if (b.school_id) {
    const s = await db('schools').where({ id: b.school_id }).first(db.raw('ST_X(location) AS lng, ST_Y(location) AS lat'));
    if (!s) throw new HttpError(422, 'unknown_school', `没有编号为 ${b.school_id} 的学校`, { school_id: b.school_id });
    if (b.lng === undefined && s.lng !== null) return { lng: s.lng, lat: s.lat };
  }
  if (b.enterprise_id) {
    const e = await db('enterprises').where({ id: b.enterprise_id }).first(db.raw('ST_X(location) AS lng, ST_Y(location) AS lat'));
    if (!e) throw new HttpError(422, 'unknown_enterprise', `没有编号为 ${b.enterprise_id} 的企业`, { enterprise_id: b.enterprise_id });
    if (b.lng === undefined && !b.school_id && e.lng !== null) return { lng: e.lng, lat: e.lat };
  }
  return b.lng !== undefined && b.lat !== undefined ? { lng: b.lng, lat: b.lat } : null;
}

export async function createEvent(trx: Knex.Transaction, b: PublicityBody, userId: number) {
  const at = await placeOf(trx, b);
  let township: string | null = null;
  if (at) {
    const hit = (await trx.raw(
      `SELECT code FROM townships WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code LIMIT 1`, [at.lng, at.lat],
    )).rows[0] as { code: string } | undefined;
    if (!hit) throw new HttpError(404, 'outside_district', `该位置（${at.lng}, ${at.lat}）不在浉河区范围内`, at);
    township = hit.code;
  }
  const [row] = await trx('publicity_events').insert({
    kind: b.kind, held_at: eventInstant(b.held_at), title: b.title, place: b.place ?? null, audience: b.audience, department: b.department,
    school_id: b.school_id ?? null, enterprise_id: b.enterprise_id ?? null, township_code: township, created_by: userId,
    location: at ? trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [at.lng, at.lat]) : null,
  }).returning('id');
  return getEvent(trx, (row as { id: number }).id);
}

export async function updateEvent(trx: Knex.Transaction, id: number, b: PublicityPatch) {
  await getEvent(trx, id);
  await trx('publicity_events').where({ id }).update({ ...b, ...(b.held_at ? { held_at: eventInstant(b.held_at) } : {}) });
  return getEvent(trx, id);
}

export async function deleteEvent(trx: Knex.Transaction, id: number) {
  await getEvent(trx, id);
  await trx('publicity_events').where({ id }).delete();
  return { id, deleted: true };
}

// The register itself (list, create, edit): register.ts.

export interface ComplianceUnit {
  unit: 'school' | 'enterprise';
  id: number;
  name: string;
  kind: string;
  township_code: string | null;
  township_name: string | null;
  is_demo: boolean;
  events: number;
  last_event: string | null;
  lng: number | null;
  lat: number | null;
}

/** Schools' events in [from, to) (a quarter) and above-size enterprises' in [yearFrom, to). */
export async function compliance(knex: Db, q: { from: string; to: string; yearFrom: string; year: number; quarter: number }) {
  const rows = await runSql<ComplianceUnit>(knex, 'assessment-compliance', { quarter_from: q.from, quarter_to: q.to, year_from: q.yearFrom });
  const fix = (r: ComplianceUnit) => ({ ...r, last_event: r.last_event ? new Date(r.last_event).toISOString() : null });
  const schools = rows.filter((r) => r.unit === 'school').map(fix);
  const enterprises = rows.filter((r) => r.unit === 'enterprise').map(fix);
  const share = (xs: ComplianceUnit[]) => (xs.length === 0 ? null : Math.round((xs.filter((x) => x.events > 0).length / xs.length) * 10000) / 10000);
  return {
    year: q.year, quarter: q.quarter, from: q.from, to: q.to,
    schools_total: schools.length, schools_without_event: schools.filter((s) => s.events === 0).length, schools_share: share(schools),
    enterprises_total: enterprises.length, enterprises_without_event: enterprises.filter((s) => s.events === 0).length, enterprises_share: share(enterprises),
    schools, enterprises,
  };
}
