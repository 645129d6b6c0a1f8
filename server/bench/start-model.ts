// The dispatch read model's build at start must not delay the other routes' answers (issue 15). Starts
// the real server (server/src/index.ts, its own process) and, from the moment it says it is ready until
// 1 s after its log says `dispatch model ready`, asks GET /api/health (one query) and GET /api/auth/me
// (no session: 401, no query) one after the other; prints the first answer of each, the answers during
// the build (p50, p99, worst and when) and after it, and the build time the server logged.
//   PROVINCE_URL=postgres://…/province npx tsx server/bench/start-model.ts     the province (built before)
//   DATABASE_URL=postgres://… npx tsx server/bench/start-model.ts              any database
// The coverage warmer is off (COVERAGE_WARM_SECONDS=0): only the model's build is measured.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { REPO_ROOT } from '../src/config.ts';
import { ms, percentile } from './stats.ts';

const pct = (xs: number[], p: number) => (xs.length ? ms(percentile(xs, p)) : '–');

const url = process.env.PROVINCE_URL ?? process.env.DATABASE_URL;
if (!url) { console.log('[start-model] give PROVINCE_URL or DATABASE_URL'); process.exit(1); }

interface Answer { route: string; at: number; ms: number; status: number }

const proc = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'server/src/index.ts'], {
  cwd: REPO_ROOT,
  env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CLIENT_DIST: '/nonexistent', DATABASE_URL: url, LOAD_DISTRICT: 'never', COVERAGE_WARM_SECONDS: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
proc.stdout!.on('data', (d) => (out += d));
const until = async (re: RegExp, timeoutMs: number) => {
  const t = performance.now();
  for (;;) {
    const m = re.exec(out);
    if (m) return m;
    if (performance.now() - t > timeoutMs || proc.exitCode !== null) throw new Error(`not seen ${re}:\n${out}`);
    await new Promise((r) => setTimeout(r, 1));
  }
};

try {
  const port = (await until(/http:\/\/[^:\s]+:(\d+)\//, 300_000))[1];
  const ready = performance.now();
  const answers: Answer[] = [];
  let builtAt: number | null = null;
  const routes = ['/api/health', '/api/auth/me'];
  for (let k = 0; builtAt === null || performance.now() - ready - builtAt < 1000; k++) {
    const route = routes[k % 2]!;
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${route}`);
    await res.arrayBuffer();
    answers.push({ route, at: t - ready, ms: performance.now() - t, status: res.status });
    if (builtAt === null && /dispatch model ready/.test(out)) builtAt = performance.now() - ready;
    if (performance.now() - ready > 600_000) throw new Error(`the model was not built in 10 minutes:\n${out}`);
  }
  const buildLog = /"dispatch_model_ms":(\d+)/.exec(out)?.[1];
  const readyLog = /"ready_ms":(\d+)/.exec(out)?.[1];
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; server ready in ${readyLog} ms; model built ${buildLog} ms after it started (its log), seen ${ms(builtAt!)} after ready`);
  for (const route of routes) {
    const mine = answers.filter((a) => a.route === route);
    const during = mine.filter((a) => a.at < builtAt!).map((a) => a.ms).sort((a, b) => a - b);
    const after = mine.filter((a) => a.at >= builtAt!).map((a) => a.ms).sort((a, b) => a - b);
    const worst = mine.filter((a) => a.at < builtAt!).reduce((w, a) => (a.ms > w.ms ? a : w), { ms: 0, at: 0 } as Answer);
    console.log(`[start-model] ${route} (${mine[0]!.status}): first answer ${ms(mine[0]!.ms)}; during the build ${during.length} answers p50 ${pct(during, 50)} p99 ${pct(during, 99)} ` +
      `worst ${ms(worst.ms)} (asked ${ms(worst.at)} after ready); after it ${after.length} answers p50 ${pct(after, 50)} worst ${ms(after[after.length - 1] ?? 0)}`);
  }
} finally {
  proc.kill('SIGTERM');
}
