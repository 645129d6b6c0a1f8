// The registry API: mediators, organisations and tribunals — filters against the data files, phones
// by role, create/edit at a version, withdrawal instead of deletion, bad input as 4xx, the export.
// Every row made here is removed in afterAll; tribunal catchments are put back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, readBuild, type DemoUser, type TestApp } from './helpers.ts';
import { sheetRows } from './registry-helpers.ts';
import type { MediatorDetail, MediatorItem, OrganisationDetail, OrganisationItem, TribunalItem } from '../src/contract/registry.ts';

interface Med { id: string; name: string; kind: string; status: string; phone: string; organisation_id: string | null; tribunal_id: string | null; specialties: string[]; is_liaison: boolean; location: [number, number]; service_areas: { level: string; code: string }[] }
const MEDIATORS = readBuild<Med[]>('mediators.json');
const ORGS = readBuild<{ id: string; name: string; kind: string; township_code: string | null }[]>('organisations.json');

let t: TestApp;
const made = { mediators: [] as number[], organisations: [] as number[], tribunals: [] as number[] };
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => {
  await t.db.knex('mediators').whereIn('id', made.mediators).delete();
  await t.db.knex('organisations').whereIn('id', made.organisations).delete();
  await t.db.knex('townships').whereIn('tribunal_id', made.tribunals).update({ tribunal_id: null });
  await t.db.knex('tribunals').whereIn('id', made.tribunals).delete();
  await t.close();
});

type List<T> = { total: number; items: T[] };
async function list<T = MediatorItem>(p: string, as: DemoUser = 'admin'): Promise<List<T>> {
  const res = await t.request(p, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as List<T>;
}
const idNum = (s: string) => Number(s.replace(/\D/g, ''));

describe('GET /api/mediators', () => {
  it('answers { total, items } with the contract fields', async () => {
    const all = await list('/api/mediators?page_size=5000');
    expect(all.total).toBe(MEDIATORS.length);
    expect(all.items.length).toBe(MEDIATORS.length);
    const first = all.items[0]!;
    const src = MEDIATORS[0]!;
    expect(first).toMatchObject({
      id: 1, name: src.name, kind: src.kind, status: src.status, specialties: src.specialties, tribunal_id: idNum(src.tribunal_id!),
      location: { type: 'Point', coordinates: src.location }, service_area_codes: src.service_areas.map((a) => a.code), phone: src.phone,
      is_liaison: src.is_liaison, organisation_name: ORGS[0]!.name, version: 1,
    });
    expect(typeof first.capacity).toBe('number');
  });

  it('filters agree with the data files', async () => {
    const count = (f: (m: Med) => boolean) => MEDIATORS.filter(f).length;
    const has = (m: Med, f: (a: { level: string; code: string }) => boolean) => m.service_areas.some(f);
    const cases: [string, number][] = [
      ['kind=grid_worker', count((m) => m.kind === 'grid_worker')],
      ['kind=grid_worker,invited', count((m) => m.kind === 'grid_worker' || m.kind === 'invited')],
      ['status=on_leave', count((m) => m.status === 'on_leave')],
      ['township=411502103000', count((m) => has(m, (a) => a.level !== 'district' && a.code.slice(0, 9) === '411502103'))],
      ['village=411502001001', count((m) => has(m, (a) => (a.level === 'village' || a.level === 'grid') && a.code.slice(0, 12) === '411502001001'))],
      ['grid=411502001001001', count((m) => has(m, (a) => (a.level === 'grid' && a.code === '411502001001001') || (a.level === 'village' && a.code === '411502001001')))],
      ['tribunal=2', count((m) => m.tribunal_id === 'trb-02')],
      ['organisation=1', count((m) => m.organisation_id === 'org-0001')],
      ['specialty=medical', count((m) => m.specialties.includes('medical'))],
      ['liaison=true', count((m) => m.is_liaison)],
      [`q=${encodeURIComponent('示例0001')}`, count((m) => m.name.includes('示例0001'))],
      ['bbox=114.0,32.0,114.1,32.2', count((m) => m.location[0] >= 114 && m.location[0] <= 114.1 && m.location[1] >= 32 && m.location[1] <= 32.2)],
      ['kind=grid_worker&status=active&township=411502001000', count((m) => m.kind === 'grid_worker' && m.status === 'active' && has(m, (a) => a.level !== 'district' && a.code.slice(0, 9) === '411502001'))],
    ];
    for (const [q, n] of cases) {
      expect(n, q).toBeGreaterThan(0);
      expect((await list(`/api/mediators?${q}&page_size=1`)).total, q).toBe(n);
    }
  });

  it('pages', async () => {
    const a = await list('/api/mediators?page_size=10&page=1');
    const b = await list('/api/mediators?page_size=10&page=2');
    expect(a.items.length).toBe(10);
    expect(b.items[0]!.id).toBe(a.items[9]!.id + 1);
  });

  it('phones: in full for admin and dispatcher, masked for leader and planner; mediators have no access', async () => {
    const phone = MEDIATORS[0]!.phone;
    for (const who of ['admin', 'dispatcher'] as const) expect((await list('/api/mediators?page_size=1', who)).items[0]!.phone).toBe(phone);
    for (const who of ['leader', 'planner'] as const) {
      const item = (await list('/api/mediators?page_size=1', who)).items[0]!;
      expect(item.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(item.phone_masked).toBe(true);
      const one = (await (await t.request('/api/mediators/1', { as: who })).json()) as MediatorItem;
      expect(one.phone).not.toBe(phone);
    }
    await expectError(await t.request('/api/mediators', { as: 'mediator' }), 403, 'forbidden');
    await expectError(await t.request('/api/mediators', { as: null }), 401, 'unauthenticated');
  });

  it('bad filters are 400 with the field named', async () => {
    for (const q of ['kind=judge', 'status=retired', 'township=123', 'grid=abc', 'bbox=1,2,3', 'bbox=5,5,1,1', 'page_size=0', 'page_size=99999', 'tribunal=x', 'liaison=maybe', 'specialty=Space!']) {
      await expectError(await t.get(`/api/mediators?${q}`), 400, 'invalid_input');
    }
    await expectError(await t.get('/api/mediators/abc'), 400, 'invalid_input');
    await expectError(await t.get('/api/mediators/999999'), 404, 'mediator_not_found');
  });
});

describe('mediator writes', () => {
  const body = {
    name: '示例·新调解员', kind: 'grid_worker', phone: '13700000501', work_unit: '示例单位', position: '网格员',
    service_areas: [{ level: 'grid', code: '411502001001001' }], specialties: ['labour'], capacity: 6, is_liaison: true,
  };
  let id = 0;

  it('create: 201 with the tribunal of its area and the area point as location; audited', async () => {
    const res = await t.request('/api/mediators', { method: 'POST', body });
    expect(res.status, await res.clone().text()).toBe(201);
    const m = (await res.json()) as MediatorDetail;
    id = m.id;
    made.mediators.push(id);
    expect(m).toMatchObject({ name: body.name, status: 'active', tribunal_id: 1, location_source: 'area', service_area_codes: ['411502001001001'], capacity: 6, version: 1, case_count: 0 });
    expect(m.location?.type).toBe('Point');
    const a = await t.db.knex('audit_log').where({ action: 'mediator.create', target_id: String(id) }).first();
    expect(a).toBeTruthy();
  });

  it('create: refused for duplicates, unknown areas, bad phones, other roles', async () => {
    await expectError(await t.request('/api/mediators', { method: 'POST', body }), 409, 'duplicate_mediator');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '13700000502', service_areas: [{ level: 'grid', code: '411502001001999' }] } }), 422, 'unknown_area');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '12345' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '13700000503', service_areas: [] } }), 400, 'invalid_input');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '13700000504', kind: 'judge' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '13700000505', organisation_id: 999999 } }), 422, 'unknown_organisation');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '13700000506', location: { lng: 116.4, lat: 39.9 } } }), 422, 'outside_district');
    await expectError(await t.request('/api/mediators', { method: 'POST', body: { ...body, phone: '13700000507', id_number: '411502199001011234' } }), 400, 'invalid_input');
    for (const who of ['leader', 'dispatcher', 'planner'] as const) await expectError(await t.request('/api/mediators', { method: 'POST', body, as: who }), 403, 'forbidden');
  });

  it('edit at the version seen; a stale version is 409', async () => {
    const res = await t.request(`/api/mediators/${id}`, { method: 'PATCH', body: { version: 1, status: 'on_leave', leave_until: '2026-12-31', service_areas: [{ level: 'village', code: '411502001001' }] } });
    expect(res.status, await res.clone().text()).toBe(200);
    const m = (await res.json()) as MediatorItem;
    expect(m).toMatchObject({ version: 2, status: 'on_leave', leave_until: '2026-12-31', service_area_codes: ['411502001001'] });
    expect(m.status_since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expectError(await t.request(`/api/mediators/${id}`, { method: 'PATCH', body: { version: 1, capacity: 3 } }), 409, 'version_conflict');
    await expectError(await t.request(`/api/mediators/${id}`, { method: 'PATCH', body: { version: 2 } }), 400, 'invalid_input');
    await expectError(await t.request(`/api/mediators/999999`, { method: 'PATCH', body: { version: 1, capacity: 3 } }), 404, 'mediator_not_found');
  });

  it('withdraw (退出) with a date; a mediator who handled cases cannot be deleted, one who did not can', async () => {
    const res = await t.request(`/api/mediators/${id}/deactivate`, { method: 'POST', body: { version: 2, date: '2026-11-30', reason: '调离' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const d = (await res.json()) as { item: MediatorItem; open_case_ids: number[] };
    expect(d.item).toMatchObject({ status: 'withdrawn', status_since: '2026-11-30', withdrawn_on: '2026-11-30', version: 3 });
    expect(d.open_case_ids).toEqual([]);
    await expectError(await t.request(`/api/mediators/${id}/deactivate`, { method: 'POST', body: { version: 3 } }), 409, 'already_withdrawn');

    const busy = (await t.db.knex('cases').whereNotNull('mediator_id').first('mediator_id')).mediator_id as number;
    await expectError(await t.request(`/api/mediators/${busy}`, { method: 'DELETE' }), 409, 'mediator_has_cases');
    expect(await t.db.knex('mediators').where({ id: busy }).first('id')).toBeTruthy();
    expect((await t.request(`/api/mediators/${id}`, { method: 'DELETE' })).status).toBe(200);
    await expectError(await t.get(`/api/mediators/${id}`), 404, 'mediator_not_found');
    await expectError(await t.request(`/api/mediators/${busy}`, { method: 'DELETE', as: 'dispatcher' }), 403, 'forbidden');
  });

  it('withdrawing a mediator with open cases lists them for reassignment', async () => {
    const row = await t.db.knex('cases').whereIn('status', ['assigned', 'mediating']).whereNotNull('mediator_id').first('mediator_id');
    const mid = row.mediator_id as number;
    const before = await t.db.knex('mediators').where({ id: mid }).first();
    try {
      const res = await t.request(`/api/mediators/${mid}/deactivate`, { method: 'POST', body: { version: before.version } });
      expect(res.status).toBe(200);
      const d = (await res.json()) as { open_case_ids: number[] };
      expect(d.open_case_ids.length).toBeGreaterThan(0);
    } finally {
      await t.db.knex('mediators').where({ id: mid }).update({ status: before.status, status_since: before.status_since, withdrawn_on: before.withdrawn_on, status_note: null, version: before.version });
    }
  });
});

describe('organisations', () => {
  it('list with filters, one with its members', async () => {
    const all = await list<OrganisationItem>('/api/organisations?page_size=5000');
    expect(all.total).toBe(ORGS.length);
    expect((await list<OrganisationItem>('/api/organisations?kind=industry&page_size=1')).total).toBe(ORGS.filter((o) => o.kind === 'industry').length);
    expect((await list<OrganisationItem>('/api/organisations?township=411502001000&page_size=1')).total).toBe(ORGS.filter((o) => o.township_code === '411502001000').length);
    const one = (await (await t.get('/api/organisations/1')).json()) as OrganisationDetail;
    expect(one.members.length).toBe(MEDIATORS.filter((m) => m.organisation_id === 'org-0001').length);
    expect(one.member_count).toBe(one.members.length);
    const leader = (await (await t.request('/api/organisations/1', { as: 'leader' })).json()) as OrganisationDetail;
    expect(leader.contact_phone).toContain('****');
    expect(leader.members[0]!.phone).toContain('****');
    await expectError(await t.get('/api/organisations?kind=club'), 400, 'invalid_input');
    await expectError(await t.get('/api/organisations/999999'), 404, 'organisation_not_found');
  });

  it('create, edit, withdraw; one with members cannot be deleted', async () => {
    const res = await t.request('/api/organisations', { method: 'POST', body: { name: '示例·测试调委会', kind: 'village_committee', village_code: '411502208211', contact_phone: '0376-6220901' } });
    expect(res.status, await res.clone().text()).toBe(201);
    const o = (await res.json()) as OrganisationDetail;
    made.organisations.push(o.id);
    expect(o).toMatchObject({ township_code: '411502208000', village_code: '411502208211', status: 'active', members: [] });
    await expectError(await t.request('/api/organisations', { method: 'POST', body: { name: '示例·测试调委会', kind: 'village_committee' } }), 409, 'duplicate_organisation');
    await expectError(await t.request('/api/organisations', { method: 'POST', body: { name: '示例·缺行业', kind: 'industry' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/organisations', { method: 'POST', body: { name: '示例·错村', kind: 'village_committee', township_code: '411502001000', village_code: '411502208211' } }), 422, 'area_mismatch');
    const p = await t.request(`/api/organisations/${o.id}`, { method: 'PATCH', body: { version: 1, kind: 'industry', industry: 'labour' } });
    expect(p.status, await p.clone().text()).toBe(200);
    expect(await p.json()).toMatchObject({ kind: 'industry', industry: 'labour', version: 2 });
    await expectError(await t.request(`/api/organisations/${o.id}`, { method: 'PATCH', body: { version: 1, name: 'x' } }), 409, 'version_conflict');
    const w = await t.request(`/api/organisations/${o.id}/deactivate`, { method: 'POST', body: { version: 2 } });
    expect(await w.json()).toMatchObject({ status: 'withdrawn', version: 3 });
    await expectError(await t.request('/api/organisations/1', { method: 'DELETE' }), 409, 'organisation_has_members');
    expect((await t.request(`/api/organisations/${o.id}`, { method: 'DELETE' })).status).toBe(200);
    await expectError(await t.request('/api/organisations', { method: 'POST', body: { name: 'x', kind: 'industry', industry: 'labour' }, as: 'leader' }), 403, 'forbidden');
  });
});

describe('tribunals', () => {
  it('list: name, seat, catchment townships', async () => {
    const all = await list<TribunalItem>('/api/tribunals', 'leader');
    const src = readBuild<{ name: string; catchment: string[] }[]>('tribunals.json');
    expect(all.items.map((x) => x.name)).toEqual(src.map((x) => x.name));
    for (const [i, tr] of all.items.entries()) expect(tr.catchment.map((c) => c.code)).toEqual([...src[i]!.catchment].sort());
    expect(all.items[1]!.seat?.type).toBe('Point');
  });

  it('create and edit; moving a township moves its open cases, and back', async () => {
    const res = await t.request('/api/tribunals', { method: 'POST', body: { name: '示例·测试法庭', address: '示例地址', seat: { lng: 114.0, lat: 32.0 } } });
    expect(res.status, await res.clone().text()).toBe(201);
    const tr = (await res.json()) as TribunalItem;
    made.tribunals.push(tr.id);
    expect(tr).toMatchObject({ catchment: [], seat: { type: 'Point', coordinates: [114, 32] }, version: 1 });
    const township = '411502203000'; // 游河乡
    const owner = (await t.db.knex('townships').where({ code: township }).first('tribunal_id')).tribunal_id as number;
    const open = Number((await t.db.knex('cases').where({ township_code: township }).whereIn('status', ['pending', 'assigned', 'mediating']).count({ n: '*' }))[0]!.n);
    const moved = await t.request(`/api/tribunals/${tr.id}`, { method: 'PATCH', body: { version: 1, catchment: [township], name: '示例·测试法庭二' } });
    expect(moved.status, await moved.clone().text()).toBe(200);
    expect(await moved.json()).toMatchObject({ name: '示例·测试法庭二', catchment: [{ code: township }], open_cases_moved: open, version: 2 });
    const back = await t.request(`/api/tribunals/${owner}`, { method: 'PATCH', body: { version: (await (await t.get(`/api/tribunals/${owner}`)).json() as TribunalItem).version, catchment: [...((await (await t.get(`/api/tribunals/${owner}`)).json()) as TribunalItem).catchment.map((c) => c.code), township] } });
    expect(back.status).toBe(200);
    expect(Number((await t.db.knex('cases').where({ township_code: township, tribunal_id: owner }).whereIn('status', ['pending', 'assigned', 'mediating']).count({ n: '*' }))[0]!.n)).toBe(open);
    await t.db.knex('tribunals').where({ id: owner }).update({ version: 1 });
    await expectError(await t.request(`/api/tribunals/${tr.id}`, { method: 'PATCH', body: { version: 2, catchment: ['411502999000'] } }), 422, 'unknown_area');
    await expectError(await t.request(`/api/tribunals/${tr.id}`, { method: 'PATCH', body: { version: 2, name: '董家河法庭' } }), 409, 'duplicate_tribunal');
    await expectError(await t.request(`/api/tribunals/${tr.id}`, { method: 'PATCH', body: { version: 2, name: 'x' }, as: 'dispatcher' }), 403, 'forbidden');
  });
});

describe('export', () => {
  it('a filtered table as .xlsx, phones masked for the leader, audited', async () => {
    const res = await t.request('/api/registry/export/mediators?kind=grid_worker', { as: 'leader' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const rows = await sheetRows(res);
    expect(rows.length - 1).toBe(MEDIATORS.filter((m) => m.kind === 'grid_worker').length);
    const phoneCol = rows[0]!.indexOf('联系电话');
    expect(phoneCol).toBeGreaterThan(0);
    for (const r of rows.slice(1)) expect(r[phoneCol]).toMatch(/^\d{3}\*{4}\d{4}$/);
    const full = await sheetRows(await t.get('/api/registry/export/mediators?kind=grid_worker'));
    expect(full[1]![phoneCol]).toMatch(/^1\d{10}$/);
    expect(await t.db.knex('audit_log').where({ action: 'registry.export', username: 'leader' }).first()).toBeTruthy();
    const orgs = await sheetRows(await t.get('/api/registry/export/organisations?kind=industry'));
    expect(orgs.length - 1).toBe(ORGS.filter((o) => o.kind === 'industry').length);
    const trs = await sheetRows(await t.get('/api/registry/export/tribunals'));
    expect(trs.length - 1).toBe(Number((await t.db.knex('tribunals').count({ n: '*' }))[0]!.n));
    await expectError(await t.get('/api/registry/export/cases'), 400, 'invalid_input');
    await expectError(await t.request('/api/registry/export/mediators', { as: 'mediator' }), 403, 'forbidden');
  });
});
