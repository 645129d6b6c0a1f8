// Province-scale dispatch benchmark on a throwaway PostgreSQL + PostGIS server (scripts/pg-throwaway.mjs).
//   npx tsx server/bench/province.ts            (about 2–4 minutes; needs postgresql-15-postgis-3)
// The synthetic province is built by SQL generate_series, seeded (setseed), on a regular lattice so
// every unit is known by arithmetic: 25 counties × 20 townships × 100 villages × 4 grids = 500
// townships, 50,000 villages, 200,000 grid cells of 0.01° × 0.01°; 300,000 mediators (a grid worker
// per grid, a cadre per village, 80 per township, 28 specialists per county, the rest without an area);
// 1,000,000 cases (5 % open). Measured in one run: preview through HTTP (p50, p99) vs the candidates
// SQL it wraps vs an in-memory lower bound (flatbush + point-in-polygon + the same rule in JS), and
// the backlog batch (cases/s).
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import Flatbush from 'flatbush';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { openDatabase, migrateLatest } from '../src/db/connection.ts';
import { seedDemoUsers, DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import { candidatesRaw, batchAssign } from '../src/services/assignment.ts';
import { ASSIGNMENT_RULE } from '../src/services/assignment-rule.ts';
import { DISPUTE_TYPES, SPECIALIST_DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { median, percentile, ms, timeIt } from './stats.ts';
// @ts-expect-error: a plain .mjs helper shared with the test runner
import { findPgBin, startCluster } from '../../scripts/pg-throwaway.mjs';

const LNG0 = 110, LAT0 = 31, CELL = 0.01;
const GX = 500, GY = 400; // grid cells
const SPECIALTIES = SPECIALIST_DISPUTE_TYPES as readonly string[];

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

interface Mem {
  grids: Flatbush; gridRows: { code: string; bbox: [number, number, number, number] }[];
  meds: Flatbush; medRows: { id: number; lng: number; lat: number; active: boolean; capacity: number; open: number; specialties: string[]; industry: string | null }[];
  byArea: Map<string, number[]>;
}

/** The lower bound: the same answer from memory (index lookups, a point-in-box test, the score). */
function memRank(m: Mem, lng: number, lat: number, type: DisputeType) {
  const hit = m.grids.search(lng, lat, lng, lat).find((i) => {
    const b = m.gridRows[i]!.bbox;
    return lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3];
  });
  if (hit === undefined) return [];
  const g = m.gridRows[hit]!.code;
  const specialist = SPECIALTIES.includes(type);
  const tier = new Map<number, number>();
  const add = (key: string, t: number) => { for (const id of m.byArea.get(key) ?? []) if (!tier.has(id)) tier.set(id, t); };
  add(`grid:${g}`, 1); add(`village:${g.slice(0, 12)}`, 2); add(`township:${g.slice(0, 9)}000`, 3);
  if (specialist) add(`district:${g.slice(0, 6)}000000`, 4);
  const R = ASSIGNMENT_RULE;
  const cos = Math.cos((lat * Math.PI) / 180);
  for (const i of m.meds.neighbors(lng, lat, R.nearby_limit, R.radius_m / 110000 / cos, (i) => m.medRows[i]!.active && !tier.has(m.medRows[i]!.id))) tier.set(m.medRows[i]!.id, 5);
  const W = R.weights;
  const out: { id: number; score: number }[] = [];
  for (const [idx, t] of tier) {
    const r = m.medRows[idx - 1]!;
    const match = !specialist ? 0 : r.industry === type ? 2 : r.specialties.includes(type) ? 1 : 0;
    if (!r.active || r.open >= r.capacity || (t === 4 && match === 0)) continue;
    const d = Math.hypot((r.lng - lng) * 111320 * cos, (r.lat - lat) * 110574);
    if (t === 5 && d > R.radius_m) continue;
    out.push({ id: r.id, score: W.tier * (6 - t) + W.specialty * match + W.distance * Math.max(0, 1 - d / R.distance_scale_m) + W.load * (1 - r.open / r.capacity) });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, R.max_candidates);
}

const bin = findPgBin();
if (!bin) { console.log('[province] skipped: no PostgreSQL + PostGIS installed'); process.exit(0); }
const cluster = startCluster(bin, 55434);
try {
  const log = pino({ level: 'silent' });
  const db = await openDatabase({ url: cluster.url, poolMax: 10 });
  await migrateLatest(db.knex);
  let t = performance.now();
  await db.knex.raw(BUILD);
  await seedDemoUsers(db.knex);
  const counts = (await db.knex.raw(`SELECT (SELECT count(*) FROM villages) v, (SELECT count(*) FROM grids) g, (SELECT count(*) FROM mediators) m, (SELECT count(*) FROM cases) c`)).rows[0];
  console.log(`[province] built in ${((performance.now() - t) / 1000).toFixed(0)} s: ${counts.v} villages, ${counts.g} grids, ${counts.m} mediators, ${counts.c} cases`);

  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', DATABASE_URL: cluster.url, LOAD_DISTRICT: 'never' });
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const acct = DEMO_ACCOUNTS.find((a) => a.username === 'dispatcher')!;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: acct.username, password: acct.password }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  // The same seeded points for every method.
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const types = Object.keys(DISPUTE_TYPES) as DisputeType[];
  const pts = Array.from({ length: 1000 }, (_, i) => ({ lng: LNG0 + rnd() * GX * CELL, lat: LAT0 + rnd() * GY * CELL, type: types[i % types.length]! }));
  let i = 0;
  const next = () => pts[i++ % pts.length]!;
  const N = 1000;
  const http = await timeIt(N, () => {
    const p = next();
    return fetch(`${base}/api/assign/preview`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ lng: p.lng, lat: p.lat, dispute_type: p.type }) }).then((r) => r.text());
  });
  i = 0;
  const sql = await timeIt(N, () => { const p = next(); return candidatesRaw(db.knex, p.lng, p.lat, p.type); });

  t = performance.now();
  const gridRows = (await db.knex.raw(`SELECT code, ST_XMin(geom) x0, ST_YMin(geom) y0, ST_XMax(geom) x1, ST_YMax(geom) y1 FROM grids`)).rows as { code: string; x0: number; y0: number; x1: number; y1: number }[];
  const grids = new Flatbush(gridRows.length);
  for (const g of gridRows) grids.add(g.x0, g.y0, g.x1, g.y1);
  grids.finish();
  const medRaw = (await db.knex.raw(`
    SELECT m.id, ST_X(m.location) lng, ST_Y(m.location) lat, m.status = 'active' active, m.capacity, m.specialties, o.industry,
           (SELECT count(*) FROM cases c WHERE c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating'))::int AS open
    FROM mediators m LEFT JOIN organisations o ON o.id = m.organisation_id ORDER BY m.id`)).rows as Mem['medRows'];
  const meds = new Flatbush(medRaw.length);
  for (const r of medRaw) meds.add(r.lng, r.lat, r.lng, r.lat);
  meds.finish();
  const byArea = new Map<string, number[]>();
  for (const a of (await db.knex.raw(`SELECT mediator_id, level, code FROM mediator_service_areas`)).rows as { mediator_id: number; level: string; code: string }[]) {
    const k = `${a.level}:${a.code}`;
    (byArea.get(k) ?? byArea.set(k, []).get(k)!).push(a.mediator_id);
  }
  const mem: Mem = { grids, gridRows: gridRows.map((g) => ({ code: g.code, bbox: [g.x0, g.y0, g.x1, g.y1] })), meds, medRows: medRaw, byArea };
  const memBuild = performance.now() - t;
  i = 0;
  const inMem = await timeIt(N, async () => { const p = next(); return memRank(mem, p.lng, p.lat, p.type); });
  console.log(`[province] preview (n=${N}): HTTP p50 ${ms(median(http))} p99 ${ms(percentile(http, 99))}; ` +
    `raw SQL p50 ${ms(median(sql))} p99 ${ms(percentile(sql, 99))} (HTTP/SQL p50 ${(median(http) / median(sql)).toFixed(2)}, p99 ${(percentile(http, 99) / percentile(sql, 99)).toFixed(2)}); ` +
    `in-memory lower bound p50 ${ms(median(inMem))} p99 ${ms(percentile(inMem, 99))} (index build ${(memBuild / 1000).toFixed(1)} s)`);

  // The batch: 2,000 of the ~20,000 pending cases, oldest first, one transaction (rolled back, so it can be repeated).
  const admin = (await db.knex('users').where({ username: 'admin' }).first('id', 'username', 'role')) as { id: number; username: string; role: 'admin' };
  for (const limit of [2000]) {
    t = performance.now();
    let report: Awaited<ReturnType<typeof batchAssign>> | undefined;
    await db.knex.transaction(async (trx) => {
      report = await batchAssign(trx as never, { ...admin, tribunal_id: null, mediator_id: null }, { limit, scope: null, deadlineDays: 30 }, async () => undefined);
      throw new Error('rollback');
    }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
    const s = (performance.now() - t) / 1000;
    console.log(`[province] batch of ${report!.counts.pending} pending cases (set-based: one pool query, mediators locked once, multi-row writes): ${s.toFixed(1)} s, ${(report!.counts.pending / s).toFixed(0)} cases/s; assigned ${report!.counts.assigned}, left ${report!.counts.left}`);
  }
  server.closeAllConnections();
  server.close();
  await db.close();
} finally {
  cluster.stop();
}
process.exit(0);
