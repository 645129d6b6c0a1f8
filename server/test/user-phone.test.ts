// An admin sets a user's work phone (issue 14: the mediator's tel: link to the dispatcher who assigned
// the case reads users.phone). The rule is contract/fields.ts phone; the audit log records only that it changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';

let t: TestApp;
let id: number;
let before: string | null;

beforeAll(async () => {
  t = await createTestApp();
  id = (await t.login('dispatcher_djh')).user.id;
  before = (await t.db.knex('users').where({ id }).first('phone')).phone;
});

afterAll(async () => {
  await t.db.knex('users').where({ id }).update({ phone: before });
  await t.close();
});

const patch = (body: unknown, as: 'admin' | 'dispatcher' = 'admin') => t.request(`/api/users/${id}`, { as, method: 'PATCH', body });

describe('PATCH /api/users/:id phone', () => {
  it('sets a mobile or landline phone, normalised, shown in the users list and audited without the number', async () => {
    const res = await patch({ phone: ' 139 0000 1111 ' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { phone: string }).phone).toBe('13900001111');
    expect((await t.db.knex('users').where({ id }).first('phone')).phone).toBe('13900001111');
    const list = (await (await t.request('/api/users', { as: 'admin' })).json()) as { items: { id: number; phone: string | null }[] };
    expect(list.items.find((u) => u.id === id)?.phone).toBe('13900001111');
    const a = await t.db.knex('audit_log').where({ action: 'user.update', target_id: String(id) }).orderBy('id', 'desc').first('details');
    const details = JSON.stringify(a?.details);
    expect(details).toContain('phone_changed');
    expect(details).not.toContain('13900001111');

    const land = await patch({ phone: '027-61234567' });
    expect(((await land.json()) as { phone: string }).phone).toBe('027-61234567');
  });

  it('clears it with null', async () => {
    const res = await patch({ phone: null });
    expect(((await res.json()) as { phone: string | null }).phone).toBeNull();
  });

  it('refuses a malformed phone with a Chinese message, and a non-admin', async () => {
    const e = await expectError(await patch({ phone: '12345' }), 400, 'invalid_input');
    expect(e.message).toMatch(/联系电话/);
    await expectError(await patch({ phone: '13900001111' }, 'dispatcher'), 403, 'forbidden');
  });
});
