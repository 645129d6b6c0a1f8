// Registry import figures: a 20,000-row mediator file through HTTP, preview (upload, read, validate,
// store) and commit (validate again, write all rows with their service areas), as .xlsx and as CSV.
// Goal (issue 5): preview < 10 s, commit < 20 s on the embedded database.
//   npx tsx server/bench/import.ts            embedded database in a temporary folder
//   DATABASE_URL=postgres://… npx tsx server/bench/import.ts   (rows it imports are deleted again)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import { DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import { MEDIATOR_COLUMNS } from '../src/contract/registry.ts';
import { csv, manyMediators, xlsx } from '../test/fixtures/registry/make.ts';
import { median } from './stats.ts';

const ROWS = Number(process.env.IMPORT_ROWS ?? 20_000);
const RUNS = Number(process.env.IMPORT_RUNS ?? 3);

const log = pino({ level: 'silent' });
const dir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-import-'));
const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
const { db } = await startDatabase(config, log);
const { app } = createApp({ db, config, log });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const admin = DEMO_ACCOUNTS.find((a) => a.username === 'admin')!;
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: admin.username, password: admin.password }) });
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const { csrfToken } = (await login.json()) as { csrfToken: string };
const headers = { cookie, 'x-csrf-token': csrfToken };

const grids = (await db.knex('grids').orderBy('code').pluck('code')) as string[];
const rows = manyMediators(ROWS, grids, '示例·压测');
let t0 = performance.now();
const files = { xlsx: await xlsx(MEDIATOR_COLUMNS, rows), csv: Buffer.from(csv(MEDIATOR_COLUMNS, rows)) };
console.log(`[${db.kind}] ${ROWS} mediator rows: .xlsx ${(files.xlsx.length / 1e6).toFixed(1)} MB, CSV ${(files.csv.length / 1e6).toFixed(1)} MB (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

for (const kind of ['xlsx', 'csv'] as const) {
  const previews: number[] = [];
  const commits: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(files[kind])]), `bench.${kind}`);
    t0 = performance.now();
    const p = await fetch(`${base}/api/registry/import/mediators/preview`, { method: 'POST', headers, body: form });
    const preview = (await p.json()) as { token: string; problem_count: number; row_count: number };
    previews.push(performance.now() - t0);
    if (p.status !== 200 || preview.problem_count) throw new Error(`preview: ${p.status} ${JSON.stringify(preview).slice(0, 300)}`);
    t0 = performance.now();
    const c = await fetch(`${base}/api/registry/import/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ token: preview.token }) });
    const done = (await c.json()) as { inserted: number };
    commits.push(performance.now() - t0);
    if (c.status !== 200 || done.inserted !== ROWS) throw new Error(`commit: ${c.status} ${JSON.stringify(done).slice(0, 300)}`);
    await db.knex('mediators').where({ imported_from: preview.token }).delete();
  }
  const s = (xs: number[]) => `median ${(median(xs) / 1000).toFixed(2)} s (runs ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;
  console.log(`[${db.kind}] ${kind}: preview ${s(previews)}; commit ${s(commits)}   goal: preview < 10 s, commit < 20 s`);
}

server.closeAllConnections();
server.close();
await db.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });
