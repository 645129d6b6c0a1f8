// Province-scale dispatch benchmark on a throwaway PostgreSQL + PostGIS server (scripts/pg-throwaway.mjs).
//   npx tsx server/bench/province.ts            (about 2–4 minutes; needs postgresql-15-postgis-3)
//   PROVINCE_URL=postgres://… npx tsx server/bench/province.ts   reuse a province built before (its batch runs are rolled back)
// The synthetic province is built by province-data.ts. Measured in one run: preview through HTTP (p50, p99) vs the candidates
// SQL it wraps vs an in-memory lower bound (flatbush + point-in-polygon + the same rule in JS), and
// the backlog batch (cases/s). HTTP is timed from a separate process (preview-client.ts: a browser's
// request, kept-alive connection, Accept-Encoding), the SQL in the server's process on the same pool;
// ROUNDS rounds of N requests each, HTTP and SQL rounds interleaved so that the machine's load hits
// both alike, after a warm-up; reported: the median over the rounds of each round's p50 and p99.
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import Flatbush from 'flatbush';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { batchAssign, type BatchPhase } from '../src/services/dispatch/batch.ts';
import { dispatchModel } from '../src/services/dispatch/model.ts';
import { factsFromSql } from '../src/services/dispatch/facts.ts';
import { ASSIGNMENT_RULE } from '../src/services/assignment-rule.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { median, ms, timeIt } from './stats.ts';
import { startProvince, LNG0, LAT0, CELL, GX, GY, SPECIALTIES, type Province } from './province-data.ts';
import { openDatabase } from '../src/db/connection.ts';
import { previewRounds, roundFigures } from './preview-client.ts';

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

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = Number(process.env.N ?? 1000);
const reuse = process.env.PROVINCE_URL;
const province: Province | null = reuse
  ? { db: await openDatabase({ url: reuse, poolMax: 10 }), url: reuse, async stop() { await this.db.close(); } }
  : await startProvince(55434);
