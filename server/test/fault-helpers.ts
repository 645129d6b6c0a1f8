// For the fault tests: the real server as its own process (so it can be SIGKILLed), a session of a
// demo account over plain HTTP, a seeded random source, a restartable PostgreSQL cluster, and the
// invariants that must hold in the database whatever moment the process died at.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { REPO_ROOT } from '../src/config.ts';
import { demoPassword, sessionCookieOf } from './helpers.ts';

export interface ServerProcess {
  base: string;
  proc: ChildProcess;
  /** Everything the process wrote (stdout and stderr). */
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `server/src/index.ts` with node (not npx: the signal must reach the server itself). */
export function startServer(env: Record<string, string>, opts: { timeoutMs?: number; waitReady?: boolean } = {}): Promise<ServerProcess> & { proc: ChildProcess; output(): string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn', CLIENT_DIST: '/nonexistent', DATABASE_URL: '',
      LOGIN_RATE_LIMIT: '100000', TEST_DATABASE_URL: '', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const handle: ServerProcess = {
    base: '',
    proc,
    output: () => out,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
  const ready = new Promise<ServerProcess>((resolve, reject) => {
    // Only a hang fails here: a start on a busy machine (a second test run beside this one) is slow.
    const timeoutMs = opts.timeoutMs ?? 300_000;
    const timeout = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`server not ready after ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    const timer = setInterval(() => {
      const m = /http:\/\/[^:\s]+:(\d+)\//.exec(out);
      if (m) {
        clearInterval(timer);
        clearTimeout(timeout);
        handle.base = `http://127.0.0.1:${m[1]}`;
        resolve(handle);
      }
    }, 25);
    proc.once('exit', (code, signal) => { clearInterval(timer); clearTimeout(timeout); reject(new Error(`server exited (${code ?? signal}):\n${out}`)); });
  });
  return Object.assign(ready, { proc, output: () => out });
}

export interface Session { cookie: string; csrf: string }

export async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: demoPassword(username) }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return { cookie: sessionCookieOf(res)!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

export async function call(base: string, s: Session | null, method: string, p: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (s) { headers.cookie = s.cookie; headers['x-csrf-token'] = s.csrf; }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body: parsed };
}

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- the kill tests' shared steps: a database of their own, a timed restart, a kill in the middle of work ---

export interface OwnStore {
  /** The server's environment: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded). */
  env: Record<string, string>;
  /** PostgreSQL only: a connection to read the database between kills (the embedded folder is locked while the server runs). */
  pgDb?: Database;
  /** Drops the database / removes the folder. */
  dispose(): Promise<void>;
}

/**
 * A database of the test file's own: on PostgreSQL (when TEST_DATABASE_URL is set) one named
 * `<test database>_<suffix>` in the same cluster, else an embedded data folder; the shared test database
 * stays as other files expect it.
 */
