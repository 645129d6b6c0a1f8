// Attacks on the access layer, over the app's own route table where it can be: session fixation,
// CSRF on every write route, privilege escalation (role, other mediators' cases, another tribunal's
// catchment), and attempts to change the audit log through the API or the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { createTestApp, demoPassword, expectError, sessionCookieOf, type TestApp } from './helpers.ts';
import { accessTable } from '../src/routes/access.ts';

let t: TestApp;
const created: number[] = [];
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } }); });
afterAll(async () => {
  // The cases this file registered go again (their audit rows stay: the log is append-only).
  if (created.length) await t.db.knex('cases').whereIn('id', created).del();
  await t.close();
});

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const concrete = (p: string) => p.replace(/:(\w+)/g, (_m, k: string) => ({ layer: 'townships', kind: 'mediators' } as Record<string, string>)[k] ?? '999999');

async function loginRaw(username: string, cookie?: string) {
  const res = await fetch(`${t.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username, password: demoPassword(username) }),
  });
  expect(res.status).toBe(200);
  return { cookie: sessionCookieOf(res)!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken, setCookies: res.headers.getSetCookie() };
}
const me = (cookie: string) => fetch(`${t.base}/api/auth/me`, { headers: { cookie } });

describe('session fixation', () => {
  it('a session id chosen before login (by an attacker) is not the one the login answers, and never becomes valid', async () => {
    const planted = `shihe_sid=${crypto.randomBytes(32).toString('base64url')}`;
    const s = await loginRaw('admin', planted);
    expect(s.cookie).not.toBe(planted);
    expect((await me(planted)).status).toBe(401);
    expect((await me(s.cookie)).status).toBe(200);
  });

  it("a real session planted in the victim's browser ends at the victim's login: it never carries the victim's rights", async () => {
    const attacker = await loginRaw('planner');
    const victim = await loginRaw('admin', attacker.cookie);
    expect(victim.cookie).not.toBe(attacker.cookie);
    await expectError(await me(attacker.cookie), 401, 'session_expired');
    const users = await fetch(`${t.base}/api/users`, { headers: { cookie: attacker.cookie } });
    expect(users.status).toBe(401);
  });
});

describe('CSRF', () => {
  it('every write route refuses a request without, with a wrong, or with another session\'s X-CSRF-Token (403 csrf_failed)', async () => {
    const own = await t.login('admin');
    const other = await loginRaw('admin');
    const failures: string[] = [];
    const writes = accessTable(t.app).filter((r) => WRITE.has(r.method) && r.rule && !r.rule.anonymous);
    expect(writes.length).toBeGreaterThan(10);
    for (const r of writes) {
      for (const [label, token] of [['none', undefined], ['wrong', 'x'.repeat(own.csrfToken.length)], ['empty', ''], ['other session', other.csrf], ['own token, lower case', own.csrfToken.toLowerCase() === own.csrfToken ? undefined : own.csrfToken.toLowerCase()]] as const) {
        if (label === 'own token, lower case' && token === undefined) continue;
        const headers: Record<string, string> = { cookie: own.cookie, 'content-type': 'application/json' };
        if (token !== undefined) headers['x-csrf-token'] = token;
        // The token in the query string or the body does not count either.
        const res = await fetch(`${t.base}${concrete(r.path)}?csrf=${own.csrfToken}`, { method: r.method, headers, body: JSON.stringify({ csrfToken: own.csrfToken, _csrf: own.csrfToken }) });
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        if (res.status !== 403 || body.error?.code !== 'csrf_failed') failures.push(`${r.method} ${r.path} (${label}): ${res.status} ${body.error?.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a write with the right token passes the CSRF check', async () => {
    const res = await t.request('/api/cases/999999/notes', { as: 'dispatcher', method: 'POST', body: { note: 'x' } });
    expect(res.status).toBe(404);
  });
});

