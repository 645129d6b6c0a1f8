// Dispatch figures (issue 15), one run, medians over rounds, printed with their goals:
//   - the read model: build time and heap at start;
//   - POST /api/assign/preview through HTTP from the model (client in its own process, preview-client.ts)
//     p50 (goal < 0.5 ms) and p99 vs the floor, a logged-in GET /api/auth/me that runs no query, measured
//     in the same run (goal < 2×); the candidates SQL for comparison;
//   - the same preview in process (previewFromModel: model facts + rank + answer, the first PREVIEW_FIRST listed, + JSON.stringify, as the route) vs a flatbush lower bound (the grid's
//     box search + point-in-polygon + the 30 nearest mediators by flatbush; goal within 3×);
//   - the backlog batch with capacity accounting and the writes (2,000 pending cases; rolled back): cases/s
//     (goal ≥ 10,000/s);
//   - a committed assignment seen by the model: in the same process (refresh after commit) and, on
//     PostgreSQL, in another process (its model on its 250 ms timer) (goal < 1 s).
//   npx tsx server/bench/dispatch.ts                   district, embedded database in a temporary folder
//   DATABASE_URL=postgres://… npx tsx server/bench/dispatch.ts
//   PROVINCE=1 npx tsx server/bench/dispatch.ts        province (province-data.ts) on a throwaway PostgreSQL
//   PROVINCE_URL=postgres://… npx tsx server/bench/dispatch.ts   a province built before
//   BATCH_ONLY=1 …                                     only the batch and the visibility figures
//   PREVIEW_ONLY=1 …                                   only the model and the preview figures
//   BATCH_RUNS=n …  the batch's repetitions (median; 3)  NUMBERING=0 …  the batch without case numbers
// `previewFigures(db, base, label)` is exported for server/bench/run.ts (`npm run bench`).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Knex } from 'knex';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { factsFromSql } from '../src/services/dispatch/facts.ts';
import { dispatchModel, DispatchModelHolder, transactionId, type DispatchModel } from '../src/services/dispatch/model.ts';
import { previewFromModel } from '../src/services/dispatch/preview.ts';
import { PREVIEW_FIRST } from '../src/contract/cases.ts';
import { batchAssign, type BatchPhase } from '../src/services/dispatch/batch.ts';
import { intersects } from '../src/services/dispatch/locate.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { median, ms, timeIt } from './stats.ts';
import { previewRounds, roundFigures } from './preview-client.ts';

const types = Object.keys(DISPUTE_TYPES) as DisputeType[];
const log = pino({ level: 'silent' });

/** Points inside grids: each grid's first vertex nudged towards the centre of its box (deterministic). */
function probesOf(model: DispatchModel, n: number): [number, number][] {
  const grids = model.units.index.grids;
  const out: [number, number][] = [];
  const step = Math.max(1, Math.floor(grids.length / n));
  for (let i = 0; i < grids.length && out.length < n; i += step) {
    const r = grids[i]!.shape[0]![0]!;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < r.length; k += 2) { x0 = Math.min(x0, r[k]!); x1 = Math.max(x1, r[k]!); y0 = Math.min(y0, r[k + 1]!); y1 = Math.max(y1, r[k + 1]!); }
    out.push([(x0 + x1) / 2, (y0 + y1) / 2]);
  }
  return out;
}

/** The least any in-memory preview must do: find the grid (box search + point-in-polygon) and the 30 nearest mediators. */
function lowerBound(model: DispatchModel, lng: number, lat: number): number {
  const idx = model.units.index as unknown as { tree: { search(a: number, b: number, c: number, d: number): number[] } };
  let hit = -1;
  for (const i of idx.tree.search(lng, lat, lng, lat)) if (intersects(model.units.index.grids[i]!.shape, lng, lat)) { hit = i; break; }
  const near = model.mediators.tree?.neighbors(lng, lat, 30) ?? [];
  return hit + near.length;
}

