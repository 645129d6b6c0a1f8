// Dispatch figures at district scale: POST /api/assign/preview through HTTP (p50, p99) against the
// candidates SQL it wraps (services/assignment.ts candidatesRaw), on the embedded database by default.
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
import { DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import { candidatesRaw } from '../src/services/assignment.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { median, percentile, ms, timeIt } from './stats.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const grids = JSON.parse(fs.readFileSync(path.join(repo, 'data/build/grids.geojson'), 'utf8')).features as Feature<MultiPolygon>[];
const probes = grids.filter((_, i) => i % 3 === 0).map((g) => pointOnFeature(g).geometry.coordinates as [number, number]);
const types = Object.keys(DISPUTE_TYPES) as DisputeType[];

/** Preview latency through HTTP (a dispatcher's session) vs the raw SQL, same points and types. */
export async function previewFigures(db: Database, base: string, label: string, n = 500): Promise<void> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === 'dispatcher')!;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  let i = 0;
  const next = () => { const k = i++; return { p: probes[k % probes.length]!, type: types[k % types.length]! }; };
  const http = await timeIt(n, () => {
    const { p, type } = next();
    return fetch(`${base}/api/assign/preview`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ lng: p[0], lat: p[1], dispute_type: type }),
    }).then((r) => r.text());
  });
  i = 0;
  const sql = await timeIt(n, () => { const { p, type } = next(); return candidatesRaw(db.knex, p[0], p[1], type); });
  console.log(`[${label}] POST /api/assign/preview (${probes.length} points × ${types.length} types, n=${n}): HTTP p50 ${ms(median(http))} p99 ${ms(percentile(http, 99))}; ` +
    `raw candidates SQL p50 ${ms(median(sql))} p99 ${ms(percentile(sql, 99))}; ratio p50 ${(median(http) / median(sql)).toFixed(2)}, p99 ${(percentile(http, 99) / percentile(sql, 99)).toFixed(2)}`);
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
