// The register of schools and enterprises (学校、企业名录) that legal publicity is counted against:
// create and edit (user-entered rows are never demo), each with a point inside the district; the
// township and village come from the point unless given, and a given village fixes its township.
// Also the guidance requests of a period, for naming their judge (only those of cases the reader may
// reach, services/case-scope.ts; case titles as the reader may see them, services/case-view.ts).
import type { Knex } from '../../db/types.ts';
import { GUIDANCE_MODES, type GuidanceMode } from '../../contract/cases.ts';
import type { EnterpriseBody, EnterprisePatch, GuidanceListQuery, SchoolBody, SchoolPatch } from '../../contract/assessment.ts';
import { HttpError } from '../../errors.ts';
import { whereReachable } from '../case-scope.ts';
import { viewRow, type Rules } from '../case-view.ts';
import type { Actor } from '../masking.ts';

type Db = Knex | Knex.Transaction;
type Unit = 'schools' | 'enterprises';
const LABEL: Record<Unit, string> = { schools: '学校', enterprises: '企业' };

/** Township and village of a register row: checked against each other and against the point. */
async function placeUnit(trx: Knex.Transaction, b: { lng: number; lat: number; township_code?: string | null; village_code?: string | null }) {
  const at = (await trx.raw(
    `SELECT v.code AS village_code, v.township_code
       FROM villages v WHERE ST_Intersects(v.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY v.code LIMIT 1`, [b.lng, b.lat],
  )).rows[0] as { village_code: string; township_code: string } | undefined;
  const inTownship = at ? null : ((await trx.raw(
    `SELECT code FROM townships WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code LIMIT 1`, [b.lng, b.lat],
  )).rows[0] as { code: string } | undefined);
  if (!at && !inTownship) {
    throw new HttpError(422, 'outside_district', `位置（${b.lng}, ${b.lat}）不在浉河区范围内，请在区内选点`, { lng: b.lng, lat: b.lat });
  }
  let township = b.township_code ?? null;
  let village = b.village_code ?? null;
  if (village) {
    const v = await trx('villages').where({ code: village }).first('code', 'township_code');
    if (!v) throw new HttpError(422, 'unknown_village', `村（社区）编码 ${village} 不存在`, { village_code: village });
    if (township && township !== v.township_code) {
      throw new HttpError(422, 'village_not_in_township', `村（社区）${village} 不属于乡镇（街道）${township}`, { village_code: village, township_code: township });
    }
    township = v.township_code as string;
  } else if (township) {
    if (!(await trx('townships').where({ code: township }).first('code'))) {
      throw new HttpError(422, 'unknown_township', `乡镇（街道）编码 ${township} 不存在`, { township_code: township });
    }
  } else {
    township = at?.township_code ?? inTownship!.code;
    village = at?.village_code ?? null;
  }
  return { township_code: township, village_code: village };
}

function unitQuery(db: Db, table: Unit) {
  const cols = table === 'schools' ? ['u.kind'] : ['u.industry', 'u.above_size'];
  return db(`${table} as u`).leftJoin('townships as tw', 'tw.code', 'u.township_code').leftJoin('villages as v', 'v.code', 'u.village_code')
    .select('u.id', 'u.name', ...cols, 'u.township_code', 'tw.name as township_name', 'u.village_code', 'v.name as village_name', 'u.is_demo',
      db.raw('ST_X(u.location) AS lng'), db.raw('ST_Y(u.location) AS lat'));
}

export function listUnits(db: Db, table: Unit) {
  return unitQuery(db, table).orderBy('u.id').then((items) => ({ items }));
}

async function getUnit(db: Db, table: Unit, id: number) {
  const row = await unitQuery(db, table).where('u.id', id).first();
  if (!row) throw new HttpError(404, table === 'schools' ? 'school_not_found' : 'enterprise_not_found', `没有编号为 ${id} 的${LABEL[table]}`);
  return row as Record<string, unknown> & { id: number };
}

const point = (trx: Knex.Transaction, b: { lng: number; lat: number }) => trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [b.lng, b.lat]);

export async function createUnit(trx: Knex.Transaction, table: 'schools', b: SchoolBody): Promise<Record<string, unknown> & { id: number }>;
export async function createUnit(trx: Knex.Transaction, table: 'enterprises', b: EnterpriseBody): Promise<Record<string, unknown> & { id: number }>;
export async function createUnit(trx: Knex.Transaction, table: Unit, b: SchoolBody | EnterpriseBody) {
  const place = await placeUnit(trx, b);
  const own = 'kind' in b ? { kind: b.kind } : { industry: b.industry ?? null, above_size: b.above_size ?? false };
  const [row] = await trx(table).insert({ name: b.name, ...own, ...place, location: point(trx, b), is_demo: false }).returning('id');
  return getUnit(trx, table, (row as { id: number }).id);
}

export async function updateUnit(trx: Knex.Transaction, table: Unit, id: number, b: SchoolPatch | EnterprisePatch) {
  const cur = await getUnit(trx, table, id);
  const { lng, lat, township_code, village_code, ...own } = b;
  const moved = lng !== undefined && lat !== undefined;
  const areaGiven = township_code !== undefined || village_code !== undefined;
  const update: Record<string, unknown> = { ...own };
  if (moved || areaGiven) {
    // The place is re-derived as a whole: a new point without areas takes the point's township and village.
    const at = moved ? { lng: lng!, lat: lat! } : { lng: cur.lng as number, lat: cur.lat as number };
    const area = areaGiven
      ? { township_code: township_code !== undefined ? township_code : village_code ? null : (cur.township_code as string | null), village_code: village_code ?? null }
      : {};
    Object.assign(update, await placeUnit(trx, { ...at, ...area }));
    if (moved) update.location = point(trx, at);
  }
  if (Object.keys(update).length) await trx(table).where({ id }).update(update);
  return getUnit(trx, table, id);
}

interface GuidanceRow {
  id: number; case_id: number; case_title: string; mode: string; mode_label: string;
  requested_at: string; held_at: string | null; judge_id: number | null; judge_name: string | null;
}
/** What a reader without party access sees of a guidance row: the case title masked. */
const GUIDANCE_ROW_RULES: Rules<GuidanceRow> = {
  id: 'keep', case_id: 'keep', case_title: 'text', mode: 'keep', mode_label: 'keep', requested_at: 'keep', held_at: 'keep', judge_id: 'keep', judge_name: 'keep',
};

export async function listGuidance(knex: Knex, actor: Actor, q: GuidanceListQuery) {
  const base = whereReachable(knex('guidance_requests as g').join('cases as c', 'c.id', 'g.case_id'), actor);
  if (q.from) base.where('g.requested_at', '>=', `${q.from}T00:00:00+08:00`);
  if (q.to) base.whereRaw(`g.requested_at < CAST(? AS timestamptz) + interval '1 day'`, [`${q.to}T00:00:00+08:00`]);
  if (q.unassigned) base.whereNull('g.judge_id');
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows = await base.clone().leftJoin('judges as j', 'j.id', 'g.judge_id')
    .orderBy([{ column: 'g.requested_at', order: 'desc' }, { column: 'g.id', order: 'desc' }]).limit(q.page_size).offset((q.page - 1) * q.page_size)
    .select('g.id', 'g.case_id', 'c.title as case_title', 'g.mode', 'g.requested_at', 'g.held_at', 'g.judge_id', 'j.name as judge_name',
      'c.tribunal_id', 'c.mediator_id');
  return {
    total: Number(n),
    items: rows.map(({ tribunal_id, mediator_id, ...r }: Record<string, unknown>) => viewRow<GuidanceRow>(actor, { tribunal_id: tribunal_id as number | null, mediator_id: mediator_id as number | null }, {
      ...(r as Omit<GuidanceRow, 'mode_label' | 'requested_at' | 'held_at'>), mode_label: GUIDANCE_MODES[r.mode as GuidanceMode] ?? (r.mode as string),
      requested_at: new Date(r.requested_at as string).toISOString(), held_at: r.held_at ? new Date(r.held_at as string).toISOString() : null,
    }, GUIDANCE_ROW_RULES)),
  };
}
