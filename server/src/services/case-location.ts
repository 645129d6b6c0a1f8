// How precisely a case is located (contract/cases.ts LOCATION_PRECISIONS): a point, or only its village
// (an address the gazetteer matched to a village). A village-only case has no grid; its village, township
// and tribunal come from the village's code (not from where its representative point falls), and it is
// ranked by village (dispatch/preview.ts rankCase, dispatch/batch.ts). Setting the exact point later
// (POST /api/cases/:id/location, setCaseLocation) locates it again by the one locate rule and makes it
// point-located.
import type { Knex } from '../db/types.ts';
import type { LocationAnswer, LocationBody, LocationPrecision } from '../contract/cases.ts';
import { OPEN_CASE_STATUSES, type CaseStatus } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import { toWgs84 } from '../geo/coords.ts';
import { versionConflict } from './assignment.ts';
import { caseScope } from './case-scope.ts';
import { addEvent, findVisibleCase, type Auditor } from './cases.ts';
import { locatePoint } from './locate.ts';
import type { Actor } from './masking.ts';

type Db = Knex | Knex.Transaction;

/** The units a case is in: its grid (none when only the village is known), village, township, tribunal. */
export interface CaseUnits {
  precision: LocationPrecision;
  township: { code: string; name: string };
  village: { code: string; name: string };
  grid: { code: string; name: string } | null;
  tribunal: { id: number; name: string } | null;
}

/** The units of villages by code (one query); a code not in the district is missing from the map. */
export async function villageUnits(db: Db, codes: string[]): Promise<Map<string, CaseUnits>> {
  if (!codes.length) return new Map();
  const rows = (await db('villages as v').join('townships as t', 't.code', 'v.township_code').leftJoin('tribunals as tr', 'tr.id', 't.tribunal_id')
    .whereIn('v.code', [...new Set(codes)])
    .select('v.code as village_code', 'v.display_name as village_name', 't.code as township_code', 't.name as township_name', 'tr.id as tribunal_id', 'tr.name as tribunal_name')) as
    { village_code: string; village_name: string; township_code: string; township_name: string; tribunal_id: number | null; tribunal_name: string | null }[];
  return new Map(rows.map((r) => [r.village_code, {
    precision: 'village' as const,
    township: { code: r.township_code, name: r.township_name },
    village: { code: r.village_code, name: r.village_name },
    grid: null,
    tribunal: r.tribunal_id === null ? null : { id: r.tribunal_id, name: r.tribunal_name ?? '' },
  }]));
}

/**
 * Where a new case is: by village when its address matched only a village (`addressMatch.level`), else
 * by its point (the one locate rule). null: outside the district.
 */
export async function caseUnits(db: Db, lng: number, lat: number, addressMatch?: { level: string; code: string }): Promise<CaseUnits | null> {
  if (addressMatch?.level === 'village') return (await villageUnits(db, [addressMatch.code])).get(addressMatch.code) ?? null;
  const where = await locatePoint(db, lng, lat);
  if (where.outcome === 'outside_district') return null;
  return { precision: 'point', township: where.township, village: where.village, grid: where.grid, tribunal: where.tribunal };
}

/**
 * Sets an open case's exact point (the dispatcher's map click): located again by the one locate rule
 * (grid, village, township, tribunal), point-located from now on; at the version the dispatcher saw.
 * 404 outside the actor's reach; 404 outside_district; 403 outside_scope when the point is in another
 * tribunal's catchment; 409 on a stale version or a closed case.
 */
export async function setCaseLocation(knex: Knex, actor: Actor, id: number, b: LocationBody, opts: { days: number; auditor: Auditor }): Promise<LocationAnswer> {
  const system = b.coord_system ?? 'wgs84';
  const [lng, lat] = toWgs84(b.lng, b.lat, system);
  return knex.transaction(async (trx) => {
    const row = await findVisibleCase(trx, actor, id, opts.days);
    if (row.version !== b.version) throw versionConflict(id);
    if (!OPEN_CASE_STATUSES.includes(row.status as CaseStatus)) {
      throw new HttpError(409, 'invalid_transition', `案件已结束（${String(row.status)}），不能再修改位置`, { status: row.status });
    }
    const where = await locatePoint(trx, lng, lat);
    if (where.outcome === 'outside_district') {
      throw new HttpError(404, 'outside_district', `该位置（${lng}, ${lat}）不在浉河区范围内${system === 'wgs84' ? '；高德、腾讯地图的坐标请选择 GCJ-02 坐标系' : ''}`, { lng, lat, coord_system: system });
    }
    const scope = caseScope(actor);
    if (scope !== null && where.tribunal?.id !== scope) {
      throw new HttpError(403, 'outside_scope', `该位置属于${where.tribunal?.name ?? '其他法庭'}的辖区，不在您的辖区内`, { tribunal_id: where.tribunal?.id ?? null });
    }
    const [updated] = (await trx('cases').where({ id, version: b.version }).update({
      location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]), location_precision: 'point',
      township_code: where.township.code, village_code: where.village.code, grid_code: where.grid.code, tribunal_id: where.tribunal?.id ?? null,
      coord_system_in: system, input_lng: b.lng, input_lat: b.lat, version: trx.raw('version + 1'), updated_at: trx.fn.now(),
    }, ['id', 'version'])) as { id: number; version: number }[];
    if (!updated) throw versionConflict(id);
    const details = {
      from_precision: row.location_precision, grid_code: where.grid.code, previous_grid_code: row.grid_code ?? null,
      village_code: where.village.code, previous_village_code: row.village_code ?? null, coord_system: system,
    };
    await addEvent(trx, id, actor, 'located', { details });
    await opts.auditor(trx, 'case.locate', { type: 'case', id }, details);
    return {
      id, version: updated.version, location_precision: 'point', lng, lat, township_code: where.township.code, village_code: where.village.code,
      grid_code: where.grid.code, tribunal_id: where.tribunal?.id ?? null,
    };
  });
}
