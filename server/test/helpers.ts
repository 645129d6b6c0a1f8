// Test fixtures are built fresh per file: an app on a random port over the shared test database.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import pino from 'pino';
import type { Express } from 'express';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { createApp, type AppContext } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DISTRICT_DIR } from './paths.ts';
import { seedDemoUsers, DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import type { LoginAnswer, Role } from '../src/contract/auth.ts';
import { fromTable, type Table } from '../src/contract/table.ts';

export interface TestApp {
  base: string;
  db: Database;
  ctx: AppContext;
  /** The Express app (accessTable(app) lists its routes and their access rules). */
  app: Express;
  /** This app's clock (sessions read it): move it forward instead of waiting. */
  clock: TestClock;
  /** GET as the app's default user (admin unless `as` says otherwise; null: anonymous). */
  get(pathAndQuery: string): Promise<Response>;
  /** A logged-in session of a demo account, made once per app and role (argon2 is slow on purpose). */
  login(username: DemoUser): Promise<TestSession>;
  /** Any request, as a demo account (with its cookie, and its CSRF token unless `csrf: false`) or anonymous. */
  request(pathAndQuery: string, init?: { as?: DemoUser | null; method?: string; body?: unknown; csrf?: boolean; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A controllable clock, epoch ms. `running` follows the wall clock plus what `advance` added; `frozen`
 * stands at its creation time plus what `advance` added, so nothing changes between two steps of a test
 * however slow the machine is.
 */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(kind: 'running' | 'frozen' = 'running'): TestClock {
  const start = Date.now();
  let added = 0;
  return {
    now: () => (kind === 'frozen' ? start : Date.now()) + added,
    advance: (ms) => { added += ms; },
  };
}

/** A demo account's username: one per role, plus `dispatcher_djh` (scoped to 董家河法庭). */
export type DemoUser = Role | 'dispatcher_djh';

export interface TestSession {
  cookie: string;
  csrfToken: string;
  user: LoginAnswer['user'];
}

export function demoPassword(username: string): string {
  return DEMO_ACCOUNTS.find((a) => a.username === username)!.password;
}

/** The `name=value` of a Set-Cookie answer (the session cookie; the last one, as a browser keeps). */
export function sessionCookieOf(res: Response): string | undefined {
  return res.headers.getSetCookie().filter((c) => c.includes('shihe_sid=')).pop()?.split(';')[0];
}

export async function openTestDatabase(): Promise<Database> {
  const { url, kind } = inject('database');
  return openDatabase({ url, kind });
}

/**
 * `env`: settings for this app; `as`: who `get` is (default admin). `sharing`: another app whose
 * database connection to use (the embedded database takes one connection: a second app in the same
 * file must share it); closing this app then leaves the connection open. `clock`: its clock, or the kind
 * of a new one (default running; tests of time limits use a frozen one and advance it).
 */
export async function createTestApp(opts: { env?: Record<string, string>; as?: DemoUser | null; sharing?: TestApp; clock?: 'running' | 'frozen' | TestClock } = {}): Promise<TestApp> {
  const db = opts.sharing?.db ?? (await openTestDatabase());
  await seedDemoUsers(db.knex); // a no-op unless a test emptied the users table (migrations.test.ts)
  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...opts.env });
  const clock = typeof opts.clock === 'object' ? opts.clock : testClock(opts.clock);
  const { app, ctx } = createApp({ db, config, log: pino({ level: 'silent' }), now: clock.now });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions = new Map<string, Promise<TestSession>>();
  const login = (username: DemoUser) => {
    let s = sessions.get(username);
    if (!s) {
      s = (async () => {
        const res = await fetch(`${base}/api/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: demoPassword(username) }),
        });
        if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
        const body = (await res.json()) as LoginAnswer;
        return { cookie: sessionCookieOf(res)!, csrfToken: body.csrfToken, user: body.user };
      })();
      s.catch(() => sessions.delete(username));
      sessions.set(username, s);
    }
    return s;
  };
  const request: TestApp['request'] = async (p, init = {}) => {
    const who = init.as === undefined ? (opts.as === undefined ? 'admin' : opts.as) : init.as;
    const headers: Record<string, string> = { ...init.headers };
    if (who) {
      const s = await login(who);
      headers.cookie = s.cookie;
      if (init.csrf !== false) headers['x-csrf-token'] = s.csrfToken;
    }
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(base + p, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  };
  return {
    base,
    db,
    ctx,
    app,
    clock,
    get: (p) => request(p),
    login,
    request,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      if (!opts.sharing) await db.close();
    },
  };
}

export function readBuild<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(DISTRICT_DIR, file), 'utf8')) as T;
}

/** Every 4xx answer has this shape. */
export async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  if (res.status !== status || body.error?.code !== code || !body.error?.message) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  return body.error;
}

/** The demo cases (data/build/cases.json is a column table). */
export function readCases<T>(): T[] {
  return fromTable<T>(readBuild<Table>('cases.json'));
}

/** The XYZ tiles at zoom z that the district's bounding box (113.717–114.207E, 31.752–32.338N) touches. */
export function districtTiles(z: number): [number, number][] {
  const n = 2 ** z;
  const x = (lng: number) => Math.floor(((lng + 180) / 360) * n);
  const rad = (d: number) => (d * Math.PI) / 180;
  const y = (lat: number) => Math.floor(((1 - Math.log(Math.tan(rad(lat)) + 1 / Math.cos(rad(lat))) / Math.PI) / 2) * n);
  const tiles: [number, number][] = [];
  for (let i = x(113.716); i <= x(114.208); i++) for (let j = y(32.338); j <= y(31.752); j++) tiles.push([i, j]);
  return tiles;
}

/** The XYZ tile of a point at zoom z. */
export function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}
