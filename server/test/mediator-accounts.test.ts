// Accounts for real mediators (issue 14): the picker's search, bulk creation with initial passwords
// shown once, the password change the server requires before anything else, one account per registry
// mediator (the database's unique index, 409 with a Chinese message), linking, and the audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { call, fieldSession, freeMediators, login, removeTestAccounts } from './field-helpers.ts';
import type { CreatedMediatorAccount, MediatorOption } from '../src/contract/auth.ts';

let t: TestApp;
const created: number[] = [];
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => {
  await removeTestAccounts(t, created);
  await t.close();
});

const bulk = (mediator_ids: number[]) => t.request('/api/users/mediator-accounts', { method: 'POST', body: { mediator_ids } });
const userCount = async () => Number((await t.db.knex('users').count({ n: '*' }))[0]!.n);

describe('the registry mediator picker', () => {
  it('finds a mediator by name, unit or phone, and shows the account already linked', async () => {
    const m = await t.db.knex('mediators').whereNotNull('phone').whereNotNull('work_unit').orderBy('id').first('id', 'name', 'phone', 'work_unit');
    const search = async (q: string) => ((await (await t.request(`/api/users/mediator-options?q=${encodeURIComponent(q)}&limit=500`)).json()) as { items: MediatorOption[] }).items;
    expect((await search(m.name)).map((o) => o.id)).toContain(m.id);
    expect((await search(m.work_unit)).map((o) => o.id)).toContain(m.id);
    expect((await search(m.phone.slice(-8))).map((o) => o.id)).toContain(m.id);
    const linked = await t.db.knex('users').where({ username: 'mediator' }).first('id', 'mediator_id');
    const opt = (await search(String(linked.mediator_id))).find((o) => o.id === linked.mediator_id)!;
    expect(opt.account).toEqual({ user_id: linked.id, username: 'mediator' });
    const free = ((await (await t.request('/api/users/mediator-options?without_account=true&limit=500')).json()) as { items: MediatorOption[] }).items;
    expect(free.some((o) => o.id === linked.mediator_id)).toBe(false);
    await expectError(await t.request('/api/users/mediator-options', { as: 'dispatcher' }), 403, 'forbidden');
  });
});

describe('accounts for many registry mediators at once', () => {
  let items: CreatedMediatorAccount[];

  it('creates them with generated passwords, answered once and never stored in clear; each audited', async () => {
    const ids = await freeMediators(t, 2);
    const res = await bulk(ids);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    items = ((await res.json()) as { items: CreatedMediatorAccount[] }).items;
    created.push(...items.map((a) => a.user_id));
    expect(items.map((a) => a.mediator_id)).toEqual(ids);
    for (const a of items) {
      expect(a.initial_password).toMatch(/^[A-Za-z2-9]{12}$/);
      expect(a.username).toMatch(/^m\d+(-\d+)?$/);
      const row = await t.db.knex('users').where({ id: a.user_id }).first('role', 'mediator_id', 'must_change_password', 'password_hash');
      expect(row).toMatchObject({ role: 'mediator', mediator_id: a.mediator_id, must_change_password: true });
      expect(row.password_hash).not.toContain(a.initial_password);
      const audit = await t.db.knex('audit_log').where({ action: 'user.create', target_id: String(a.user_id) }).first('username', 'details');
      expect(audit).toMatchObject({ username: 'admin', details: { mediator_id: a.mediator_id, bulk: true, role: 'mediator' } });
    }
    const list = await (await t.request('/api/users')).text();
    for (const a of items) expect(list).not.toContain(a.initial_password);
  });

  it('lets a first login do nothing but change the password (me and logout aside)', async () => {
    const a = items[0]!;
    const first = await login(t, a.username, a.initial_password);
    expect(first.res.status).toBe(200);
    expect(first.body.user).toMatchObject({ must_change_password: true, mediator_id: a.mediator_id, role: 'mediator' });
    const s = { cookie: first.cookie!, csrfToken: first.body.csrfToken };
    await expectError(await call(t, s, '/api/my/cases'), 403, 'password_change_required');
    await expectError(await call(t, s, '/api/areas?level=township'), 403, 'password_change_required');
    await expectError(await call(t, s, '/api/reports', { method: 'POST', body: {} }), 403, 'password_change_required');
    expect((await call(t, s, '/api/auth/me')).status).toBe(200);
    await expectError(await call(t, s, '/api/auth/password', { method: 'POST', body: { current_password: 'wrong-one-1', new_password: 'New-pass-2026a' } }), 400, 'wrong_password');
    await expectError(await call(t, s, '/api/auth/password', { method: 'POST', body: { current_password: a.initial_password, new_password: a.initial_password } }), 400, 'invalid_input');
    const ok = await call(t, s, '/api/auth/password', { method: 'POST', body: { current_password: a.initial_password, new_password: 'New-pass-2026a' } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).user.must_change_password).toBe(false);
    expect((await call(t, s, '/api/my/cases')).status).toBe(200); // the same session goes on
    expect((await call(t, s, '/api/auth/me').then((r) => r.json())).user.must_change_password).toBe(false);
    expect((await login(t, a.username, a.initial_password)).res.status).toBe(401);
    expect((await login(t, a.username, 'New-pass-2026a')).body.user.must_change_password).toBe(false);
    expect(await t.db.knex('audit_log').where({ action: 'user.password_change', target_id: String(a.user_id) }).first('id')).toBeTruthy();
    // Logging out is allowed while the change is pending.
    const b = items[1]!;
    const other = await login(t, b.username, b.initial_password);
    expect((await call(t, { cookie: other.cookie!, csrfToken: other.body.csrfToken }, '/api/auth/logout', { method: 'POST' })).status).toBe(200);
  });

  it('refuses a second account for a registry mediator: all or none, 409 with a Chinese message', async () => {
    const [fresh] = await freeMediators(t, 1);
    const before = await userCount();
    const err = await expectError(await bulk([fresh!, items[0]!.mediator_id]), 409, 'mediator_has_account');
    expect(err.message).toMatch(/已有账号/);
    expect(await userCount()).toBe(before);
    await expectError(await bulk([2_000_000_000]), 422, 'unknown_mediator');
    await expectError(await bulk([]), 400, 'invalid_input');
    await expectError(await bulk([fresh!, fresh!]), 400, 'invalid_input');
  });

  it('holds one account per mediator in the database itself (unique index)', async () => {
    await expect(t.db.knex('users').insert({ username: 'dup_link_probe', display_name: '重复', role: 'mediator', mediator_id: items[0]!.mediator_id, password_hash: 'x' }))
      .rejects.toThrow(/users_mediator_id_unique|duplicate|unique/i);
  });
});

