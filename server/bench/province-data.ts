// The synthetic province (about 50,000 villages, 200,000 grids, 300,000 mediators, 1,000,000 cases),
// built by SQL generate_series, seeded (setseed), on a regular lattice so every unit is known by
// arithmetic: 25 counties × 20 townships × 100 villages × 4 grids = 500 townships, 50,000 villages,
// 200,000 grid cells of 0.01° × 0.01°; 300,000 mediators (a grid worker per grid, a cadre per village,
// 80 per township, 28 specialists per county, the rest without an area); 1,000,000 cases (5 % open).
// Shared by the province benchmarks of dispatch, planning and assessment.
import type { Knex } from 'knex';
import { openDatabase, migrateLatest, type Database } from '../src/db/connection.ts';
import { seedDemoUsers } from '../src/db/seed-users.ts';
import { DISPUTE_TYPES, SPECIALIST_DISPUTE_TYPES } from '../src/contract/vocab.ts';
// @ts-expect-error: a plain .mjs helper shared with the test runner
import { findPgBin, startCluster } from '../../scripts/pg-throwaway.mjs';

export const LNG0 = 110, LAT0 = 31, CELL = 0.01;
export const GX = 500, GY = 400; // grid cells
export const SPECIALTIES = SPECIALIST_DISPUTE_TYPES as readonly string[];

/** The whole province in SQL; every unit's code is arithmetic on its lattice position. */
const BUILD = `
SELECT setseed(0.42);
INSERT INTO tribunals (id, name, is_demo) SELECT k, '示例·法庭' || k || '(演示)', true FROM generate_series(1, 25) k;
INSERT INTO district (code, name, population, geometry_source, geom)
VALUES ('400000000000', '示例·省(演示)', 50000000, 'schematic',
        ST_Multi(ST_MakeEnvelope(${LNG0}, ${LAT0}, ${LNG0 + GX * CELL}, ${LAT0 + GY * CELL}, 4326)));
CREATE TEMP TABLE cell AS
SELECT gx, gy, gx / 20 AS tx, gy / 20 AS ty, gx / 2 AS vx, gy / 2 AS vy,
       '4' || lpad(((gx / 20) / 5 + ((gy / 20) / 4) * 5 + 1)::text, 3, '0') || '00' AS county,
       lpad((((gx / 20) % 5) + ((gy / 20) % 4) * 5 + 1)::text, 3, '0') AS t3,
       lpad((((gx / 2) % 10) + ((gy / 2) % 10) * 10 + 1)::text, 3, '0') AS v3,
       lpad(((gx % 2) + (gy % 2) * 2 + 1)::text, 3, '0') AS g3
FROM generate_series(0, ${GX - 1}) gx, generate_series(0, ${GY - 1}) gy;
ALTER TABLE cell ADD COLUMN township_code text, ADD COLUMN village_code text, ADD COLUMN grid_code text;
UPDATE cell SET township_code = county || t3 || '000', village_code = county || t3 || v3, grid_code = county || t3 || v3 || g3;
INSERT INTO townships (code, name, type, parent_code, tribunal_id, geometry_source, geom, area_km2)
SELECT township_code, '示例乡镇' || township_code, 'town', county || '000000', (tx / 5 + (ty / 4) * 5 + 1), 'schematic',
       ST_Multi(ST_MakeEnvelope(${LNG0} + tx * 20 * ${CELL}, ${LAT0} + ty * 20 * ${CELL}, ${LNG0} + (tx + 1) * 20 * ${CELL}, ${LAT0} + (ty + 1) * 20 * ${CELL}, 4326)), 400
FROM (SELECT DISTINCT township_code, county, tx, ty FROM cell) s;
INSERT INTO villages (code, township_code, name, display_name, type, point, geometry_source, geom, area_km2)
SELECT village_code, township_code, '示例村' || village_code, '示例村' || village_code, 'village',
       ST_SetSRID(ST_MakePoint(${LNG0} + (vx + 0.5) * 2 * ${CELL}, ${LAT0} + (vy + 0.5) * 2 * ${CELL}), 4326), 'schematic',
       ST_Multi(ST_MakeEnvelope(${LNG0} + vx * 2 * ${CELL}, ${LAT0} + vy * 2 * ${CELL}, ${LNG0} + (vx + 1) * 2 * ${CELL}, ${LAT0} + (vy + 1) * 2 * ${CELL}, 4326)), 4
FROM (SELECT DISTINCT village_code, township_code, vx, vy FROM cell) s;
INSERT INTO grids (code, village_code, township_code, name, geometry_source, geom, area_km2)
SELECT grid_code, village_code, township_code, '示例网格' || grid_code, 'schematic',
       ST_Multi(ST_MakeEnvelope(${LNG0} + gx * ${CELL}, ${LAT0} + gy * ${CELL}, ${LNG0} + (gx + 1) * ${CELL}, ${LAT0} + (gy + 1) * ${CELL}, 4326)), 1
FROM cell ORDER BY gx, gy;
INSERT INTO organisations (name, kind, industry, is_demo)
SELECT '示例·' || c || s || '调委会(演示)', 'industry', s, true
FROM (SELECT DISTINCT county AS c FROM cell) cs, unnest(ARRAY['${SPECIALTIES.join("','")}']) s;
CREATE TEMP TABLE m_src (kind text, level text, code text, township_code text, village_code text, lng float8, lat float8, specialties text[], org int);
INSERT INTO m_src SELECT 'grid_worker', 'grid', grid_code, township_code, village_code,
       ${LNG0} + (gx + random()) * ${CELL}, ${LAT0} + (gy + random()) * ${CELL}, '{}', NULL FROM cell ORDER BY gx, gy;
INSERT INTO m_src SELECT 'village_cadre', 'village', village_code, township_code, village_code,
       ${LNG0} + (vx + random()) * 2 * ${CELL}, ${LAT0} + (vy + random()) * 2 * ${CELL}, '{}', NULL
FROM (SELECT DISTINCT village_code, township_code, vx, vy FROM cell) s;
INSERT INTO m_src SELECT 'full_time', 'township', township_code, township_code, NULL,
       ${LNG0} + (tx + random()) * 20 * ${CELL}, ${LAT0} + (ty + random()) * 20 * ${CELL},
       CASE WHEN random() < 0.3 THEN ARRAY[(ARRAY['${SPECIALTIES.join("','")}'])[1 + floor(random() * 7)::int]] ELSE '{}' END, NULL
FROM (SELECT DISTINCT township_code, tx, ty FROM cell) s, generate_series(1, 80);
INSERT INTO m_src SELECT 'full_time', 'district', c || '000000', NULL, NULL,
       ${LNG0} + random() * ${GX * CELL}, ${LAT0} + random() * ${GY * CELL}, ARRAY[o.industry], o.id
FROM (SELECT DISTINCT county AS c FROM cell) cs JOIN organisations o ON o.name LIKE '示例·' || cs.c || '%', generate_series(1, 4);
INSERT INTO m_src SELECT 'other', NULL, NULL, NULL, NULL, ${LNG0} + random() * ${GX * CELL}, ${LAT0} + random() * ${GY * CELL}, '{}', NULL
FROM generate_series(1, 300000 - (SELECT count(*) FROM m_src));
ALTER TABLE m_src ADD COLUMN id serial;
INSERT INTO mediators (id, name, kind, organisation_id, location, specialties, capacity, status, is_demo)
SELECT id, '示例调解员' || id, kind, org, ST_SetSRID(ST_MakePoint(lng, lat), 4326), specialties, 5 + floor(random() * 8)::int,
       CASE WHEN random() < 0.91 THEN 'active' WHEN random() < 0.55 THEN 'on_leave' ELSE 'withdrawn' END, true
FROM m_src ORDER BY id;
INSERT INTO mediator_service_areas (mediator_id, level, code, township_code, village_code)
SELECT id, level, code, township_code, village_code FROM m_src WHERE level IS NOT NULL;
SELECT setval(pg_get_serial_sequence('mediators', 'id'), (SELECT max(id) FROM mediators) + 1, false);
CREATE TEMP TABLE c_src AS
SELECT n, ${LNG0} + random() * ${GX * CELL} AS lng, ${LAT0} + random() * ${GY * CELL} AS lat, random() AS r, random() AS r2
FROM generate_series(1, 1000000) n;
INSERT INTO cases (title, dispute_type, status, location, township_code, village_code, grid_code, tribunal_id, mediator_id, created_at, assigned_at, is_demo)
SELECT '示例案件', (ARRAY['${Object.keys(DISPUTE_TYPES).join("','")}'])[1 + floor(s.r2 * ${Object.keys(DISPUTE_TYPES).length})::int],
       CASE WHEN s.r < 0.95 THEN 'settled' WHEN s.r < 0.98 THEN 'mediating' ELSE 'pending' END,
       ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326), c.township_code, c.village_code, c.grid_code, t.tribunal_id,
       CASE WHEN s.r >= 0.95 AND s.r < 0.98 THEN (c.gx * ${GY} + c.gy + 1) END,
       now() - (s.n || ' seconds')::interval, CASE WHEN s.r < 0.98 THEN now() - (s.n || ' seconds')::interval END, true
FROM c_src s
JOIN cell c ON c.gx = least(floor((s.lng - ${LNG0}) / ${CELL})::int, ${GX - 1}) AND c.gy = least(floor((s.lat - ${LAT0}) / ${CELL})::int, ${GY - 1})
JOIN townships t ON t.code = c.township_code;
ANALYZE;
`;