export async function ownStore(suffix: string): Promise<OwnStore> {
  const PG = process.env.TEST_DATABASE_URL;
  if (!PG) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `shihe-${suffix.replaceAll('_', '-')}-`));
    return { env: { DATA_DIR: path.join(tmp, 'pglite') }, dispose: async () => fs.rmSync(tmp, { recursive: true, force: true }) };
  }
  const base = new URL(PG);
  const pgName = `${base.pathname.slice(1)}_${suffix}`;
  const pgAdmin = await openDatabase({ url: PG, kind: 'postgres', poolMax: 1 });
  await pgAdmin.knex.raw(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  await pgAdmin.knex.raw(`CREATE DATABASE ${pgName}`);
  base.pathname = `/${pgName}`;
  const pgDb = await openDatabase({ url: base.toString(), kind: 'postgres', poolMax: 2 });
  await pgDb.knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  return {
    env: { DATABASE_URL: base.toString() },
    pgDb,
    dispose: async () => {
      await pgDb.close();
      await pgAdmin.knex.raw(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch(() => undefined);
      await pgAdmin.close();
    },
  };
}

/** Starts the server, adds how long it took to `restarts`, and fails the test if it reported a failed start. */
export async function startTimed(env: Record<string, string>, restarts: number[]): Promise<ServerProcess> {
  const t0 = performance.now();
  const s = await startServer(env);
  restarts.push(performance.now() - t0);
  expect(s.output()).not.toMatch(/start failed|启动失败/);
  return s;
}

/** A request the kill cut off fails in fetch; any other failure is a finding. */
export function cutByKill(err: Error): boolean {
  return /fetch failed|aborted|other side closed|ECONNRESET|ECONNREFUSED|socket/i.test(`${err.message} ${String((err as { cause?: Error }).cause?.message ?? '')}`);
}

/**
 * Lets `work` run for `delay` ms, calls `atKill` (to note what was in flight), SIGKILLs the server,
 * aborts the client's requests, waits for `work` to settle, and starts the server again on the same data;
 * a health answer other than 200 is added to `failures` as `<label>: health <status>`.
 */
export async function killAndRestart(o: {
  srv: ServerProcess; env: Record<string, string>; restarts: number[]; delay: number; stop: AbortController;
  work: Promise<unknown>; atKill?: () => void; failures: string[]; label: string;
}): Promise<ServerProcess> {
  await sleep(o.delay);
  o.atKill?.();
  await o.srv.kill();
  o.stop.abort();
  await o.work;
  const srv = await startTimed(o.env, o.restarts);
  const health = await call(srv.base, null, 'GET', '/api/health');
  if (health.status !== 200) o.failures.push(`${o.label}: health ${health.status}`);
  return srv;
}

// --- a PostgreSQL cluster that can be stopped and started again (scripts/pg-throwaway.mjs deletes on stop) ---

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function pgRun(bin: string, cmd: string, args: string[]) {
  const full = path.join(bin, cmd);
  const [exe, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
  const r = spawnSync(exe, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

export interface Cluster { url: string; start(): void; stop(): void; destroy(): void }

export function makeCluster(bin: string, port: number): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-fault-pg-'));
  fs.chmodSync(dir, 0o777);
  if (isRoot()) spawnSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  pgRun(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  let running = false;
  const c: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/shihe_test`,
    start() {
      pgRun(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
      running = true;
    },
    stop() {
      if (running) pgRun(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    destroy() {
      try { c.stop(); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    },
  };
  c.start();
  const psql = (sql: string, db = 'postgres') => pgRun(bin, 'psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  psql('CREATE DATABASE shihe_test');
  psql('CREATE EXTENSION postgis', 'shihe_test');
  return c;
}

// --- what must hold after any kill -------------------------------------------------------------------

/**
 * Every case the API touched is whole: a registered case has its parties, its `created` event and
 * its audit row; an assigned case has exactly one current assignment, to its mediator, one
 * assigned/reassigned event and one audit row (or a batch audit row) per assignment, and a version
 * that counts them; no mediator holds more open cases than its capacity allows (beyond what the
 * loaded data already had). Returns the violations (empty: consistent).
 */
export async function checkInvariants(knex: Knex): Promise<string[]> {
  const bad: string[] = [];
  const rows = async (sql: string) => (await knex.raw(sql)).rows as Record<string, unknown>[];
  for (const r of await rows(`
    SELECT c.id FROM cases c
    WHERE c.created_by IS NOT NULL AND (
      NOT EXISTS (SELECT 1 FROM case_parties p WHERE p.case_id = c.id)
      OR (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'created') <> 1
      OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'case.create' AND a.target_id = c.id::text))`)) {
    bad.push(`case ${r.id}: registered but its parties, created event or audit row are missing`);
  }
  for (const r of await rows(`
    WITH touched AS (SELECT DISTINCT case_id FROM case_assignments)
    SELECT c.id, c.mediator_id, c.status, c.version, c.created_by,
           (SELECT count(*) FROM case_assignments a WHERE a.case_id = c.id)::int AS assignments,
           (SELECT count(*) FROM case_assignments a WHERE a.case_id = c.id AND a.replaced_at IS NULL)::int AS current,
           (SELECT max(a.mediator_id) FROM case_assignments a WHERE a.case_id = c.id AND a.replaced_at IS NULL) AS current_mediator,
           (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind IN ('assigned', 'reassigned'))::int AS events,
           (SELECT count(*) FROM case_assignments a WHERE a.case_id = c.id AND a.mode <> 'batch')::int AS single,
           (SELECT count(*) FROM audit_log l WHERE l.action IN ('case.assign', 'case.reassign') AND l.target_id = c.id::text)::int AS audits
    FROM cases c WHERE c.id IN (SELECT case_id FROM touched)`)) {
    if (r.current !== 1 || r.current_mediator !== r.mediator_id) bad.push(`case ${r.id}: ${r.current} current assignments (mediator ${r.current_mediator}) but cases.mediator_id ${r.mediator_id}`);
    if (r.events !== r.assignments) bad.push(`case ${r.id}: ${r.assignments} assignments but ${r.events} assigned/reassigned events`);
    if (r.audits !== r.single) bad.push(`case ${r.id}: ${r.single} single assignments but ${r.audits} audit rows`);
    if (r.created_by !== null && r.version !== 1 + (r.assignments as number)) bad.push(`case ${r.id}: version ${r.version} after ${r.assignments} assignments`);
    if (!['assigned', 'mediating', 'settled', 'failed', 'filed', 'withdrawn'].includes(r.status as string)) bad.push(`case ${r.id}: assigned but status ${r.status}`);
  }
  for (const r of await rows(`SELECT id FROM cases c WHERE c.created_by IS NOT NULL AND c.mediator_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id)`)) {
    bad.push(`case ${r.id}: has a mediator but no assignment row`);
  }
  const batches = (await rows(`SELECT count(*)::int AS n FROM case_assignments WHERE mode = 'batch'`))[0]!.n as number;
  const batchAudits = (await rows(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'case.batch_assign' AND (details->'counts'->>'assigned')::int > 0`))[0]!.n as number;
  const batchSum = (await rows(`SELECT coalesce(sum((details->'counts'->>'assigned')::int), 0)::int AS n FROM audit_log WHERE action = 'case.batch_assign'`))[0]!.n as number;
  if (batches !== batchSum) bad.push(`${batches} batch assignment rows but the batch audit rows report ${batchSum} (${batchAudits} batches)`);
  // Capacity: a mediator the API assigned to holds no more open cases than its capacity (or than the
  // loaded data alone gave it, when that was already more).
  for (const r of await rows(`
    SELECT m.id, m.capacity,
           count(*) FILTER (WHERE c.status IN ('pending', 'assigned', 'mediating'))::int AS open,
           count(*) FILTER (WHERE c.status IN ('pending', 'assigned', 'mediating') AND NOT EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id))::int AS loaded_open
    FROM mediators m JOIN cases c ON c.mediator_id = m.id
    WHERE m.id IN (SELECT mediator_id FROM case_assignments)
    GROUP BY m.id, m.capacity`)) {
    if ((r.open as number) > Math.max(r.capacity as number, r.loaded_open as number)) bad.push(`mediator ${r.id}: ${r.open} open cases, capacity ${r.capacity}`);
  }
  return bad;
}
