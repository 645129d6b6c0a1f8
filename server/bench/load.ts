// `npm run bench:load`: the real server (its own process) under a realistic mix at district scale for
// a bounded time, over loopback with autocannon: map tiles, areas, locate, assignment previews, case
// lists, case registration and assignment of the new cases. Prints throughput, p50/p99 latency,
// errors (every non-2xx counts: the run must have none) and the server's memory before and after
// (RSS and heap after a full collection; the heap must not grow).
//   LOAD_SECONDS (default 20), LOAD_CONNECTIONS (default 8), LOAD_DATABASE_URL (a throwaway PostgreSQL
//   database; default: the embedded database in a fresh temporary folder).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fromTable, type Table } from '../src/contract/table.ts';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 8);
const repo = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-load-'));

const cases = fromTable<{ location: [number, number] }>(JSON.parse(fs.readFileSync(path.join(repo, 'data/build/cases.json'), 'utf8')) as Table);
const points = cases.map((c) => c.location);
function tilesAt(z: number): [number, number][] {
  const n = 2 ** z;
  const x = (lng: number) => Math.floor(((lng + 180) / 360) * n);
  const rad = (d: number) => (d * Math.PI) / 180;
  const y = (lat: number) => Math.floor(((1 - Math.log(Math.tan(rad(lat)) + 1 / Math.cos(rad(lat))) / Math.PI) / 2) * n);
  const out: [number, number][] = [];
  for (let i = x(113.716); i <= x(114.208); i++) for (let j = y(32.338); j <= y(31.752); j++) out.push([i, j]);
  return out;
}
const tiles = [10, 11, 12, 13, 14].flatMap((z) => tilesAt(z).map(([x, y]) => [z, x, y] as const));
const layers = ['townships', 'villages', 'grids', 'cases'];

// --- the server --------------------------------------------------------------------------------------
const proc = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=64', '--import', 'tsx', 'server/bench/load-server.ts'], {
  cwd: repo,
  env: {
    ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', CLIENT_DIST: '/nonexistent', LOGIN_RATE_LIMIT: '100000',
    DATABASE_URL: process.env.LOAD_DATABASE_URL ?? '', DATA_DIR: path.join(tmp, 'pglite'),
  },
  stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
});
let out = '';
proc.stdout!.on('data', (d) => (out += d));
proc.stderr!.on('data', (d) => (out += d));
const base = await new Promise<string>((resolve, reject) => {
  const timer = setInterval(() => {
    const m = /http:\/\/[^:\s]+:(\d+)\//.exec(out);
    if (m) { clearInterval(timer); resolve(`http://127.0.0.1:${m[1]}`); }
  }, 50);
  proc.once('exit', (code) => { clearInterval(timer); reject(new Error(`server exited (${code}):\n${out}`)); });
});
type Mem = NodeJS.MemoryUsage;
const memory = () => new Promise<Mem>((resolve) => { proc.once('message', (m) => resolve(m as Mem)); proc.send('memory'); });

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: 'Demo-dispatcher-2026' }),
});
if (login.status !== 200) throw new Error(`login: ${login.status}`);
const cookie = login.headers.getSetCookie().find((c) => c.startsWith('shihe_sid='))!.split(';')[0]!;
const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;

// --- the mix -----------------------------------------------------------------------------------------
let seed = 42;
const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
const TYPES = ['neighbour', 'marriage_family', 'land', 'debt', 'labour', 'traffic'];
/** New cases not assigned yet (id, version 1): the assignment requests take them one each. */
const fresh: number[] = [];
const MIX: [weight: number, make: () => { method: string; path: string; body?: unknown }][] = [
  [34, () => ({ method: 'GET', path: pick(tileUrls) })],
  [10, () => ({ method: 'GET', path: `/api/areas?level=${rand() < 0.8 ? pick(['township', 'village']) : 'grid'}` })],
  [12, () => { const [lng, lat] = pick(points); return { method: 'GET', path: `/api/locate?lng=${lng}&lat=${lat}` }; }],
  [16, () => { const [lng, lat] = pick(points); return { method: 'POST', path: '/api/assign/preview', body: { lng, lat, dispute_type: pick(TYPES) } }; }],
  [8, () => ({ method: 'GET', path: `/api/cases?page_size=50&status=${pick(['pending', 'assigned', 'mediating'])}` })],
  [4, () => ({ method: 'GET', path: '/api/stats/summary' })],
  [10, () => { const [lng, lat] = pick(points); return { method: 'POST', path: '/api/cases', body: { title: '压力测试登记（演示）', dispute_type: pick(TYPES), lng, lat, parties: [{ name: '演示当事人', role: 'applicant' }] } }; }],
  [6, () => { const id = fresh.shift(); return id ? { method: 'POST', path: `/api/cases/${id}/assign`, body: { version: 1 } } : { method: 'GET', path: '/api/auth/me' }; }],
];
const total = MIX.reduce((n, [w]) => n + w, 0);
const failures = new Map<string, number>();
const label = (method: string, p: string) => `${method} ${p.replace(/\?.*$/, '').replace(/\/\d+(?=\/|\.|$)/g, '/:n')}`;

