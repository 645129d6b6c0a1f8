// Start-up as a user feels it: from the command to the first answered GET /api/health.
// Runs the real `npm run serve` command (node scripts/serve.mjs: the server bundle, rebuilt when stale;
// --source: the TypeScript sources through tsx instead; the client build check of `npm start` is timed apart) for
//   first start   — an empty DATA_DIR in a temporary folder (creates, migrates, loads the district);
//   warm restart  — the same folder again (several times: the median and the spread);
//   PostgreSQL    — when DATABASE_URL (or --pg URL) is given: a warm start on that server.
// and prints the server's own `ready` log line (open_ms, migrate_ms, load_ms, ready_ms) beside each.
//
//   node scripts/startup-time.mjs [--runs 3] [--pg postgres://…] [--busy] [--source] [--node-flags "…"]
//   node scripts/startup-time.mjs --data-dir .data/pglite --runs 5   (warm restarts of an existing folder)
//   node scripts/startup-time.mjs --first-starts 20 [--timeout 180] [--env POSTGIS_BUNDLE=full]
// --busy starts a CPU-heavy process beside the server for the whole run (a second heavy process on
// the machine), so "quiet" and "busy" figures come from the same script.
// Each line gives the wall time to the first answer, the load average, and the server's CPU time
// (user + sys, all threads) up to that answer: CPU time hardly depends on what else the machine does.
// --first-starts N only makes N first starts, each in a new temporary DATA_DIR, each with a time
// limit (--timeout, seconds): a start that does not answer in time is reported with its CPU time
// (spinning or waiting?) and a Node diagnostic report (JS stack, open handles), then killed.
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
const firstStarts = Number(opt('--first-starts', '0'));
// An existing embedded folder: only warm restarts on it (no first start; the folder is kept).
const dataDir = opt('--data-dir', '');
const serveArgs = args.includes('--source') ? ['scripts/serve.mjs', '--source'] : ['scripts/serve.mjs'];
const timeoutMs = Number(opt('--timeout', '300')) * 1000;
// Extra settings for the server, e.g. --env POSTGIS_BUNDLE=full (repeatable).
const extraEnv = Object.fromEntries(args.flatMap((a, i) => (a === '--env' ? [args[i + 1].split(/=(.*)/s).slice(0, 2)] : [])));
const CLK_TCK = 100;
/** user + sys CPU seconds of a live process (Linux), or null. */
function cpuSeconds(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

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
  // PORT=0: the system gives a free port and the server prints it. A port picked here at random was
  // once taken by another program on this shared machine, and the server then never answered.
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-startup-report-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--report-on-signal', `--report-directory=${reportDir}`, ...nodeFlags, ...serveArgs], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', COVERAGE_WARM_SECONDS: process.env.COVERAGE_WARM_SECONDS ?? '30', ...extraEnv, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const deadline = t0 + timeoutMs;
  let cpu = null;
  while (exited === null && performance.now() < deadline) {
    const port = /http:\/\/[^:\s]+:(\d+)\//.exec(out)?.[1];
    if (port && (await healthy(port))) {
      cpu = cpuSeconds(child.pid);
      break;
    }
    await sleep(25);
  }
  const ms = Math.round(performance.now() - t0);
  if (exited === null && cpu === null) {
    // No answer in time: is it computing or waiting? Then a report of where it is (JS stack, handles).
    const c1 = cpuSeconds(child.pid);
    await sleep(2000);
    const c2 = cpuSeconds(child.pid);
    child.kill('SIGUSR2');
    await sleep(3000);
    child.kill('SIGKILL');
    const keep = path.join(os.tmpdir(), `shihe-stalled-start-${Date.now()}`);
    fs.cpSync(reportDir, keep, { recursive: true });
    fs.writeFileSync(path.join(keep, 'server.log'), out);
    fs.rmSync(reportDir, { recursive: true, force: true });
    console.log(`${label.padEnd(16)} NO ANSWER within ${timeoutMs / 1000} s   cpu ${c1?.toFixed(1)} s, +${c2 !== null && c1 !== null ? (c2 - c1).toFixed(2) : '?'} s in the last 2 s   load ${load()}   log and report: ${keep}`);
    return { ms: null, cpu: c1 };
  }
  fs.rmSync(reportDir, { recursive: true, force: true });
  if (exited !== null) {
    console.error(out);
    throw new Error(`${label}: the server exited (${exited}) before answering`);
  }
  const ready = out.split('\n').map((l) => { try { return JSON.parse(l); } catch { return null; } }).find((l) => l?.msg === 'ready');
  child.kill('SIGTERM');
  await new Promise((r) => (exited !== null ? r() : child.on('exit', r)));
  cpu ??= ready?.cpu_ms ? ready.cpu_ms / 1000 : null;
  const parts = ready ? Object.entries(ready).filter(([k]) => k.endsWith('_ms') && k !== 'cpu_ms').map(([k, v]) => `${k}=${v}`).join(' ') : '(no ready line)';
  console.log(`${label.padEnd(16)} ${(ms / 1000).toFixed(2).padStart(6)} s to first answer, cpu ${cpu === null ? '?' : cpu.toFixed(2)} s, load ${load()}   server: ${parts}`);
  return { ms, cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg()[0].toFixed(1);
const summary = (label, results) => {
  const ms = results.map((r) => r.ms);
  const cpu = results.map((r) => r.cpu).filter((c) => c !== null);
  return `${label}: median ${(median(ms) / 1000).toFixed(2)} s, range ${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)} s; cpu median ${cpu.length ? median(cpu).toFixed(2) : '?'} s`;
};

let hog;
if (busy) {
  // A second heavy process: one core busy with a tight loop for the whole run.
  hog = spawn(process.execPath, ['-e', 'for(;;){Math.sqrt(Math.random())}'], { stdio: 'ignore' });
}
console.log(`node ${process.version}, ${os.cpus().length} cores, load ${load()}${busy ? ', with a busy-loop process beside it' : ''}`);

const answered = (results) => results.filter((r) => r.ms !== null);

try {
  if (firstStarts > 0) {
    // Repeated first starts, each in its own empty folder (the trimmed PostGIS bundle, once made, is reused from CACHE_DIR).
    const results = [];
    for (let i = 0; i < firstStarts; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-first-'));
      try {
        results.push(await once(`first start ${i + 1}`, { DATA_DIR: path.join(dir, 'pglite'), DATABASE_URL: '' }));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const ok = answered(results);
    console.log(`${ok.length} of ${results.length} first starts answered within ${timeoutMs / 1000} s${ok.length ? `; ${summary('first start', ok)}` : ''}`);
    if (ok.length < results.length) process.exitCode = 1;
  } else {
    if (fs.existsSync(path.join(root, 'client/dist/index.html'))) {
      const t = performance.now();
      spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'ignore' });
      console.log(`${'build check'.padEnd(16)} ${((performance.now() - t) / 1000).toFixed(2).padStart(6)} s   (npm start's client build check; it rebuilds when client/dist is stale)`);
    } else {
      console.log('build check      skipped: client/dist is not built (`npm run build`), so it would build');
    }

    const dir = dataDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-startup-'));
    const embedded = { DATA_DIR: dataDir ? path.resolve(dataDir) : path.join(dir, 'pglite'), DATABASE_URL: '' };
    try {
      if (!dataDir) await once('first start', embedded);
      const warm = [];
      for (let i = 0; i < runs; i++) warm.push(await once(`warm restart ${i + 1}`, embedded));
      console.log(summary('warm restart', answered(warm)));
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (pgUrl) {
      await once('postgres first', { DATABASE_URL: pgUrl });
      const warm = [];
      for (let i = 0; i < runs; i++) warm.push(await once(`postgres warm ${i + 1}`, { DATABASE_URL: pgUrl }));
      console.log(summary('postgres warm', answered(warm)));
    }
  }
  console.log(`load now ${load()}`);
} finally {
  hog?.kill();
}
