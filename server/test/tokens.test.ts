// Personal access tokens (routes/tokens.ts, services/tokens.ts, the access layer): created and revoked by
// their user, stored hashed, used as Bearer or HTTP Basic, read-only by default, expiring, scoped like
// the user, audited.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import type { CreatedToken, AccessTokenItem } from '../src/contract/tokens.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => { await t.close(); });

async function create(as: DemoUser, body: Record<string, unknown> = { name: 'QGIS' }): Promise<CreatedToken> {
  const res = await t.request('/api/auth/tokens', { as, method: 'POST', body });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedToken;
}
const bearer = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  t.request(path, { as: null, method: init.method, body: init.body, headers: { authorization: `Bearer ${token}` } });
const basic = (user: string, token: string, path: string) =>
  t.request(path, { as: null, headers: { authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` } });
const auditRows = (action: string, id: number) => t.db.knex('audit_log').where({ action, target_type: 'access_token', target_id: String(id) });

describe('personal access tokens', () => {
  it('are created by their user, shown once, stored only as a hash, read-only for 90 days by default', async () => {
    const tok = await create('planner');
    expect(tok.token).toMatch(/^shp_[A-Za-z0-9_-]{43}$/);
    expect(tok.read_only).toBe(true);
    expect(tok.state).toBe('active');
    expect(Date.parse(tok.expires_at) - Date.parse(tok.created_at)).toBe(90 * 86_400_000);
    const row = await t.db.knex('access_tokens').where({ id: tok.id }).first();
    expect(JSON.stringify(row)).not.toContain(tok.token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = (await (await t.request('/api/auth/tokens', { as: 'planner' })).json()) as { items: AccessTokenItem[] };
    expect(list.items.find((i) => i.id === tok.id)).toMatchObject({ name: 'QGIS', prefix: tok.token.slice(0, 10) });
    expect(JSON.stringify(list)).not.toContain(tok.token);
    expect((await auditRows('token.create', tok.id)).length).toBe(1);
  });

  it('work as Bearer and as HTTP Basic (login name + token), as their user', async () => {
    const tok = await create('leader');
    await expectError(await bearer(tok.token, '/api/auth/me'), 403, 'session_required'); // no session, no CSRF token to give
    const rows = await t.db.knex('audit_log').where({ action: 'token.use', target_id: String(tok.id) }).select('username');
    expect(rows.map((r) => r.username)).toEqual(['leader']);
    expect((await basic('leader', tok.token, '/api/ogc/collections')).status).toBe(200);
    expect((await basic('LEADER', tok.token, '/api/areas?level=township')).status).toBe(200);
    // Someone else's name with this token, or a wrong token: 401, and the OGC routes challenge.
    const wrong = await basic('admin', tok.token, '/api/ogc/collections');
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    await expectError(wrong, 401, 'token_invalid');
    await expectError(await bearer(`shp_${crypto.randomBytes(32).toString('base64url')}`, '/api/areas?level=township'), 401, 'token_invalid');
  });

  it('carry the user\'s role and tribunal scope', async () => {
    const leader = await create('leader');
    await expectError(await bearer(leader.token, '/api/users'), 403, 'forbidden');
    const djh = await create('dispatcher_djh');
    const scoped = (await (await bearer(djh.token, '/api/ogc/collections/cases/items?limit=1')).json()) as { numberMatched: number };
    const tribunal = (await t.login('dispatcher_djh')).user.tribunal_id!;
    const n = Number((await t.db.knex('cases').whereIn('township_code', t.db.knex('townships').where({ tribunal_id: tribunal }).select('code')).count({ n: '*' }))[0]!.n);
    expect(scoped.numberMatched).toBe(n);
  });

  it('read-only tokens may only GET; a read-write token writes without a CSRF token', async () => {
    const ro = await create('admin');
    await expectError(await bearer(ro.token, '/api/auth/logout', { method: 'POST', body: {} }), 403, 'token_read_only');
    const rw = await create('admin', { name: '脚本', read_only: false, days: 1 });
    expect(rw.read_only).toBe(false);
    // A write route reached with the token (no cookie, no x-csrf-token): past the access layer.
    const res = await bearer(rw.token, '/api/tribunals/999999', { method: 'PATCH', body: {} });
    expect([400, 404, 422]).toContain(res.status);
  });

  it('sent as HTTP Basic, even a read-write token only reads (a browser may replay Basic on its own)', async () => {
    const rw = await create('admin', { name: 'rw basic', read_only: false });
    const auth = `Basic ${Buffer.from(`admin:${rw.token}`).toString('base64')}`;
    const res = await t.request('/api/tribunals/999999', { as: null, method: 'PATCH', body: {}, headers: { authorization: auth } });
    await expectError(res, 403, 'token_read_only');
  });

  it('a valid session cookie takes precedence over a token in the same request', async () => {
    const tok = await create('leader');
    // The admin's browser with a leader's cached Basic credentials: still the admin, with the session's CSRF rules.
    const res = await t.request('/api/auth/me', { as: 'admin', headers: { authorization: `Basic ${Buffer.from(`leader:${tok.token}`).toString('base64')}` } });
    expect(((await res.json()) as { user: { username: string } }).user.username).toBe('admin');
  });

  it('cannot manage tokens (only a logged-in session can)', async () => {
    const rw = await create('admin', { name: 'rw', read_only: false });
    await expectError(await bearer(rw.token, '/api/auth/tokens'), 403, 'session_required');
    await expectError(await bearer(rw.token, '/api/auth/tokens', { method: 'POST', body: { name: 'x' } }), 403, 'session_required');
  });

  it('are revoked by their user at once; another user cannot revoke them', async () => {
    const tok = await create('dispatcher');
    expect((await bearer(tok.token, '/api/areas?level=township')).status).toBe(200);
    await expectError(await t.request(`/api/auth/tokens/${tok.id}`, { as: 'planner', method: 'DELETE' }), 404, 'token_not_found');
    const res = await t.request(`/api/auth/tokens/${tok.id}`, { as: 'dispatcher', method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as AccessTokenItem).state).toBe('revoked');
    const after = await bearer(tok.token, '/api/areas?level=township');
    expect((await expectError(after, 401, 'token_invalid')) && true).toBe(true);
    expect((await auditRows('token.revoke', tok.id)).length).toBe(1);
  });

  it('expire', async () => {
    const tok = await create('planner', { name: 'short', days: 1 });
    await t.db.knex('access_tokens').where({ id: tok.id }).update({ expires_at: new Date(Date.now() - 1000) });
    const res = await bearer(tok.token, '/api/areas?level=township');
    const err = await expectError(res, 401, 'token_invalid');
    expect(err.message).toContain('过期');
    const list = (await (await t.request('/api/auth/tokens', { as: 'planner' })).json()) as { items: AccessTokenItem[] };
    expect(list.items.find((i) => i.id === tok.id)!.state).toBe('expired');
    await expectError(await t.request('/api/auth/tokens', { as: 'planner', method: 'POST', body: { name: 'x', days: 400 } }), 400, 'invalid_input');
    await expectError(await t.request('/api/auth/tokens', { as: 'planner', method: 'POST', body: { name: '' } }), 400, 'invalid_input');
  });

  it('use is audited at most once an hour per token', async () => {
    const tok = await create('leader');
    for (let i = 0; i < 3; i++) expect((await bearer(tok.token, '/api/areas?level=township')).status).toBe(200);
    expect((await auditRows('token.use', tok.id)).length).toBe(1);
    // An hour later (the last audit moved back), the next use is audited again.
    await t.db.knex('access_tokens').where({ id: tok.id }).update({ use_audited_at: new Date(Date.now() - 3_600_001) });
    expect((await bearer(tok.token, '/api/areas?level=township')).status).toBe(200);
    const rows = await auditRows('token.use', tok.id);
    expect(rows.length).toBe(2);
    expect(rows[0].username).toBe('leader');
    expect(rows[0].details).toMatchObject({ method: 'GET', path: '/api/areas' });
    expect(Date.parse((await t.db.knex('access_tokens').where({ id: tok.id }).first()).last_used_at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('of a deactivated user stop working', async () => {
    const tok = await create('mediator');
    expect((await bearer(tok.token, '/api/areas?level=township')).status).toBe(200);
    const user = await t.db.knex('users').where({ username: 'mediator' }).first('id');
    await t.db.knex('users').where({ id: user.id }).update({ active: false });
    try {
      await expectError(await bearer(tok.token, '/api/areas?level=township'), 401, 'token_invalid');
    } finally {
      await t.db.knex('users').where({ id: user.id }).update({ active: true });
    }
  });
});
