// Loads the generated district (data/build/) into an empty database, in one transaction: either the
// whole district is there afterwards, or nothing is. Rows go in as one JSON parameter per table
// (jsonb_to_recordset), which is far faster than row-by-row inserts, on PGlite especially.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { fromTable, type Table } from '../contract/table.ts';
import { loadAssessment } from './load-assessment.ts';
import { dateMover, shiftDays } from './demo-dates.ts';

type Json = Record<string, unknown>;
type Feature = { geometry: unknown; properties: Json };

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
}

function features(dir: string, file: string): Json[] {
  const fc = readJson<{ features: Feature[] }>(dir, file);
  return fc.features.map((f) => ({ ...f.properties, geom: f.geometry }));
}

const point = (expr: string) => `CASE WHEN ${expr} IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint((${expr}->>0)::float8, (${expr}->>1)::float8), 4326) END`;
const multi = (expr: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${expr}::text), 4326))`;

/** The township code of a village (12 digits) or grid (15 digits) code. */
export const townshipOf = (code: string) => `${code.slice(0, 9)}000`;
export const villageOf = (gridCode: string) => gridCode.slice(0, 12);

/** string-or-number id → integer id (numbers kept; strings numbered in file order). */
function idMap(rows: Json[]): (id: unknown) => number | null {
  const map = new Map<unknown, number>();
  rows.forEach((r, i) => map.set(r.id, typeof r.id === 'number' ? r.id : i + 1));
  return (id) => (id === null || id === undefined ? null : (map.get(id) ?? null));
}

export interface LoadReport {
  loaded: boolean;
  dataset?: string;
  counts?: Record<string, number>;
}

export async function isDistrictLoaded(knex: Knex): Promise<boolean> {
  const row = await knex('dataset_info').where({ key: 'district' }).first();
  return Boolean(row);
}

/**
 * `anchor`: the day the demo data should end on (its dates move by whole days, demo-dates.ts); left out,
 * the dates stay as built. Real (non-demo) data is never moved.
 */
export async function loadDistrict(knex: Knex, dir: string, opts: { anchor?: string } = {}): Promise<LoadReport> {
  if (await isDistrictLoaded(knex)) return { loaded: false };
  const built = readJson<Json>(dir, 'meta.json');
  const builtAnchor = typeof built.anchor_date === 'string' ? built.anchor_date : undefined;
  const move = dateMover(builtAnchor && built.dataset === 'shihe-demo' ? shiftDays(builtAnchor, opts.anchor) : 0);
  const meta: Json = move.days === 0 ? built : { ...built, anchor_date: opts.anchor, built_anchor_date: builtAnchor, shifted_days: move.days };
  const district = features(dir, 'district.geojson');
  const townships = features(dir, 'townships.geojson');
  const villages = features(dir, 'villages.geojson');
  const grids = features(dir, 'grids.geojson');
  const tribunals = readJson<Json[]>(dir, 'tribunals.json');
  const organisations = readJson<Json[]>(dir, 'organisations.json');
  const mediators = move.rows(readJson<Json[]>(dir, 'mediators.json'), [], ['status_since']);
  const cases = move.rows(fromTable<Json>(readJson<Table>(dir, 'cases.json')), ['created_at', 'assigned_at', 'closed_at']);

  // The data files name rows by string ids ("med-0001"); the database keys are integers, given in
  // file order so the same build always loads to the same ids.
  const tribunalId = idMap(tribunals);
  const organisationId = idMap(organisations);
  const mediatorId = idMap(mediators);
  const caseId = idMap(cases);
  const tribunalOf = new Map<string, number>();
  for (const t of tribunals) for (const code of t.catchment as string[]) tribunalOf.set(code, tribunalId(t.id)!);
  const withIds = <T extends Json>(rows: T[], own: (id: unknown) => number | null) =>
    rows.map((r) => ({
      ...r,
      id: own(r.id),
      tribunal_id: tribunalId(r.tribunal_id),
      organisation_id: organisationId(r.organisation_id),
      mediator_id: mediatorId(r.mediator_id),
    }));
  const serviceAreas = mediators.flatMap((m) =>
    (m.service_areas as { level: string; code: string }[]).map((sa) => ({
      mediator_id: mediatorId(m.id),
      level: sa.level,
      code: sa.code,
      township_code: sa.level === 'district' ? null : townshipOf(sa.code),
      village_code: sa.level === 'village' ? sa.code : sa.level === 'grid' ? villageOf(sa.code) : null,
    })),
  );

  let assessmentCounts: Record<string, number> = {};
  await knex.transaction(async (trx) => {
    const insert = (sql: string, rows: unknown[]) => trx.raw(sql, [JSON.stringify(rows)]);
    await insert(
      `INSERT INTO tribunals (id, name, name_is_real, seat, seat_source, is_demo)
       SELECT r.id, r.name, r.name_is_real, ${point('r.seat')}, coalesce(r.seat_source, 'schematic'), true
       FROM jsonb_to_recordset(?::jsonb) AS r(id int, name text, name_is_real boolean, seat jsonb, seat_source text)`,
      tribunals.map((t) => ({ ...t, id: tribunalId(t.id) })),
    );
    await insert(
      `INSERT INTO district (code, name, population, geometry_source, geom)
       SELECT r.code, r.name, r.population, r.geometry_source, ${multi('r.geom')}
       FROM jsonb_to_recordset(?::jsonb) AS r(code text, name text, population int, geometry_source text, geom jsonb)`,
      district,
    );
    await insert(
      `INSERT INTO townships (code, name, type, parent_code, population_est, tribunal_id, seat, seat_source, geometry_source, geom, area_km2)
       SELECT r.code, r.name, r.type, r.parent_code, r.population_est, r.tribunal_id, ${point('r.seat')}, r.seat_source,
              r.geometry_source, ${multi('r.geom')}, ST_Area(${multi('r.geom')}::geography) / 1e6
       FROM jsonb_to_recordset(?::jsonb) AS r(code text, name text, type text, parent_code text, population_est int,
            tribunal_id int, seat jsonb, seat_source text, geometry_source text, geom jsonb, area_km2 float8)`,
      townships.map((t) => ({ ...t, tribunal_id: tribunalOf.get(t.code as string) ?? null })),
    );
    await insert(
      `INSERT INTO villages (code, township_code, name, display_name, type, urban_rural_code, population_est, point, point_source, geometry_source, geom, area_km2)
       SELECT r.code, r.parent_code, r.name, r.display_name, r.type, r.urban_rural_code, r.population_est, ${point('r.point')},
              r.point_source, r.geometry_source, ${multi('r.geom')}, ST_Area(${multi('r.geom')}::geography) / 1e6
       FROM jsonb_to_recordset(?::jsonb) AS r(code text, parent_code text, name text, display_name text, type text,
            urban_rural_code text, population_est int, point jsonb, point_source text, geometry_source text, geom jsonb, area_km2 float8)`,
      villages,
    );
    await insert(
      `INSERT INTO grids (code, village_code, township_code, name, population_est, geometry_source, geom, area_km2)
       SELECT r.code, r.parent_code, r.township_code, r.name, r.population_est, r.geometry_source, ${multi('r.geom')}, ST_Area(${multi('r.geom')}::geography) / 1e6
       FROM jsonb_to_recordset(?::jsonb) AS r(code text, parent_code text, township_code text, name text, population_est int,
            geometry_source text, geom jsonb, area_km2 float8)`,
      grids.map((g) => ({ ...g, township_code: townshipOf(g.code as string) })),
    );
    await insert(
      `INSERT INTO organisations (id, name, kind, industry, township_code, village_code, address, location, contact_phone, tribunal_id, is_demo)
       SELECT r.id, r.name, r.kind, r.industry, r.township_code, r.village_code, r.address, ${point('r.location')},
              r.contact_phone, r.tribunal_id, true
       FROM jsonb_to_recordset(?::jsonb) AS r(id int, name text, kind text, industry text, township_code text,
            village_code text, address text, location jsonb, contact_phone text, tribunal_id int)`,
      withIds(organisations, organisationId),
    );
    await insert(
      `INSERT INTO mediators (id, name, kind, work_unit, position, phone, organisation_id, tribunal_id, location, specialties,
                              capacity, status, status_since, is_liaison, is_demo)
       SELECT r.id, r.name, r.kind, r.work_unit, r.position, r.phone, r.organisation_id, r.tribunal_id, ${point('r.location')},
              ARRAY(SELECT jsonb_array_elements_text(coalesce(r.specialties, '[]'::jsonb))), r.capacity, r.status,
              r.status_since, coalesce(r.is_liaison, false), true
       FROM jsonb_to_recordset(?::jsonb) AS r(id int, name text, kind text, work_unit text, position text, phone text,
            organisation_id int, tribunal_id int, location jsonb, specialties jsonb, capacity int, status text,
            status_since date, is_liaison boolean)`,
      withIds(mediators, mediatorId),
    );
    await insert(
      `INSERT INTO mediator_service_areas (mediator_id, level, code, township_code, village_code)
       SELECT r.mediator_id, r.level, r.code, r.township_code, r.village_code
       FROM jsonb_to_recordset(?::jsonb) AS r(mediator_id int, level text, code text, township_code text, village_code text)`,
      serviceAreas,
    );
    await insert(
      `INSERT INTO cases (id, title, dispute_type, description, status, source, location, township_code, village_code, grid_code,
                          tribunal_id, mediator_id, created_at, assigned_at, closed_at, is_demo)
       SELECT r.id, r.title, r.dispute_type, r.description, r.status, r.source, ${point('r.location')}, r.township_code,
              r.village_code, r.grid_code, t.tribunal_id, r.mediator_id, r.created_at, r.assigned_at, r.closed_at, true
       FROM jsonb_to_recordset(?::jsonb) AS r(id int, title text, dispute_type text, description text, status text,
            source text, location jsonb, township_code text, village_code text, grid_code text, mediator_id int,
            created_at timestamptz, assigned_at timestamptz, closed_at timestamptz)
       LEFT JOIN townships t ON t.code = r.township_code`,
      withIds(cases, caseId),
    );
    // The demo cases carry no deadline: give assigned ones the default 30-day pre-litigation term.
    await trx.raw(`UPDATE cases SET deadline_at = assigned_at + interval '30 days' WHERE assigned_at IS NOT NULL AND deadline_at IS NULL`);
    // Explicit ids were inserted: move the sequences past them so later inserts do not collide.
    for (const table of ['tribunals', 'organisations', 'mediators', 'cases']) {
      await trx.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
    }
    // Issue 7: judges, guidance, training, schools, enterprises, publicity (after the cases they refer to).
    assessmentCounts = await loadAssessment(trx, dir, { tribunal: tribunalId, mediator: mediatorId, case: caseId }, move);
    await trx('dataset_info').insert({ key: 'district', value: JSON.stringify(meta) });
  });

  const counts = {
    townships: townships.length, villages: villages.length, grids: grids.length, tribunals: tribunals.length,
    organisations: organisations.length, mediators: mediators.length, cases: cases.length,
    ...assessmentCounts,
  };
  return { loaded: true, dataset: String(meta.dataset ?? 'unknown'), counts };
}
