// Every /api route × every role, generated from the app's own route table: a route added later is
// covered without touching this file, and one registered without an access rule fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express, { Router } from 'express';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { createTestApp, type DemoUser, type TestApp } from './helpers.ts';
import { accessTable, refuseUndeclared, roleAllowed, route, ANONYMOUS, type AccessRule } from '../src/routes/access.ts';
import { errorMiddleware } from '../src/errors.ts';
import type { Role } from '../src/contract/auth.ts';

let t: TestApp;
// Many logins from one address: lift the login rate limit for this app.
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => { await t.close(); });

const ROLE_OF: Record<DemoUser, Role> = {
  admin: 'admin', leader: 'leader', dispatcher: 'dispatcher', dispatcher_djh: 'dispatcher', planner: 'planner', mediator: 'mediator',
};
const WHO: (DemoUser | null)[] = [null, 'admin', 'leader', 'dispatcher', 'dispatcher_djh', 'planner', 'mediator'];

/** A concrete URL for a route pattern: ids that exist nowhere (a write must not change anything). */
const SAMPLE: Record<string, string> = { layer: 'townships', z: '8', x: '209', y: '105', id: '999999' };
const concrete = (p: string) => p.replace(/:(\w+)/g, (_m, k: string) => SAMPLE[k] ?? '999999');

/** Routes whose success ends the session they ran in: they get a fresh one. */
const ENDS_SESSION = new Set(['POST /api/auth/logout']);

describe('the route table', () => {
  it('lists the routes of the app, and every /api route declares an access rule', () => {
    const table = accessTable(t.app);
    expect(table.length).toBeGreaterThanOrEqual(12);
    expect(table.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([
      'GET /api/health', 'GET /api/config', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/me',
      'GET /api/areas', 'GET /api/locate', 'GET /api/stats/summary', 'GET /api/tiles/:layer/:z/:x/:y.mvt',
      'GET /api/audit', 'GET /api/users', 'POST /api/users', 'PATCH /api/users/:id',
    ]));
    expect(table.filter((r) => r.rule === null).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('only the login, health, config and /api/public routes are anonymous', () => {
    const anonymous = accessTable(t.app).filter((r) => r.rule?.anonymous).map((r) => `${r.method} ${r.path}`);
    for (const r of anonymous) expect(['GET /api/health', 'GET /api/config', 'POST /api/auth/login'].includes(r) || r.includes(' /api/public/'), r).toBe(true);
  });

  it('a route registered without a rule is refused with 403', async () => {
    const app = express();
    app.use(refuseUndeclared(app, pino({ level: 'silent' })));
    const r = Router();
    r.get('/api/naked', (_req, res) => { res.json({ leaked: true }); });
    route(r, 'get', '/api/dressed', ANONYMOUS, (_req, res) => { res.json({ ok: true }); });
    app.use(r);
    app.use(errorMiddleware(pino({ level: 'silent' })));
    expect(accessTable(app).map((e) => [e.path, e.rule === null])).toEqual([['/api/naked', true], ['/api/dressed', false]]);
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', () => ok()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const naked = await fetch(`${base}/api/naked`);
      expect(naked.status).toBe(403);
      expect(((await naked.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      expect((await fetch(`${base}/api/dressed`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('every route × every role', () => {
  const table = () => accessTable(t.app);
  // The table is known once the app exists: build the cases inside one test per route.
  it('answers by the declared rule (allowed: not 401/403; other roles: 403 forbidden; anonymous: 401)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of table()) {
      const rule = r.rule as AccessRule;
      for (const who of WHO) {
        const label = `${r.method} ${r.path} as ${who ?? 'anonymous'}`;
        let as: DemoUser | null = who;
        let init: Parameters<TestApp['request']>[1] = { as, method: r.method, ...(r.method === 'GET' ? {} : { body: {} }) };
        if (who && ENDS_SESSION.has(`${r.method} ${r.path}`)) {
          // A session of its own, so the cached one stays valid.
          const res = await fetch(`${t.base}/api/auth/login`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: who, password: (await import('./helpers.ts')).demoPassword(who) }),
          });
          const body = (await res.json()) as { csrfToken: string };
          const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
          as = null;
          init = { as, method: r.method, body: {}, headers: { cookie, 'x-csrf-token': body.csrfToken } };
        }
        const res = await t.request(concrete(r.path), init);
        const body = res.status === 204 ? null : await res.text();
        const code = body && body.startsWith('{') ? (JSON.parse(body) as { error?: { code?: string } }).error?.code : undefined;
        checked++;
        const allowed = rule.anonymous || (who !== null && roleAllowed(rule, ROLE_OF[who]));
        if (allowed) {
          if (res.status === 401 || (res.status === 403 && (code === 'forbidden' || code === 'csrf_failed'))) failures.push(`${label}: allowed, got ${res.status} ${code}`);
        } else if (who === null) {
          if (res.status !== 401 || code !== 'unauthenticated') failures.push(`${label}: expected 401 unauthenticated, got ${res.status} ${code}`);
        } else if (res.status !== 403 || code !== 'forbidden') {
          failures.push(`${label}: expected 403 forbidden, got ${res.status} ${code}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(table().length * WHO.length);
  });

  it('the existing map routes are open to every logged-in role and admin-only routes to admin', () => {
    const rule = (m: string, p: string) => table().find((r) => r.method === m && r.path === p)!.rule!;
    for (const p of ['/api/areas', '/api/locate', '/api/stats/summary', '/api/tiles/:layer/:z/:x/:y.mvt']) {
      for (const role of ['admin', 'leader', 'dispatcher', 'planner', 'mediator'] as Role[]) expect(roleAllowed(rule('GET', p), role)).toBe(true);
    }
    for (const [m, p] of [['GET', '/api/audit'], ['GET', '/api/users'], ['POST', '/api/users'], ['PATCH', '/api/users/:id']] as const) {
      expect(rule(m, p)).toEqual({ anonymous: false, roles: ['admin'] });
    }
  });

  it('a refused request is written to the audit log', async () => {
    await t.request('/api/users', { as: 'leader' });
    const row = await t.db.knex('audit_log').where({ action: 'access.denied', username: 'leader' }).orderBy('id', 'desc').first();
    expect(row).toMatchObject({ outcome: 'denied', role: 'leader', details: { method: 'GET', path: '/api/users' } });
  });
});
