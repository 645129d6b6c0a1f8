// Dispatch figures at district scale: POST /api/assign/preview through HTTP (p50, p99; the client in its
// own process) against the candidates SQL it wraps (services/assignment.ts factsFromSql), on the embedded
// database by default. Goal: HTTP p99 under 5 ms on the embedded database.
//   npx tsx server/bench/dispatch.ts            embedded database in a temporary folder
//   DATABASE_URL=postgres://… npx tsx server/bench/dispatch.ts
// `previewFigures(db, base, label)` is exported for server/bench/run.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import type { Database } from '../src/db/connection.ts';
import { factsFromSql } from '../src/services/dispatch/facts.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { ms, timeIt } from './stats.ts';
import { previewRounds, roundFigures } from './preview-client.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const grids = JSON.parse(fs.readFileSync(path.join(repo, 'data/build/grids.geojson'), 'utf8')).features as Feature<MultiPolygon>[];
const probes = grids.filter((_, i) => i % 3 === 0).map((g) => pointOnFeature(g).geometry.coordinates as [number, number]);
const types = Object.keys(DISPUTE_TYPES) as DisputeType[];

/**
 * Preview latency through HTTP (a dispatcher's session, from a separate client process: preview-client.ts)
 * vs the raw SQL, same points and types; `rounds` rounds of `n`, HTTP and SQL interleaved; the medians over
 * the rounds of each round's p50 and p99.
 */
export async function previewFigures(db: Database, base: string, label: string, n = 1000, rounds = Number(process.env.ROUNDS ?? 5)): Promise<void> {
  const bodies = Array.from({ length: n }, (_, k) => ({ lng: probes[k % probes.length]![0], lat: probes[k % probes.length]![1], dispute_type: types[k % types.length]! }));
  let i = 0;
  const next = () => { const k = i++; return { p: probes[k % probes.length]!, type: types[k % types.length]! }; };
  const httpRounds: number[][] = [];
  const sqlRounds: number[][] = [];
  for (let r = 0; r < rounds; r++) {
    httpRounds.push(...(await previewRounds({ base, bodies, rounds: 1, perRound: n, warmup: 200 })));
    i = 0;
    await timeIt(200, () => { const { p, type } = next(); return factsFromSql(db.knex, p[0], p[1], type); }); // warm-up
    i = 0;
    sqlRounds.push(await timeIt(n, () => { const { p, type } = next(); return factsFromSql(db.knex, p[0], p[1], type); }));
  }
  const http = roundFigures(httpRounds);
  const sql = roundFigures(sqlRounds);
  // The floor of the HTTP path: the same client, a logged-in GET that runs no query.
  const floor = roundFigures(await previewRounds({ base, bodies, rounds, perRound: n, warmup: 200, get: '/api/auth/me' }));
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join('/');
  console.log(`[${label}] POST /api/assign/preview (${probes.length} points × ${types.length} types; ${rounds} rounds × ${n}, medians over rounds): ` +
    `HTTP p50 ${ms(http.p50)} p99 ${ms(http.p99)} (rounds p99 ${list(http.p99s)}); raw candidates SQL p50 ${ms(sql.p50)} p99 ${ms(sql.p99)} (rounds p99 ${list(sql.p99s)}); ` +
    `ratio p50 ${(http.p50 / sql.p50).toFixed(2)}, p99 ${(http.p99 / sql.p99).toFixed(2)}; floor (GET /api/auth/me, no query) p50 ${ms(floor.p50)} p99 ${ms(floor.p99)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = pino({ level: 'silent' });
  const dir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-dispatch-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
  const { db } = await startDatabase(config, log);
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  await previewFigures(db, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, db.kind);
  server.closeAllConnections();
  server.close();
  await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
