// Login, sessions (cookie flags, rotation, idle and absolute expiry, restart), CSRF, the login rate
// limit, user administration and the audit entries each of them writes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, demoPassword, expectError, sessionCookieOf, testClock, type TestApp } from './helpers.ts';
import { loadConfig } from '../src/config.ts';
import { removeTestAccounts } from './field-helpers.ts';
import { accountsWithDemoPasswords, DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import { sessionHash } from '../src/services/sessions.ts';

let t: TestApp;
let maxUser: number; // the accounts this file creates are deleted afterwards (the isolation check)
beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  maxUser = Number((await t.db.knex('users').max({ m: 'id' }))[0]!.m);
});
afterAll(async () => {
  await removeTestAccounts(t, ((await t.db.knex('users').where('id', '>', maxUser).select('id')) as { id: number }[]).map((u) => u.id));
  await t.close();
});

const post = (app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(app.base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const login = (app: TestApp, username: string, password = demoPassword(username), headers: Record<string, string> = {}) =>
  post(app, '/api/auth/login', { username, password }, headers);
const lastAudit = (where: Record<string, unknown>) => t.db.knex('audit_log').where(where).orderBy('id', 'desc').first();

describe('POST /api/auth/login', () => {
  it('answers the user (no hash) and a CSRF token, and sets an httpOnly SameSite cookie', async () => {
    const res = await login(t, 'dispatcher_djh');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toEqual({
      id: expect.any(Number), username: 'dispatcher_djh', display_name: '演示分流员（董家河法庭）', role: 'dispatcher',
      tribunal_id: expect.any(Number), tribunal_name: '董家河法庭', mediator_id: null, mediator_name: null, mediator_kind: null,
      active: true, must_change_password: false,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(body)).not.toMatch(/argon2|password_hash|"password"/);
    const set = res.headers.getSetCookie().join('\n');
    expect(set).toMatch(/shihe_sid=[A-Za-z0-9_-]{43}/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).not.toMatch(/Secure/i); // only in production
    expect(await lastAudit({ action: 'auth.login', username: 'dispatcher_djh' })).toMatchObject({ outcome: 'success', role: 'dispatcher', target_type: 'user', ip: expect.any(String) });
  });

  it('stores only a hash of the session id', async () => {
    const res = await login(t, 'planner');
    const id = sessionCookieOf(res)!.split('=')[1]!;
    const rows = await t.db.knex('sessions').select('id_hash');
    expect(rows.some((r: { id_hash: string }) => r.id_hash === id)).toBe(false);
    expect(rows.every((r: { id_hash: string }) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('refuses a wrong password or an unknown user alike, and audits the attempted username', async () => {
    const wrong = await expectError(await login(t, 'leader', 'not-the-password-1'), 401, 'invalid_credentials');
    const unknown = await expectError(await login(t, 'nobody_here', 'whatever-123'), 401, 'invalid_credentials');
    expect(wrong.message).toBe(unknown.message);
    expect(await lastAudit({ action: 'auth.login', username: 'leader', outcome: 'failure' })).toMatchObject({ user_id: null, details: { reason: 'wrong_password' } });
    expect(await lastAudit({ action: 'auth.login', username: 'nobody_here' })).toMatchObject({ outcome: 'failure', user_id: null, details: { reason: 'unknown_user' } });
  });

  it('validates the body', async () => {
    await expectError(await post(t, '/api/auth/login', { username: 'admin' }), 400, 'invalid_input');
  });

  it('rotates the session id: the cookie changes at login and the old session ends', async () => {
    const first = sessionCookieOf(await login(t, 'mediator'))!;
    const res = await login(t, 'mediator', undefined, { cookie: first });
    const second = sessionCookieOf(res)!;
    expect(second).not.toBe(first);
    await expectError(await fetch(`${t.base}/api/auth/me`, { headers: { cookie: first } }), 401, 'session_expired');
    expect((await fetch(`${t.base}/api/auth/me`, { headers: { cookie: second } })).status).toBe(200);
  });
});

describe('GET /api/auth/me and POST /api/auth/logout', () => {
  it('me answers the user and the same CSRF token as the login', async () => {
    const res = await login(t, 'leader');
    const { csrfToken } = await res.json();
    const me = await (await fetch(`${t.base}/api/auth/me`, { headers: { cookie: sessionCookieOf(res)! } })).json();
    expect(me).toMatchObject({ user: { username: 'leader', role: 'leader', tribunal_id: null }, csrfToken });
  });

  it('me without a session is 401 unauthenticated', async () => {
    await expectError(await fetch(`${t.base}/api/auth/me`), 401, 'unauthenticated');
  });

  it('logout ends the session, clears the cookie and is audited', async () => {
    const res = await login(t, 'planner');
    const cookie = sessionCookieOf(res)!;
    const { csrfToken } = await res.json();
    const out = await post(t, '/api/auth/logout', {}, { cookie, 'x-csrf-token': csrfToken });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/shihe_sid=;/);
    await expectError(await fetch(`${t.base}/api/auth/me`, { headers: { cookie } }), 401, 'session_expired');
    expect(await lastAudit({ action: 'auth.logout' })).toMatchObject({ username: 'planner', role: 'planner', outcome: 'success' });
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, or with a wrong one', async () => {
    const s = await t.login('admin');
    const body = { username: 'csrf_probe', display_name: '演示', role: 'leader', password: 'Probe-pass-2026' };
    await expectError(await post(t, '/api/users', body, { cookie: s.cookie }), 403, 'csrf_failed');
    await expectError(await post(t, '/api/users', body, { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) }), 403, 'csrf_failed');
    expect(await t.db.knex('users').where({ username: 'csrf_probe' }).first()).toBeUndefined();
  });

  it('accepts GET without the token', async () => {
    expect((await t.request('/api/users', { csrf: false })).status).toBe(200);
  });
});

// Time limits are tested on apps of their own with a frozen clock that the test moves forward (sharing
// one clock where two servers meet): nothing waits on the wall clock, and no other test's session is
// touched, so a slow machine changes nothing.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const me = (app: TestApp, cookie: string) => fetch(`${app.base}/api/auth/me`, { headers: { cookie } });
const sessionRow = (cookie: string) => t.db.knex('sessions').where({ id_hash: sessionHash(t.ctx.config.SESSION_SECRET, cookie.split('=')[1]!) }).first();

describe('session expiry', () => {
  it('ends a session after SESSION_IDLE_MINUTES without requests: 401 session_expired; each request renews it', async () => {
    const app = await createTestApp({ sharing: t, clock: 'frozen', env: { SESSION_IDLE_MINUTES: '30' } });
    try {
      const cookie = sessionCookieOf(await login(app, 'leader'))!;
      app.clock.advance(29 * MINUTE);
      expect((await me(app, cookie)).status).toBe(200);
      app.clock.advance(29 * MINUTE); // 58 minutes after login, 29 after the last request
      expect((await me(app, cookie)).status).toBe(200);
      app.clock.advance(31 * MINUTE);
      const res = await fetch(`${app.base}/api/areas?level=township`, { headers: { cookie } });
      await expectError(res, 401, 'session_expired');
      expect(res.headers.getSetCookie().join()).toMatch(/shihe_sid=;/);
      expect(await sessionRow(cookie)).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('ends a session SESSION_MAX_HOURS after login, however active', async () => {
    const app = await createTestApp({ sharing: t, clock: 'frozen' }); // idle 480 minutes, at most 12 hours
    try {
      const cookie = sessionCookieOf(await login(app, 'leader'))!;
      for (let h = 1; h < 12; h++) {
        app.clock.advance(HOUR);
        expect((await me(app, cookie)).status, `${h} h after login`).toBe(200);
      }
      app.clock.advance(HOUR - 1);
      expect((await me(app, cookie)).status).toBe(200);
      app.clock.advance(1);
      await expectError(await me(app, cookie), 401, 'session_expired');
    } finally {
      await app.close();
    }
  });

  it("a server's own limits neither end nor purge another server's sessions: each keeps those of its login", async () => {
    const clock = testClock('frozen');
    const brief = await createTestApp({ sharing: t, clock, env: { SESSION_IDLE_MINUTES: '1' } });
    const normal = await createTestApp({ sharing: t, clock }); // 480 minutes
    try {
      const long = sessionCookieOf(await login(normal, 'planner'))!;
      const short = sessionCookieOf(await login(brief, 'leader'))!;
      clock.advance(10 * MINUTE);
      // A login purges the sessions past their own limits: the 1-minute one, not the 480-minute one.
      const later = sessionCookieOf(await login(brief, 'dispatcher'))!;
      expect(await sessionRow(short)).toBeUndefined();
      expect((await me(normal, long)).status).toBe(200);
      expect((await me(brief, long)).status).toBe(200);
      // …and a server with a longer limit does not keep a 1-minute session alive.
      clock.advance(2 * MINUTE);
      await expectError(await me(normal, later), 401, 'session_expired');
    } finally {
      await brief.close();
      await normal.close();
    }
  });

  it('a session survives a restart (another app on the same database)', async () => {
    const s = await t.login('dispatcher');
    const other = await createTestApp({ sharing: t });
    try {
      expect((await me(other, s.cookie)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('session cache (SESSION_CACHE_SECONDS)', () => {
  const dropRow = async (cookie: string) => t.db.knex('sessions').where({ id_hash: sessionHash(t.ctx.config.SESSION_SECRET, cookie.split('=')[1]!) }).delete();

  it('answers a valid session from memory within the TTL, from the database after it', async () => {
    const cached = await createTestApp({ sharing: t, clock: 'frozen', env: { SESSION_CACHE_SECONDS: '30' } });
    try {
      const cookie = sessionCookieOf(await login(cached, 'planner'))!;
      expect((await me(cached, cookie)).status).toBe(200);
      expect(await dropRow(cookie)).toBe(1);
      // No database read: the cached session still answers (another process would see the change within the TTL)…
      cached.clock.advance(30_000 - 1);
      expect((await me(cached, cookie)).status).toBe(200);
      // …until the TTL has passed.
      cached.clock.advance(1);
      await expectError(await me(cached, cookie), 401, 'session_expired');
    } finally {
      await cached.close();
    }
  });

  it('logout ends a cached session at once', async () => {
    const cached = await createTestApp({ sharing: t, clock: 'frozen', env: { SESSION_CACHE_SECONDS: '30' } });
    try {
      const res = await login(cached, 'planner');
      const cookie = sessionCookieOf(res)!;
      const { csrfToken } = await res.json();
      expect((await me(cached, cookie)).status).toBe(200);
      expect(await dropRow(cookie)).toBe(1);
      expect((await post(cached, '/api/auth/logout', {}, { cookie, 'x-csrf-token': csrfToken })).status).toBe(200); // answered from the cache
      await expectError(await me(cached, cookie), 401, 'session_expired');
    } finally {
      await cached.close();
    }
  });

  it('SESSION_CACHE_SECONDS=0 reads the database on every request', async () => {
    const uncached = await createTestApp({ sharing: t, clock: 'frozen', env: { SESSION_CACHE_SECONDS: '0' } });
    try {
      const cookie = sessionCookieOf(await login(uncached, 'planner'))!;
      expect((await me(uncached, cookie)).status).toBe(200);
      expect(await dropRow(cookie)).toBe(1);
      await expectError(await me(uncached, cookie), 401, 'session_expired');
    } finally {
      await uncached.close();
    }
  });
});

describe('login rate limit', () => {
  it('answers 429 rate_limited after LOGIN_RATE_LIMIT failed attempts for a username, even with the right password', async () => {
    const limited = await createTestApp({ sharing: t, env: { LOGIN_RATE_LIMIT: '3' } });
    try {
      for (let i = 0; i < 3; i++) await expectError(await login(limited, 'planner', 'wrong-password-1'), 401, 'invalid_credentials');
      const err = await expectError(await login(limited, 'planner'), 429, 'rate_limited');
      expect(err.message).toMatch(/分钟后再试/);
      expect(await lastAudit({ action: 'auth.login', username: 'planner', outcome: 'failure' })).toMatchObject({ details: { reason: 'rate_limited' } });
      // The address has used its attempts too: another username from it is limited as well.
      await expectError(await login(limited, 'leader'), 429, 'rate_limited');
    } finally {
      await limited.close();
    }
  });
});

describe('user administration', () => {
  it('lists users without password hashes', async () => {
    const res = await t.request('/api/users');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toMatch(/argon2|password_hash/);
    const { items } = JSON.parse(text) as { items: { username: string; is_demo: boolean }[] };
    expect(items.map((u) => u.username)).toEqual(expect.arrayContaining(DEMO_ACCOUNTS.map((a) => a.username)));
  });

  it('creates a user (audited), refuses a taken username and a weak password', async () => {
    const body = { username: 'Test_Leader2', display_name: '演示测试领导', role: 'leader', password: 'Strong-pass-2026' };
    const res = await t.request('/api/users', { method: 'POST', body });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toMatchObject({ username: 'test_leader2', role: 'leader', active: true });
    expect(JSON.stringify(user)).not.toMatch(/argon2|password_hash|"password"/);
    expect(await lastAudit({ action: 'user.create' })).toMatchObject({ username: 'admin', role: 'admin', target_type: 'user', target_id: String(user.id), details: { username: 'test_leader2', role: 'leader' } });
    await expectError(await t.request('/api/users', { method: 'POST', body }), 409, 'username_taken');
    await expectError(await t.request('/api/users', { method: 'POST', body: { ...body, username: 'weak_one', password: 'short' } }), 400, 'invalid_input');
    expect((await login(t, 'test_leader2', 'Strong-pass-2026')).status).toBe(200);
  });

  it('changes role, deactivates and resets a password; each ends the user\'s sessions and is audited', async () => {
    const created = await (await t.request('/api/users', { method: 'POST', body: { username: 'temp_planner', display_name: '演示临时', role: 'planner', password: 'Temp-pass-2026' } })).json();
    const s = await login(t, 'temp_planner', 'Temp-pass-2026');
    const cookie = sessionCookieOf(s)!;
    const patched = await t.request(`/api/users/${created.id}`, { method: 'PATCH', body: { role: 'leader' } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ role: 'leader' });
    await expectError(await fetch(`${t.base}/api/auth/me`, { headers: { cookie } }), 401, 'session_expired');
    expect(await lastAudit({ action: 'user.update' })).toMatchObject({ target_id: String(created.id), details: { role: 'leader' } });

    await t.request(`/api/users/${created.id}`, { method: 'PATCH', body: { password: 'Reset-pass-2026' } });
    expect(await lastAudit({ action: 'user.update' })).toMatchObject({ details: { password_reset: true } });
    expect(JSON.stringify((await lastAudit({ action: 'user.update' })).details)).not.toContain('Reset-pass');
    await expectError(await login(t, 'temp_planner', 'Temp-pass-2026'), 401, 'invalid_credentials');
    expect((await login(t, 'temp_planner', 'Reset-pass-2026')).status).toBe(200);

    await t.request(`/api/users/${created.id}`, { method: 'PATCH', body: { active: false } });
    await expectError(await login(t, 'temp_planner', 'Reset-pass-2026'), 401, 'invalid_credentials');
  });

  it('refuses unknown users, unknown fields and demoting the last admin', async () => {
    await expectError(await t.request('/api/users/999999', { method: 'PATCH', body: { role: 'leader' } }), 404, 'user_not_found');
    await expectError(await t.request('/api/users/1', { method: 'PATCH', body: { password_hash: 'x' } }), 400, 'invalid_input');
    const admin = (await t.login('admin')).user;
    await expectError(await t.request(`/api/users/${admin.id}`, { method: 'PATCH', body: { role: 'leader' } }), 409, 'last_admin');
  });
});

describe('GET /api/audit', () => {
  it('pages and filters by user, action and day', async () => {
    const all = await (await t.request('/api/audit?page_size=5')).json();
    expect(all.total).toBeGreaterThan(5);
    expect(all.items).toHaveLength(5);
    expect(all.items[0]).toEqual(expect.objectContaining({ id: expect.any(Number), at: expect.any(String), action: expect.any(String), outcome: expect.any(String) }));
    expect(Date.parse(all.items[0].at)).toBeGreaterThanOrEqual(Date.parse(all.items[4].at));
    const page2 = await (await t.request('/api/audit?page_size=5&page=2')).json();
    expect(page2.items[0].id).toBeLessThan(all.items[4].id);

    const logins = await (await t.request('/api/audit?action=auth.login&user=LEADER&page_size=200')).json();
    expect(logins.total).toBeGreaterThan(0);
    for (const i of logins.items) expect(i).toMatchObject({ action: 'auth.login', username: 'leader' });

    // Days are Shanghai days. The run may cross midnight there, so the day comes from the rows: those
    // up to the day before the newest row's and those of that day are all the rows.
    const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
    const day = shanghaiDay(all.items[0].at);
    const dayBefore = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    const onDay = await (await t.request(`/api/audit?from=${day}&to=${day}&page_size=200`)).json();
    expect(onDay.total).toBeGreaterThan(0);
    for (const i of onDay.items) expect(shanghaiDay(i.at)).toBe(day);
    expect(onDay.total + (await (await t.request(`/api/audit?to=${dayBefore}`)).json()).total).toBe(all.total);
    expect((await (await t.request('/api/audit?to=2000-01-01')).json()).total).toBe(0);
    await expectError(await t.request('/api/audit?page=0'), 400, 'invalid_input');
  });

  it('audit rows cannot be changed or deleted, not even by SQL', async () => {
    const trigger = await t.db.knex.raw(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname`);
    expect(trigger.rows.map((r: { tgname: string }) => r.tgname)).toEqual(['audit_log_append_only', 'audit_log_no_truncate']);
    // A statement that fails inside the embedded database's socket can upset the shared connection
    // for later files (seen with pglite-socket 0.2.11): try the refusal itself on PostgreSQL only.
    if (inject('database').kind === 'postgres') {
      await expect(t.db.knex('audit_log').update({ outcome: 'failure' })).rejects.toThrow(/append-only/);
      await expect(t.db.knex('audit_log').delete()).rejects.toThrow(/append-only/);
      await expect(t.db.knex.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    }
  });
});

describe('production settings', () => {
  it('refuses NODE_ENV=production without SESSION_SECRET, saying what to do', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET.*32/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).SESSION_SECRET).toBe('x'.repeat(32));
  });

  it('finds the accounts whose demo password still works (a production start refuses them)', async () => {
    const still = await accountsWithDemoPasswords(t.db.knex);
    expect(still).toEqual(expect.arrayContaining(['admin', 'leader', 'dispatcher', 'planner', 'mediator']));
  });
});
