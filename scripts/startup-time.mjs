// Start-up as a user feels it: from the command to the first answered GET /api/health.
// Runs the real `npm run serve` command (the client build check of `npm start` is timed apart) for
//   first start   — an empty DATA_DIR in a temporary folder (creates, migrates, loads the district);
//   warm restart  — the same folder again (several times: the median and the spread);
//   PostgreSQL    — when DATABASE_URL (or --pg URL) is given: a warm start on that server.
// and prints the server's own `ready` log line (open_ms, migrate_ms, load_ms, ready_ms) beside each.
//
//   node scripts/startup-time.mjs [--runs 3] [--pg postgres://…] [--busy] [--node-flags "…"]
// --busy starts a CPU-heavy process beside the server for the whole run (a second heavy process on
// the machine), so "quiet" and "busy" figures come from the same script.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt('--runs', '3'));
const pgUrl = opt('--pg', process.env.DATABASE_URL || '');
const busy = args.includes('--busy');
// Extra node flags to try (e.g. --node-flags "--wasm-lazy-compilation"), compared with the real command.
const nodeFlags = opt('--node-flags', '').split(' ').filter(Boolean);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.ok || res.status === 503;
  } catch {
    return false;
  }
}

/** One start: spawn, poll /api/health every 25 ms, stop cleanly (SIGTERM, the embedded folder is written on close). */
async function once(label, env) {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', ...nodeFlags, '--import', 'tsx', 'server/src/index.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', COVERAGE_WARM_SECONDS: process.env.COVERAGE_WARM_SECONDS ?? '30', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const deadline = t0 + 300_000;
  while (exited === null && performance.now() < deadline && !(await healthy(port))) await sleep(25);
  const ms = Math.round(performance.now() - t0);
  if (exited === null && ms >= 300_000) {
    child.kill('SIGKILL');
    console.error(out);
    throw new Error(`${label}: no answer within 300 s`);
  }
  if (exited !== null) {
    console.error(out);
    throw new Error(`${label}: the server exited (${exited}) before answering`);
  }
  const ready = out.split('\n').map((l) => { try { return JSON.parse(l); } catch { return null; } }).find((l) => l?.msg === 'ready');
  child.kill('SIGTERM');
  await new Promise((r) => (exited !== null ? r() : child.on('exit', r)));
  const parts = ready ? Object.entries(ready).filter(([k]) => k.endsWith('_ms')).map(([k, v]) => `${k}=${v}`).join(' ') : '(no ready line)';
  console.log(`${label.padEnd(16)} ${(ms / 1000).toFixed(2).padStart(6)} s to first answer   server: ${parts}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let hog;
if (busy) {
  // A second heavy process: one core busy with a tight loop for the whole run.
  hog = spawn(process.execPath, ['-e', 'for(;;){Math.sqrt(Math.random())}'], { stdio: 'ignore' });
}
const load = () => os.loadavg()[0].toFixed(1);
console.log(`node ${process.version}, ${os.cpus().length} cores, load ${load()}${busy ? ', with a busy-loop process beside it' : ''}`);

try {
  if (fs.existsSync(path.join(root, 'client/dist/index.html'))) {
    const t = performance.now();
    spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'ignore' });
    console.log(`${'build check'.padEnd(16)} ${((performance.now() - t) / 1000).toFixed(2).padStart(6)} s   (npm start's client build check; it rebuilds when client/dist is stale)`);
  } else {
    console.log('build check      skipped: client/dist is not built (`npm run build`), so it would build');
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-startup-'));
  const embedded = { DATA_DIR: path.join(dir, 'pglite'), DATABASE_URL: '' };
  try {
    await once('first start', embedded);
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push(await once(`warm restart ${i + 1}`, embedded));
    console.log(`warm restart: median ${(median(warm) / 1000).toFixed(2)} s, range ${(Math.min(...warm) / 1000).toFixed(2)}–${(Math.max(...warm) / 1000).toFixed(2)} s`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (pgUrl) {
    await once('postgres first', { DATABASE_URL: pgUrl });
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push(await once(`postgres warm ${i + 1}`, { DATABASE_URL: pgUrl }));
    console.log(`postgres warm: median ${(median(warm) / 1000).toFixed(2)} s`);
  }
  console.log(`load now ${load()}`);
} finally {
  hog?.kill();
}