if (!province) process.exit(0);
try {
  const log = pino({ level: 'silent' });
  const { db } = province;
  let t = performance.now();

  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', DATABASE_URL: province.url, LOAD_DISTRICT: 'never' });
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The same seeded points for every method.
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const types = Object.keys(DISPUTE_TYPES) as DisputeType[];
  const pts = Array.from({ length: N }, (_, i) => ({ lng: LNG0 + rnd() * GX * CELL, lat: LAT0 + rnd() * GY * CELL, type: types[i % types.length]! }));
  let i = 0;
  const next = () => pts[i++ % pts.length]!;
  const bodies = pts.map((p) => ({ lng: p.lng, lat: p.lat, dispute_type: p.type }));
  const httpRounds: number[][] = [];
  const sqlRounds: number[][] = [];
  for (let r = 0; r < ROUNDS; r++) {
    httpRounds.push(...(await previewRounds({ base, bodies, rounds: 1, perRound: N, warmup: 200 })));
    i = 0;
    await timeIt(200, () => { const p = next(); return factsFromSql(db.knex, p.lng, p.lat, p.type); }); // warm-up
    i = 0;
    sqlRounds.push(await timeIt(N, () => { const p = next(); return factsFromSql(db.knex, p.lng, p.lat, p.type); }));
  }
  // The floor of the HTTP path on this machine: the same client, a logged-in GET that runs no query.
  const floor = roundFigures(await previewRounds({ base, bodies, rounds: ROUNDS, perRound: N, warmup: 200, get: '/api/auth/me' }));
  const http = roundFigures(httpRounds);
  const sql = roundFigures(sqlRounds);
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
  const memRounds: number[][] = [];
  for (let r = 0; r < ROUNDS; r++) { i = 0; memRounds.push(await timeIt(N, async () => { const p = next(); return memRank(mem, p.lng, p.lat, p.type); })); }
  const inMem = roundFigures(memRounds);
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join('/');
  console.log(`[province] preview (${ROUNDS} rounds × ${N}; medians over rounds of each round's p50 / p99):`);
  console.log(`  HTTP (separate client process)  p50 ${ms(http.p50)}  p99 ${ms(http.p99)}   rounds p50 ${list(http.p50s)}  p99 ${list(http.p99s)}`);
  console.log(`  raw candidates SQL (same pool)  p50 ${ms(sql.p50)}  p99 ${ms(sql.p99)}   rounds p50 ${list(sql.p50s)}  p99 ${list(sql.p99s)}`);
  console.log(`  HTTP / SQL: p50 ${(http.p50 / sql.p50).toFixed(2)}, p99 ${(http.p99 / sql.p99).toFixed(2)}  (goals: HTTP p99 < 3 ms, ratio < 1.3)`);
  console.log(`  floor: GET /api/auth/me, same client (no query)  p50 ${ms(floor.p50)}  p99 ${ms(floor.p99)}`);
  console.log(`  in-memory lower bound (flatbush + box test + the rule in JS)  p50 ${ms(inMem.p50)}  p99 ${ms(inMem.p99)}  (index build ${(memBuild / 1000).toFixed(1)} s)`);

  // The batch: 2,000 of the ~20,000 pending cases, oldest first, one transaction (rolled back, so it can be
  // repeated; VACUUM between runs clears the dead rows the rolled-back run left, as autovacuum would).
  const admin = (await db.knex('users').where({ username: 'admin' }).first('id', 'username', 'role')) as { id: number; username: string; role: 'admin' };
  const batchRuns: number[] = [];
  const phases: Record<string, number[]> = { read: [], allocate: [], lock: [], write: [] };
  const model = await dispatchModel(db.knex).refresh();
  let report: Awaited<ReturnType<typeof batchAssign>> | undefined;
  for (let r = 0; r < 3; r++) {
    await db.knex.raw('VACUUM ANALYZE cases, case_assignments, case_events, mediators');
    t = performance.now();
    let last = t;
    const onPhase = (p: BatchPhase) => { const now = performance.now(); phases[p]!.push(now - last); last = now; };
    await db.knex.transaction(async (trx) => {
      report = await batchAssign(trx as never, { ...admin, tribunal_id: null, mediator_id: null }, { limit: 2000, deadlineDays: 30, onPhase, model }, async () => undefined);
      throw new Error('rollback');
    }).catch((e: Error) => { if (e.message !== 'rollback') throw e; });
    batchRuns.push((performance.now() - t) / 1000);
  }
  const s = median(batchRuns);
  const n = report!.counts.pending;
  console.log(`[province] batch of ${n} pending cases (facts from the read model, mediators locked and re-checked once, one write statement): ` +
    `median ${s.toFixed(2)} s of ${batchRuns.map((x) => x.toFixed(2)).join('/')}, ${(n / s).toFixed(0)} cases/s (goal ≥ 10,000); assigned ${report!.counts.assigned}, left ${report!.counts.left}`);
  // The machine's ceiling for comparison: the same 2,000 oldest pending cases, each with only its nearest
  // mediator (a LATERAL KNN join, no rule, no capacity, no writes).
  const ids = (await db.knex.raw(`SELECT id FROM cases WHERE status = 'pending' ORDER BY created_at, id LIMIT 2000`)).rows.map((r: { id: number }) => r.id);
  const knn: number[] = [];
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    await db.knex.raw(`SELECT c.id, n.id AS mediator_id FROM cases c
      CROSS JOIN LATERAL (SELECT m.id FROM mediators m ORDER BY m.location <-> c.location LIMIT 1) n
      WHERE c.id = ANY (CAST(? AS int[]))`, [`{${ids.join(',')}}`]);
    knn.push(performance.now() - t);
  }
  console.log(`[province] nearest-only LATERAL KNN join, same ${ids.length} cases (no rule, no writes): median ${ms(median(knn))}, ${(ids.length / (median(knn) / 1000)).toFixed(0)} cases/s`);
  const ph = (p: string) => median(phases[p]!);
  console.log(`  phases (medians): read pending cases ${ms(ph('read'))}, allocate on the model ${ms(ph('allocate'))}, lock + re-check mediators and cases ${ms(ph('lock'))}, ` +
    `write cases/assignments/events ${ms(ph('write'))}; without the writes ${(n / ((ph('read') + ph('allocate') + ph('lock')) / 1000)).toFixed(0)} cases/s`);
  server.closeAllConnections();
  server.close();
} finally {
  await province.stop();
}
process.exit(0);