describe('linking an account to a registry mediator', () => {
  it('links (audited), ends the old sessions, refuses a mediator who has an account, and shows the unlinked state', async () => {
    const res = await t.request('/api/users', { method: 'POST', body: { username: 'link_probe', display_name: '关联测试', role: 'mediator', password: 'Link-probe-2026' } });
    expect(res.status).toBe(201);
    const user = await res.json();
    created.push(user.id);
    expect(user).toMatchObject({ mediator_id: null, must_change_password: false });
    const s = await login(t, 'link_probe', 'Link-probe-2026');
    expect(s.body.user.mediator_id).toBeNull(); // the client says so on 我的案件
    const [m] = await freeMediators(t, 1);
    const linked = await t.request(`/api/users/${user.id}`, { method: 'PATCH', body: { mediator_id: m } });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ mediator_id: m, mediator_kind: expect.any(String), mediator_name: expect.any(String) });
    expect(await t.db.knex('audit_log').where({ action: 'user.link_mediator', target_id: String(user.id) }).orderBy('id', 'desc').first('details'))
      .toMatchObject({ details: { mediator_id: m, previous_mediator_id: null } });
    expect((await call(t, { cookie: s.cookie!, csrfToken: s.body.csrfToken }, '/api/auth/me')).status).toBe(401);
    const taken = await t.db.knex('users').where({ username: 'mediator' }).first('mediator_id');
    const err = await expectError(await t.request(`/api/users/${user.id}`, { method: 'PATCH', body: { mediator_id: taken.mediator_id } }), 409, 'mediator_has_account');
    expect(err.message).toContain('mediator');
    await expectError(await t.request('/api/users', { method: 'POST', body: { username: 'link_probe2', display_name: '关联测试2', role: 'mediator', password: 'Link-probe-2026', mediator_id: m } }), 409, 'mediator_has_account');
  });
});

describe('a grid worker account', () => {
  it('answers the registry kind with the user, so the client lands a 网格员 on the report form', async () => {
    const [g] = await freeMediators(t, 1, 'grid_worker');
    const s = await fieldSession(t, g!);
    created.push(s.user.id);
    expect(s.user).toMatchObject({ mediator_id: g, mediator_kind: 'grid_worker', must_change_password: false });
  });
});
