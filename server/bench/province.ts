// Province-scale dispatch benchmark on a throwaway PostgreSQL + PostGIS server (scripts/pg-throwaway.mjs).
//   npx tsx server/bench/province.ts            (about 2–4 minutes; needs postgresql-15-postgis-3)
// The synthetic province is built by province-data.ts. Measured in one run: preview through HTTP (p50, p99) vs the candidates
// SQL it wraps vs an in-memory lower bound (flatbush + point-in-polygon + the same rule in JS), and
// the backlog batch (cases/s).
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import Flatbush from 'flatbush';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import { candidatesRaw, batchAssign } from '../src/services/assignment.ts';
import { ASSIGNMENT_RULE } from '../src/services/assignment-rule.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { median, percentile, ms, timeIt } from './stats.ts';
import { startProvince, LNG0, LAT0, CELL, GX, GY, SPECIALTIES } from './province-data.ts';

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

const province = await startProvince(55434);
if (!province) process.exit(0);
try {
  const log = pino({ level: 'silent' });
  const { db } = province;
  let t = performance.now();
  const cluster = { url: province.url };

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
} finally {
  await province.stop();
}
process.exit(0);