describe('privilege escalation', () => {
  it('a dispatcher cannot change their own role (or anyone\'s), nor create an account', async () => {
    const s = await t.login('dispatcher');
    const id = s.user.id;
    for (const body of [{ role: 'admin' }, { role: 'admin', tribunal_id: null }, { active: true, role: 'leader' }]) {
      await expectError(await t.request(`/api/users/${id}`, { as: 'dispatcher', method: 'PATCH', body }), 403, 'forbidden');
    }
    await expectError(await t.request('/api/users', { as: 'dispatcher', method: 'POST', body: { username: 'escalated', display_name: 'x', role: 'admin', password: 'Escalate-pass-2026' } }), 403, 'forbidden');
    const row = await t.db.knex('users').where({ id }).first();
    expect(row.role).toBe('dispatcher');
    expect(await t.db.knex('users').where({ username: 'escalated' }).first()).toBeUndefined();
    // A role sent at login is not a way in either.
    const login = await fetch(`${t.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: demoPassword('dispatcher'), role: 'admin' }),
    });
    if (login.status === 200) expect(((await login.json()) as { user: { role: string } }).user.role).toBe('dispatcher');
    else expect(login.status).toBe(400);
  });

  it("a mediator cannot read or change another mediator's cases", async () => {
    const m = await t.login('mediator');
    const mine = m.user.mediator_id;
    expect(mine).not.toBeNull();
    const others = await t.db.knex('cases').whereNotNull('mediator_id').whereNot('mediator_id', mine).whereIn('status', ['assigned', 'mediating']).orderBy('id').limit(5).select('id', 'version');
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) {
      const res = await t.request(`/api/cases/${c.id}`, { as: 'mediator' });
      expect([403, 404], `GET /api/cases/${c.id}`).toContain(res.status);
      const change = await t.request(`/api/cases/${c.id}/status`, { as: 'mediator', method: 'POST', body: { version: c.version, status: 'withdrawn', note: '越权测试' } });
      expect([403, 404], `POST /api/cases/${c.id}/status`).toContain(change.status);
      const extend = await t.request(`/api/cases/${c.id}/extend`, { as: 'mediator', method: 'POST', body: { version: c.version, days: 5, reason: '越权测试' } });
      expect([403, 404]).toContain(extend.status);
    }
    const after = await t.db.knex('cases').whereIn('id', others.map((c) => c.id)).select('id', 'version');
    expect(after.map((c) => c.version).sort()).toEqual(others.map((c) => c.version).sort());
    // Lists: only their own, whatever the filters say.
    for (const q of ['', `?mediator=${others[0]!.id}`, '?page_size=200']) {
      const list = (await (await t.request(`/api/cases${q}`, { as: 'mediator' })).json()) as { items: { mediator_id: number }[] };
      expect(list.items.every((c) => c.mediator_id === mine), `/api/cases${q}`).toBe(true);
    }
    expect((await t.request(`/api/cases/${others[0]!.id}/candidates`, { as: 'mediator' })).status).toBe(403);
  });

  it('a tribunal-scoped dispatcher cannot register, see or assign cases outside its catchment', async () => {
    const djh = await t.login('dispatcher_djh');
    const scope = djh.user.tribunal_id;
    expect(scope).not.toBeNull();
    // A point of another tribunal's catchment, from a loaded case.
    const outside = await t.db.knex('cases').whereNot('tribunal_id', scope).whereNotNull('tribunal_id').first(t.db.knex.raw('ST_X(location) AS lng'), t.db.knex.raw('ST_Y(location) AS lat'));
    const body = { title: '越权登记测试', dispute_type: 'neighbour', lng: outside.lng, lat: outside.lat, parties: [{ name: '演示当事人', role: 'applicant' }] };
    await expectError(await t.request('/api/cases', { as: 'dispatcher_djh', method: 'POST', body }), 403, 'outside_scope');
    // Registered by the district dispatcher, pending: invisible and unassignable for the scoped one.
    const res = await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body });
    expect(res.status).toBe(201);
    const c = (await res.json()) as { id: number; version: number; tribunal_id: number };
    created.push(c.id);
    expect(c.tribunal_id).not.toBe(scope);
    expect([403, 404]).toContain((await t.request(`/api/cases/${c.id}`, { as: 'dispatcher_djh' })).status);
    expect([403, 404]).toContain((await t.request(`/api/cases/${c.id}/candidates`, { as: 'dispatcher_djh' })).status);
    const assign = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher_djh', method: 'POST', body: { version: c.version } });
    expect([403, 404]).toContain(assign.status);
    const row = await t.db.knex('cases').where({ id: c.id }).first();
    expect(row).toMatchObject({ status: 'pending', mediator_id: null, version: 1 });
    const list = (await (await t.request('/api/cases?page_size=200&status=pending', { as: 'dispatcher_djh' })).json()) as { items: { tribunal_id: number }[] };
    expect(list.items.every((x) => x.tribunal_id === scope)).toBe(true);
  });
});

describe('the audit log cannot be changed', () => {
  it('the API has no write route on /api/audit, and every write method there is refused', async () => {
    const routes = accessTable(t.app).filter((r) => r.path.startsWith('/api/audit'));
    expect(routes.map((r) => r.method)).toEqual(['GET']);
    await t.db.knex('audit_log').insert({ action: 'auth.login', outcome: 'success', username: 'audit-api-probe' });
    const row = await t.db.knex('audit_log').where({ username: 'audit-api-probe' }).first();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const p of ['/api/audit', `/api/audit/${row.id}`]) {
        const res = await t.request(p, { as: 'admin', method, body: { action: 'forged', details: null } });
        expect(res.status, `${method} ${p}`).toBe(404);
      }
    }
    expect(await t.db.knex('audit_log').where({ id: row.id }).first()).toEqual(row);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit_log, whoever asks', async () => {
    await t.db.knex('audit_log').insert({ action: 'auth.login', outcome: 'success', username: 'append-only-probe' });
    const row = await t.db.knex('audit_log').where({ username: 'append-only-probe' }).orderBy('id', 'desc').first();
    expect(row).toBeDefined();
    const errors: string[] = [];
    try { await t.db.knex('audit_log').where({ id: row.id }).update({ action: 'forged' }); } catch (err) { errors.push((err as Error).message); }
    try { await t.db.knex('audit_log').where({ id: row.id }).del(); } catch (err) { errors.push((err as Error).message); }
    try { await t.db.knex.raw('TRUNCATE audit_log'); } catch (err) { errors.push((err as Error).message); }
    expect(errors).toEqual([
      expect.stringMatching(/append-only \(UPDATE refused\)/), expect.stringMatching(/append-only \(DELETE refused\)/),
      expect.stringMatching(/append-only \(TRUNCATE refused\)/),
    ]);
    let after = await t.db.knex('audit_log').where({ id: row.id }).first();
    if (!after || typeof after.id !== 'number') {
      // Seen on the embedded database under load: after two refused statements in a row, the next query
      // through pglite-socket got an empty answer (a protocol desync). Reported; read again.
      console.warn(`embedded desync after refused statements: got ${JSON.stringify(after)?.slice(0, 120)}`);
      await t.db.knex.raw('SELECT 1');
      after = await t.db.knex('audit_log').where({ id: row.id }).first();
    }
    expect(after).toEqual(row);
  });
});

// Issue 13 (hardening): values each field type must refuse before the database sees them. Each line is
// a class (impossible or far days, ids past int4, text PostgreSQL cannot store, a period too long to
// expand); fuzz.test.ts sends every class to every field of every route, made from the schemas.
describe('bad values reach no database: a 400 in the error shape, never a 5xx', () => {
  const bad = async (path: string, init: { as?: 'admin' | 'dispatcher' | 'leader' | 'planner'; method?: string; body?: unknown } = {}) => {
    const res = await t.request(path, { as: init.as ?? 'admin', method: init.method, body: init.body });
    const text = await res.text();
    expect(res.status, `${path}: ${text.slice(0, 200)}`).toBe(400);
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details: unknown } };
    expect(typeof error.code).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    return error;
  };

  it('impossible and far calendar days, in queries and bodies', async () => {
    expect((await bad('/api/cases?from=2026-02-30')).message).toContain('不是有效日期');
    const far = await bad('/api/areas?level=grid&to=9999-12-31');
    expect(far.message).toContain('2000-01-01'); // the message names the range
    await bad('/api/stats/summary?from=0001-01-01');
    await bad('/api/audit?to=2026-13-01');
    await bad('/api/boundaries/imports/00000000-0000-4000-8000-000000000000/commit', { method: 'POST', body: { valid_from: '2026-02-30', confirm: true } });
    await bad('/api/training/sessions', { as: 'dispatcher', method: 'POST', body: { held_on: '9999-12-31', topic: 'x', hours: 1, organiser: 'x', place: 'x' } });
    await bad('/api/cases/1/guidance', { as: 'dispatcher', method: 'POST', body: { mode: 'legal_guidance', note: 'x', requested_at: '2026-02-30T09:00:00+08:00' } });
  });

  it('a period that would expand to 120,000 months is refused, naming the bound', async () => {
    const e = await bad('/api/assessment/trend?from=0001-01-01&to=9999-12-31', { as: 'leader' });
    expect(e.message).toMatch(/2000-01-01/);
    const long = await bad('/api/assessment/trend?from=2000-01-01&to=2026-11-30', { as: 'leader' });
    expect(long.message).toContain('120 个月');
    await bad('/api/dashboard?from=2000-01-01&to=2026-11-30', { as: 'leader' });
    await bad('/api/stats/summary?from=2000-01-01&to=2026-11-30');
  });

  it('integers beyond what the int4 columns hold', async () => {
    expect((await bad('/api/coverage/scenarios/compare?ids=2147483648', { as: 'planner' })).message).toContain('2147483647');
    await bad('/api/mediators?tribunal=99999999999');
    await bad('/api/organisations?tribunal=99999999999');
    await bad('/api/cases?mediator=2147483648');
    await bad('/api/cases/2147483648');
    await bad('/api/mediators/99999999999');
    await bad('/api/cases?page=99999999999');
    await bad('/api/users', { method: 'POST', body: { username: 'overflow', display_name: 'x', role: 'dispatcher', password: 'Overflow-2026', tribunal_id: 2147483648 } });
  });

  it('a lone UTF-16 surrogate in any string field, a case title and a registry field included', async () => {
    const before = await t.db.knex('cases').count({ n: '*' }).first();
    const title = await bad('/api/cases', { as: 'dispatcher', method: 'POST', body: { title: 'A\ud800B', dispute_type: 'neighbour', parties: [{ name: '张某', role: 'applicant' }], lng: 114.07, lat: 32.12 } });
    expect(title.message).toContain('无法保存的字符');
    await bad('/api/mediators', { method: 'POST', body: { name: 'A\ud800B', kind: 'full_time', phone: '13900000001', service_areas: [{ level: 'township', code: '411502001000' }] } });
    await bad('/api/organisations', { method: 'POST', body: { name: '调委会', kind: 'township_committee', note: 'x\udc00' } });
    await bad('/api/auth/login', { method: 'POST', body: { username: 'A\ud800B', password: 'x' } });
    // A key no schema reads is refused too (it would reach the audit log's jsonb otherwise).
    await bad('/api/cases/999999/notes', { as: 'dispatcher', method: 'POST', body: { note: 'x', 'k\ud800': 1 } });
    expect(await t.db.knex('cases').count({ n: '*' }).first()).toEqual(before);
  });

  it('a PostgreSQL data error that slips past validation is a 400 and a warning, not a 500', async () => {
    const { errorMiddleware } = await import('../src/errors.ts');
    // The errors this database really raises for each class of bad value.
    const probes: [string, string][] = [
      ['SELECT CAST(? AS int)', '2147483648'], ['SELECT CAST(? AS int)', 'abc'], ['SELECT CAST(? AS date)', '2026-02-30'],
      ['SELECT CAST(? AS date)', 'not a day'], ['SELECT CAST(? AS jsonb)', '{"a":"\\ud800"}'], ['SELECT CAST(? AS text)', 'a\u0000b'],
    ];
    const raised: { code?: string; message: string }[] = [];
    for (const [sql, value] of probes) {
      try { await t.db.knex.raw(sql, [value]); raised.push({ message: 'no error' }); } catch (err) { raised.push(err as { code?: string; message: string }); }
    }
    expect(raised.map((e) => e.code)).toEqual([expect.stringMatching(/^22/), expect.stringMatching(/^22/), expect.stringMatching(/^22/), expect.stringMatching(/^22/), expect.stringMatching(/^22/), expect.stringMatching(/^22/)]);
    for (const real of raised) {
      const code = real.code!;
      const warned: unknown[] = [];
      const log = { warn: (o: unknown) => warned.push(o), error: () => { throw new Error('logged as an error'); } };
      let status = 0;
      let sent: { error?: { code?: string; message?: string } } = {};
      const res = { status(s: number) { status = s; return this; }, json(b: typeof sent) { sent = b; return this; }, set() { return this; } };
      errorMiddleware(log as never)(real, { method: 'GET', originalUrl: '/x' } as never, res as never, () => {});
      expect([code, status, typeof sent.error?.message, warned.length]).toEqual([code, 400, 'string', 1]);
    }
  });
});