export async function previewFigures(db: Database, base: string, label: string, n = 1000, rounds = Number(process.env.ROUNDS ?? 5)): Promise<DispatchModel> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const used = () => { const u = process.memoryUsage(); return u.heapUsed + u.arrayBuffers; }; // polygons live in ArrayBuffers
  const heap0 = used();
  const holder = dispatchModel(db.knex);
  const t0 = performance.now();
  const model = await holder.refresh();
  const buildMs = performance.now() - t0;
  gc?.();
  const heapMb = (used() - heap0) / 2 ** 20;
  console.log(`[${label}] dispatch model: built in ${ms(buildMs)} (${model.units.index.grids.length} grids, ${model.mediators.byId.size} mediators, ${model.open.size} with open cases); memory (heap + array buffers) +${heapMb.toFixed(0)} MB${gc ? '' : ' (run with --expose-gc for a settled figure)'}`);

  const probes = probesOf(model, 2000);
  const bodies = Array.from({ length: n }, (_, k) => ({ lng: probes[k % probes.length]![0], lat: probes[k % probes.length]![1], dispute_type: types[k % types.length]! }));
  const httpRounds: number[][] = [];
  const floorRounds: number[][] = [];
  const sqlRounds: number[][] = [];
  const memRounds: number[][] = [];
  const lbRounds: number[][] = [];
  let i = 0;
  const next = () => { const k = i++; return { p: probes[k % probes.length]!, type: types[k % types.length]! }; };
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    httpRounds.push(...(await previewRounds({ base, bodies, rounds: 1, perRound: n, warmup: 200 })));
    floorRounds.push(...(await previewRounds({ base, bodies, rounds: 1, perRound: n, warmup: 200, get: '/api/auth/me' })));
    i = 0;
    sqlRounds.push(await timeIt(Math.min(n, 300), () => { const { p, type } = next(); return factsFromSql(db.knex, p[0], p[1], type); }));
    i = 0;
    const mem: number[] = [];
    const lb: number[] = [];
    for (let k = 0; k < n; k++) {
      const { p, type } = next();
      let t = performance.now();
      sink += JSON.stringify(previewFromModel(model, p[0], p[1], type, PREVIEW_FIRST)).length;
      mem.push(performance.now() - t);
      t = performance.now();
      sink += lowerBound(model, p[0], p[1]);
      lb.push(performance.now() - t);
    }
    memRounds.push(mem);
    lbRounds.push(lb);
  }
  const http = roundFigures(httpRounds), floor = roundFigures(floorRounds), sql = roundFigures(sqlRounds);
  const mem = roundFigures(memRounds), lb = roundFigures(lbRounds);
  console.log(`[${label}] preview through HTTP from the model: p50 ${ms(http.p50)} (goal < 0.5 ms) p99 ${ms(http.p99)}; floor GET /api/auth/me p50 ${ms(floor.p50)} p99 ${ms(floor.p99)}; ` +
    `p99 ratio ${(http.p99 / floor.p99).toFixed(2)} (goal < 2); candidates SQL p50 ${ms(sql.p50)} p99 ${ms(sql.p99)} (${rounds} rounds × ${n}, medians over rounds)`);
  const us = (x: number) => `${(x * 1000).toFixed(1)} µs`;
  console.log(`[${label}] preview in process (model facts + rank + answer + JSON): p50 ${us(mem.p50)} p99 ${us(mem.p99)}; flatbush lower bound p50 ${us(lb.p50)} p99 ${us(lb.p99)}; ` +
    `ratio p50 ${(mem.p50 / lb.p50).toFixed(2)} (goal ≤ 3) [${sink % 2}]`);
  return model;
}

class Rollback extends Error {}

/**
 * The backlog batch on `count` pending cases inserted at the probes (rolled back), cases/s, and its phases.
 * The model it allocates on is built inside the transaction (it must see the capacities and cases written
 * there), before the clock starts: a running server's model is current already.
 */
export async function batchFigures(db: Database, label: string, model: DispatchModel, count = 2000, runs = Number(process.env.BATCH_RUNS ?? 3)): Promise<void> {
  // numbered as the route numbers them (the bench's cases have no number); NUMBERING=0: without
  const numbering = process.env.NUMBERING === '0' ? undefined : { court: '豫1502', type: '民诉前调', now: () => Date.now() };
  const probes = probesOf(model, count);
  const times: number[] = [];
  const phases: Record<BatchPhase, number[]> = { read: [], allocate: [], lock: [], write: [] };
  const rest: number[] = []; // after the write: the report, the audit row
  let assigned = 0, pending = 0;
  for (let r = 0; r < runs; r++) {
    if (db.kind === 'postgres') await db.knex.raw('VACUUM ANALYZE cases, case_assignments, case_events, mediators');
    await db.knex.transaction(async (trx) => {
      await trx.raw(`UPDATE mediators SET capacity = capacity + 50`);
      const rows = probes.map(([lng, lat], k) => ({ title: '压测案件', dispute_type: types[k % types.length], status: 'pending', location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]) }));
      for (let k = 0; k < rows.length; k += 500) await trx('cases').insert(rows.slice(k, k + 500));
      const admin = await trx('users').where({ username: 'admin' }).first('id', 'username', 'role');
      const inTrx = await new DispatchModelHolder(trx).refresh();
      const t = performance.now();
      let last = t;
      const onPhase = (p: BatchPhase) => { const now = performance.now(); phases[p].push(now - last); last = now; };
      const rep = await batchAssign(trx as unknown as Knex, { ...admin, tribunal_id: null, mediator_id: null }, { limit: count + 10_000, deadlineDays: 30, model: inTrx, onPhase, numbering }, async () => undefined);
      times.push(performance.now() - t);
      rest.push(performance.now() - last);
      assigned = rep.counts.assigned;
      pending = rep.counts.pending;
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  }
  const t = median(times);
  const ph = (p: BatchPhase) => ms(median(phases[p]));
  console.log(`[${label}] backlog batch with the writes${numbering ? ' and the case numbers' : ''} (load ${os.loadavg()[0]!.toFixed(1)}): ${assigned} of ${pending} pending cases assigned in ${ms(t)} (median of ${runs}: ${times.map(ms).join('/')}), ` +
    `${Math.round((assigned / t) * 1000)} assigned cases/s, ${Math.round((pending / t) * 1000)} pending cases/s (goal ≥ 10,000); phases: read ${ph('read')}, allocate ${ph('allocate')}, lock + re-check ${ph('lock')}, write ${ph('write')}, after ${ms(median(rest))}`);
}