/** Builds the province into a freshly migrated database. */
export async function buildProvince(knex: Knex): Promise<{ seconds: number; villages: number; grids: number; mediators: number; cases: number }> {
  const t = performance.now();
  await knex.raw(BUILD);
  await seedDemoUsers(knex);
  const c = (await knex.raw(`SELECT (SELECT count(*) FROM villages)::int v, (SELECT count(*) FROM grids)::int g, (SELECT count(*) FROM mediators)::int m, (SELECT count(*) FROM cases)::int c`)).rows[0];
  return { seconds: (performance.now() - t) / 1000, villages: c.v, grids: c.g, mediators: c.m, cases: c.c };
}

export interface Province { db: Database; url: string; stop(): Promise<void> }

/**
 * A throwaway PostgreSQL + PostGIS cluster on `port` holding the province, or null when no PostgreSQL
 * is installed. Prints the build time and counts.
 */
export async function startProvince(port: number, label = 'province'): Promise<Province | null> {
  const bin = findPgBin();
  if (!bin) { console.log(`[${label}] skipped: no PostgreSQL + PostGIS installed`); return null; }
  const cluster = startCluster(bin, port);
  try {
    const db = await openDatabase({ url: cluster.url, poolMax: 10 });
    await migrateLatest(db.knex);
    const b = await buildProvince(db.knex);
    console.log(`[${label}] built in ${b.seconds.toFixed(0)} s: ${b.villages} villages, ${b.grids} grids, ${b.mediators} mediators, ${b.cases} cases`);
    return { db, url: cluster.url, async stop() { try { await db.close(); } finally { cluster.stop(); } } };
  } catch (err) {
    cluster.stop();
    throw err;
  }
}