async function run(seconds: number) {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{
      setupRequest: (req) => {
        let r = rand() * total;
        const make = MIX.find(([w]) => (r -= w) < 0)![1];
        const { method, path: p, body } = make();
        if (process.env.LOAD_TRACE) console.log(Date.now() % 100000, method, p);
        // ASCII only: autocannon counts Content-Length in characters, so Chinese text would be cut.
        const json = body === undefined ? undefined : JSON.stringify(body).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
        // A fresh request object: one built on the previous (a POST) keeps its body length, and the
        // next GET then waits forever for a body that never comes.
        void req;
        return { method: method as 'GET' | 'POST', path: p, headers: { cookie, 'x-csrf-token': csrf, ...(json ? { 'content-type': 'application/json' } : {}) }, ...(json ? { body: json } : {}) };
      },
      onResponse: (status, body) => {
        if (status >= 300) { const k = `${status} ${body.slice(0, 80)}`; failures.set(k, (failures.get(k) ?? 0) + 1); }
        if (status === 201 && body.includes('"parties"')) {
          const id = Number(/"id":(\d+)/.exec(body)?.[1]);
          if (id) fresh.push(id);
        }
      },
    }],
  });
  return result;
}

// A warm-up: every tile layer's index (built on first use) and every area level once, a short run
// (plans, caches, JIT); then the memory baseline, then the measured run.
for (const layer of layers) for (const z of [10, 11, 12, 13]) {
  const [, x, y] = tiles.find((t) => t[0] === z)!;
  await fetch(`${base}/api/tiles/${layer}/${z}/${x}/${y}.mvt`, { headers: { cookie } }).then((r) => r.arrayBuffer());
}
// Tiles that hold something (an empty one is a 204 of no cost: it would flatter the figures).
const tileUrls: string[] = [];
for (let i = 0; i < 160; i++) {
  const [z, x, y] = pick(tiles);
  const url = `/api/tiles/${pick(layers)}/${z}/${x}/${y}.mvt`;
  if ((await fetch(base + url, { headers: { cookie } }).then(async (r) => { await r.arrayBuffer(); return r.status; })) === 200) tileUrls.push(url);
}
for (const level of ['township', 'village', 'grid']) await fetch(`${base}/api/areas?level=${level}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
await run(5);
const before = await memory();
const result = await run(SECONDS);
const after = await memory();
const res2 = await fetch(`${base}/api/health`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(`load: ${SECONDS} s, ${CONNECTIONS} connections, ${tileUrls.length} distinct tiles, ${process.env.LOAD_DATABASE_URL ? 'PostgreSQL' : 'embedded'} database, mix: ${MIX.map(([w, f]) => `${w}% ${label(f().method, f().path).split(' ')[1]}`).join(', ')}`);
console.log(`  throughput ${result.requests.average.toFixed(0)} req/s (${result.requests.total} requests), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
console.log(`  errors ${result.errors} (connection), timeouts ${result.timeouts}, non-2xx ${result.non2xx}; health after: ${res2.status}`);
console.log(`  server memory after gc: RSS ${mb(before.rss)} → ${mb(after.rss)}, heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, external ${mb(before.external)} → ${mb(after.external)}`);
console.log(`  cases registered and left to assign: ${fresh.length}`);
if (failures.size) console.log('  non-2xx answers:', Object.fromEntries(failures));
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(result.errors || result.non2xx || result.timeouts ? 1 : 0);