/**
 * A committed assignment: seen by this process's model after its refresh, and by another process's model on its timer.
 * The other process reports its count of the mediator's open cases at every change; this one waits for the
 * count it expects (a report that arrives while this process refreshes is kept, not lost: at province scale a
 * refresh takes seconds, and a lost report once left the run waiting for ever).
 */
export async function visibilityFigures(db: Database, label: string, url: string | null): Promise<void> {
  const holder = dispatchModel(db.knex);
  const pickCase = async () => (await db.knex('cases').where({ status: 'pending' }).orderBy('id').first('id')) as { id: number } | undefined;
  const med = (await db.knex('mediators').where({ status: 'active' }).orderBy('id').first('id')) as { id: number };
  let child: ReturnType<typeof fork> | null = null;
  let reported: { n: number; at: number } | null = null;
  const childSees = async (n: number) => {
    for (const t = performance.now(); reported?.n !== n; await new Promise((r) => setTimeout(r, 1))) {
      if (performance.now() - t > 120_000) throw new Error(`the other process did not see ${n} open cases in 2 minutes`);
    }
    return reported.at;
  };
  if (url) {
    child = fork(fileURLToPath(import.meta.url), ['--watch-model'], { execArgv: ['--import', 'tsx'], env: { ...process.env, WATCH_URL: url, WATCH_MEDIATOR: String(med.id) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: { n: number; at: number }) => { reported = m; });
    await new Promise<void>((resolve) => child!.once('message', () => resolve()));
  }
  const inProcess: number[] = [];
  const crossProcess: number[] = [];
  for (let k = 0; k < 5; k++) {
    const c = await pickCase();
    if (!c) break;
    const before = holder.current?.open.get(med.id) ?? 0;
    const xid = await db.knex.transaction(async (trx) => {
      await trx('cases').where({ id: c.id }).update({ mediator_id: med.id, status: 'assigned' });
      return transactionId(trx);
    });
    const committed = Date.now();
    const t = performance.now();
    holder.applyOpen(xid, new Map([[med.id, 1]])); // what afterDispatchCommit does with a write's change
    inProcess.push(performance.now() - t);
    if ((holder.current!.open.get(med.id) ?? 0) !== before + 1) throw new Error('the model did not see the assignment');
    if (child) crossProcess.push((await childSees(before + 1)) - committed);
    await db.knex('cases').where({ id: c.id }).update({ mediator_id: null, status: 'pending' });
    await holder.refresh();
    if (child) await childSees(before);
  }
  child?.kill();
  console.log(`[${label}] a committed assignment seen by the model: same process ${ms(median(inProcess))} (the change applied by the committing process), ` +
    (url ? `another process ${ms(median(crossProcess))} (${crossProcess.map(ms).join(', ')}; timer 250 ms; goal < 1 s)` : 'another process: not applicable (the embedded database serves one process)'));
}

/** Child: a model in "another process", reporting its count of the watched mediator's open cases (and when, epoch ms) at each change. */
async function watch() {
  const db = await openDatabase({ url: process.env.WATCH_URL!, poolMax: 2 });
  const holder = new DispatchModelHolder(db.knex);
  const id = Number(process.env.WATCH_MEDIATOR);
  let last = (await holder.refresh()).open.get(id) ?? 0;
  process.send!({ n: last, at: Date.now() });
  holder.start(250);
  setInterval(() => {
    const n = holder.current?.open.get(id) ?? 0;
    if (n !== last) { last = n; process.send!({ n, at: Date.now() }); }
  }, 5);
}

async function main() {
  if (process.argv.includes('--watch-model')) { await watch(); return; }
  let url = process.env.PROVINCE_URL ?? process.env.DATABASE_URL ?? null;
  let stopCluster: (() => Promise<void>) | null = null;
  if (process.env.PROVINCE && !process.env.PROVINCE_URL) {
    const { startProvince } = await import('./province-data.ts');
    const p = await startProvince(55435);
    if (!p) return;
    await p.db.close();
    url = p.url;
    stopCluster = () => p.stop();
  }
  const dir = url ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-dispatch-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', LOAD_DISTRICT: process.env.PROVINCE || process.env.PROVINCE_URL ? 'never' : 'auto', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : { DATABASE_URL: url! }) });
  const { db } = await startDatabase(config, log);
  const label = process.env.PROVINCE || process.env.PROVINCE_URL ? 'province, postgres' : `district, ${db.kind}`;
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
  // BATCH_ONLY=1: the batch and the visibility only (the preview rounds take minutes).
  const model = process.env.BATCH_ONLY ? await dispatchModel(db.knex).refresh() : await previewFigures(db, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, label);
  if (!process.env.PREVIEW_ONLY) {
    await batchFigures(db, label, model);
    await visibilityFigures(db, label, db.kind === 'postgres' ? url : null);
  }
  dispatchModel(db.knex).stop();
  server.closeAllConnections();
  server.close();
  await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await stopCluster?.();
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
