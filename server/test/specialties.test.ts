// Specialties as a vocabulary admins extend (issue 17 §4): the seeded list (7 specialist industries
// marked), admin-only add with 409 on a duplicate, and mediators' specialties checked against the table
// on create and in the Excel/CSV import. What a test adds is removed in afterAll (other files share the database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { removeImported, upload } from './registry-helpers.ts';
import { MEDIATOR_COLUMNS, type ImportPreview } from '../src/contract/registry.ts';
import type { SpecialtyItem } from '../src/contract/specialties.ts';
import { SPECIALIST_DISPUTE_TYPES, SPECIALTIES } from '../src/contract/vocab.ts';

let t: TestApp;
const tokens: string[] = [];
// unique per run: the PostgreSQL test database outlives one file
const suffix = String(Date.now()).slice(-6);
const CODE = `test_family_${suffix}`;
const LABEL = `家风调解${suffix}`;

beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => {
  await removeImported(t, tokens);
  await t.db.knex('import_previews').whereIn('token', tokens).delete();
  await t.db.knex('specialties').where('code', CODE).delete();
  await t.close();
});

/**
 * A one-row mediator CSV (UTF-8) with the given specialties cell. Withdrawn (退出): the imported row is
 * never a dispatch candidate, so files that rank mediators of this grid at the same time are unaffected.
 */
function csv(name: string, phone: string, specialties: string): string {
  const cells: Record<string, string> = { name, kind: '网格员', phone, service_areas: '411502001001001', specialties, status: '退出', status_since: '2026-01-05' };
  return [MEDIATOR_COLUMNS.map((c) => c.header).join(','), MEDIATOR_COLUMNS.map((c) => cells[c.field] ?? '').join(',')].join('\n');
}

async function preview(specialties: string, phone: string): Promise<ImportPreview> {
  const res = await upload(t, '/api/registry/import/mediators/preview', '专长.csv', csv(`专长测试${phone.slice(-3)}`, phone, specialties));
  expect(res.status, await res.clone().text()).toBe(200);
  const p = (await res.json()) as ImportPreview;
  tokens.push(p.token);
  return p;
}

describe('the specialties list', () => {
  it('holds the 7 specialist industries marked, and general ones such as 婚姻家庭; every logged-in role reads it', async () => {
    for (const as of ['admin', 'dispatcher', 'mediator'] as const) {
      const res = await t.request('/api/specialties', { as });
      expect(res.status).toBe(200);
      const list = (await res.json()) as SpecialtyItem[];
      expect(list.filter((s) => s.specialist).map((s) => s.code).sort()).toEqual([...SPECIALIST_DISPUTE_TYPES].sort());
      expect(list.filter((s) => s.specialist).map((s) => s.label).sort()).toEqual(Object.values(SPECIALTIES).sort());
      expect(list.find((s) => s.label === '婚姻家庭')).toMatchObject({ code: 'marriage_family', specialist: false });
    }
    await expectError(await t.request('/api/specialties', { as: null }), 401, 'unauthenticated');
  });

  it('only an admin adds one; a duplicate code or label is a 409; the label is Chinese text', async () => {
    await expectError(await t.request('/api/specialties', { method: 'POST', as: 'dispatcher', body: { code: CODE, label: LABEL } }), 403, 'forbidden');
    await expectError(await t.request('/api/specialties', { method: 'POST', body: { code: CODE, label: 'family' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/specialties', { method: 'POST', body: { code: 'Bad Code', label: LABEL } }), 400, 'invalid_input');
    await expectError(await t.request('/api/specialties', { method: 'POST', body: { code: CODE, label: LABEL, specialist: true } }), 400, 'invalid_input');
    await expectError(await t.request('/api/specialties', { method: 'POST', body: { code: `x${CODE}`, label: '婚姻家庭' } }), 409, 'specialty_exists');
  });
});

describe('mediators\' specialties', () => {
  it('婚姻家庭 imports; an unknown one is a problem naming the allowed ones until an admin adds it', async () => {
    const ok = await preview('婚姻家庭、医疗', '13700009101');
    expect(ok.problems).toEqual([]);
    expect(ok.committable).toBe(true);

    const bad = await preview(LABEL, '13700009102');
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ column: '专长', code: 'unknown_specialty' });
    expect(bad.problems[0]!.message).toContain('婚姻家庭');
    expect(bad.problems[0]!.message).toContain('医疗纠纷');

    const added = await t.request('/api/specialties', { method: 'POST', body: { code: CODE, label: LABEL } });
    expect(added.status, await added.clone().text()).toBe(201);
    expect(await added.json()).toMatchObject({ code: CODE, label: LABEL, specialist: false });
    expect(await t.db.knex('audit_log').where({ action: 'specialty.create', target_id: CODE }).first('id')).toBeTruthy();
    await expectError(await t.request('/api/specialties', { method: 'POST', body: { code: CODE, label: `${LABEL}乙` } }), 409, 'specialty_exists');

    const now = await preview(LABEL, '13700009102');
    expect(now.problems).toEqual([]);
    const res = await t.request('/api/registry/import/commit', { method: 'POST', body: { token: now.token } });
    expect(res.status, await res.clone().text()).toBe(200);
    const m = await t.db.knex('mediators').where('imported_from', now.token).first('specialties');
    expect(m.specialties).toEqual([CODE]);
  });

  it('a mediator created or edited with a specialty not in the list is refused, naming the allowed ones', async () => {
    const body = { name: '专长测试·表单', kind: 'grid_worker', phone: '13700009103', service_areas: [{ level: 'grid', code: '411502001001001' }], specialties: ['no_such_one'] };
    const err = await expectError(await t.request('/api/mediators', { method: 'POST', body }), 422, 'unknown_specialty');
    expect(err.message).toContain('婚姻家庭');
  });
});
