// The HTTP side of the dispatch benchmarks: POST /api/assign/preview timed from a SEPARATE process, as a
// browser would send it (its own event loop, a kept-alive connection, Accept-Encoding gzip/deflate/br, the
// session cookie and CSRF token), so the server's figures do not include the client's own work on the
// server's event loop. `previewRounds` forks this file; run as a child it logs in, warms up, then sends
// the bodies in order, one at a time, and reports every round's timings to its parent.
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS } from '../src/db/seed-users.ts';

export interface RoundsRequest {
  base: string; bodies: unknown[]; rounds: number; perRound: number; warmup: number;
  /** Instead of the preview, GET this path (the floor: a logged-in request that does no query). */
  get?: string;
}

/** Timings (ms) of `rounds` rounds of `perRound` previews each, after `warmup` untimed ones. */
export function previewRounds(req: RoundsRequest): Promise<number[][]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m: { rounds?: number[][]; error?: string }) => {
      child.kill();
      if (m.error) reject(new Error(m.error));
      else resolve(m.rounds!);
    });
    child.once('error', reject);
    child.once('exit', (code) => { if (code) reject(new Error(`preview client exited with ${code}`)); });
    child.send(req);
  });
}

async function runClient(req: RoundsRequest): Promise<number[][]> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === 'dispatcher')!;
  const login = await fetch(`${req.base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(req.get ?? '/api/assign/preview', req.base);
  const post = (body: string) => new Promise<number>((resolve, reject) => {
    const t = performance.now();
    const r = http.request(url, {
      method: req.get ? 'GET' : 'POST', agent,
      headers: {
        ...(req.get ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }), accept: 'application/json',
        'accept-encoding': 'gzip, deflate, br', cookie, 'x-csrf-token': csrfToken,
      },
    }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`preview answered ${res.statusCode}`))));
    });
    r.on('error', reject);
    r.end(req.get ? undefined : body);
  });
  const bodies = req.bodies.map((b) => JSON.stringify(b));
  let i = 0;
  for (let k = 0; k < req.warmup; k++) await post(bodies[i++ % bodies.length]!);
  const out: number[][] = [];
  for (let r = 0; r < req.rounds; r++) {
    const xs: number[] = [];
    for (let k = 0; k < req.perRound; k++) xs.push(await post(bodies[i++ % bodies.length]!));
    out.push(xs);
  }
  agent.destroy();
  return out;
}

if (process.send && import.meta.url === `file://${process.argv[1]}`) {
  process.once('message', (req: RoundsRequest) => {
    runClient(req).then(
      (rounds) => process.send!({ rounds }),
      (e: unknown) => process.send!({ error: String(e) }),
    );
  });
}

/** p50 and p99 of each round, and their medians over the rounds (the figure reported). */
export function roundFigures(rounds: number[][]): { p50: number; p99: number; p50s: number[]; p99s: number[] } {
  const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
  const p50s = rounds.map((r) => pct(r, 50));
  const p99s = rounds.map((r) => pct(r, 99));
  return { p50: pct(p50s, 50), p99: pct(p99s, 50), p50s, p99s };
}
