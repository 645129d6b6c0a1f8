// The register of schools and enterprises (issue 7 item 3): create and edit with a point inside the
// district, township/village from the point or checked against it, never demo; validation is 4xx and
// writes nothing; every write audited; dispatcher and admin write, leader and planner read. Also the list
// of guidance requests and naming their judge (PUT /api/guidance/:id/judge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';

let t: TestApp;
const created: { schools: number[]; enterprises: number[]; cases: number[] } = { schools: [], enterprises: [], cases: [] };
const AT = { lng: 114.064, lat: 32.117 };
let here: { village_code: string; township_code: string };
let other: { code: string; township_code: string };

beforeAll(async () => {
  t = await createTestApp();
  const k = t.db.knex;
  here = (await k.raw(`SELECT code AS village_code, township_code FROM villages WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) ORDER BY code LIMIT 1`, [AT.lng, AT.lat])).rows[0];
  other = await k('villages').whereNot('township_code', here.township_code).orderBy('code').first('code', 'township_code');
});

afterAll(async () => {
  const k = t.db.knex;
  if (created.schools.length) await k('schools').whereIn('id', created.schools).delete();
  if (created.enterprises.length) await k('enterprises').whereIn('id', created.enterprises).delete();
  if (created.cases.length) await k('cases').whereIn('id', created.cases).delete();
  await t.close();
});

async function post(path: string, body: unknown, as = 'dispatcher') {
  const res = await t.request(path, { as: as as never, method: 'POST', body });
  if (res.status === 201) {
    const json = await res.clone().json();
    (path.endsWith('schools') ? created.schools : created.enterprises).push(json.id);
  }
  return res;
}
const count = async (table: string) => Number(((await t.db.knex(table).count({ n: '*' })) as [{ n: number | string }])[0].n);

describe('schools', () => {
  it('creates a school: township and village from the point, not demo, audited', async () => {
    const res = await post('/api/publicity/schools', { name: '测试登记小学', kind: 'primary', ...AT });
    expect(res.status).toBe(201);
    const s = await res.json();
    expect(s).toMatchObject({ name: '测试登记小学', kind: 'primary', is_demo: false, township_code: here.township_code, village_code: here.village_code });
    expect(s.lng).toBeCloseTo(AT.lng, 6);
    expect(s.township_name).toBeTruthy();
    const audit = await t.db.knex('audit_log').where({ action: 'school.create', target_id: String(s.id) }).first();
    expect(audit).toBeTruthy();
    const list = await (await t.request('/api/publicity/schools', { as: 'leader' })).json();
    expect(list.items.find((x: { id: number }) => x.id === s.id)).toMatchObject({ is_demo: false, village_name: expect.any(String) });
  });

  it('edits name, kind and place; a given village fixes its township', async () => {
    const id = created.schools[0]!;
    const res = await t.request(`/api/publicity/schools/${id}`, { as: 'admin', method: 'PATCH', body: { name: '测试登记中学', kind: 'middle' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: '测试登记中学', kind: 'middle', village_code: here.village_code });
    const moved = await t.request(`/api/publicity/schools/${id}`, { as: 'dispatcher', method: 'PATCH', body: { village_code: other.code } });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ village_code: other.code, township_code: other.township_code });
    const audit = await t.db.knex('audit_log').where({ action: 'school.update', target_id: String(id) }).count({ n: '*' });
    expect(Number((audit as [{ n: number | string }])[0].n)).toBe(2);
  });

  it('rejects bad input with a 4xx and writes nothing', async () => {
    const before = await count('schools');
    await expectError(await post('/api/publicity/schools', { name: '', kind: 'primary', ...AT }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'university', ...AT }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary' }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', lng: '114', lat: 32 }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', ...AT, is_demo: true }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', lng: 100, lat: 20 }), 422, 'outside_district');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', ...AT, village_code: '411502999999' }), 422, 'unknown_village');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', ...AT, township_code: '411502999000' }), 422, 'unknown_township');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', ...AT, village_code: other.code, township_code: here.township_code }), 422, 'village_not_in_township');
    expect(await count('schools')).toBe(before);
    const id = created.schools[0]!;
    await expectError(await t.request(`/api/publicity/schools/${id}`, { as: 'dispatcher', method: 'PATCH', body: {} }), 400, 'invalid_input');
    await expectError(await t.request(`/api/publicity/schools/${id}`, { as: 'dispatcher', method: 'PATCH', body: { lng: 114.1 } }), 400, 'invalid_input');
    await expectError(await t.request(`/api/publicity/schools/${id}`, { as: 'dispatcher', method: 'PATCH', body: { lng: 100, lat: 20 } }), 422, 'outside_district');
    await expectError(await t.request('/api/publicity/schools/999999', { as: 'dispatcher', method: 'PATCH', body: { name: 'x' } }), 404, 'school_not_found');
    expect((await (await t.get('/api/publicity/schools')).json()).items.find((x: { id: number }) => x.id === id).name).toBe('测试登记中学');
  });

  it('leader and planner read but cannot write; mediators cannot read', async () => {
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', ...AT }, 'leader'), 403, 'forbidden');
    await expectError(await post('/api/publicity/schools', { name: '测试', kind: 'primary', ...AT }, 'planner'), 403, 'forbidden');
    await expectError(await t.request(`/api/publicity/schools/${created.schools[0]}`, { as: 'leader', method: 'PATCH', body: { name: 'x' } }), 403, 'forbidden');
    expect((await t.request('/api/publicity/schools', { as: 'planner' })).status).toBe(200);
    expect((await t.request('/api/publicity/schools', { as: 'mediator' })).status).toBe(403);
  });
});

describe('enterprises', () => {
  it('creates and edits an enterprise (industry, above size), audited, 4xx on bad input', async () => {
    const res = await post('/api/publicity/enterprises', { name: '测试登记企业', industry: '茶叶加工', above_size: true, ...AT, township_code: here.township_code });
    expect(res.status).toBe(201);
    const e = await res.json();
    expect(e).toMatchObject({ industry: '茶叶加工', above_size: true, is_demo: false, township_code: here.township_code, village_code: null });
    const p = await t.request(`/api/publicity/enterprises/${e.id}`, { as: 'dispatcher', method: 'PATCH', body: { above_size: false, industry: null } });
    expect(await p.json()).toMatchObject({ above_size: false, industry: null, township_code: here.township_code });
    expect(await t.db.knex('audit_log').where({ action: 'enterprise.create', target_id: String(e.id) }).first()).toBeTruthy();
    expect(await t.db.knex('audit_log').where({ action: 'enterprise.update', target_id: String(e.id) }).first()).toBeTruthy();
    await expectError(await post('/api/publicity/enterprises', { name: '测试', above_size: 'yes', ...AT }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/enterprises', { name: '测试', kind: 'primary', ...AT }), 400, 'invalid_input');
    await expectError(await post('/api/publicity/enterprises', { name: '测试', lng: 100, lat: 20 }), 422, 'outside_district');
    await expectError(await t.request('/api/publicity/enterprises/999999', { as: 'dispatcher', method: 'PATCH', body: { name: 'x' } }), 404, 'enterprise_not_found');
    await expectError(await post('/api/publicity/enterprises', { name: '测试', ...AT }, 'leader'), 403, 'forbidden');
  });
});

describe('guidance requests and their judge', () => {
  let guidanceId: number;
  beforeAll(async () => {
    const k = t.db.knex;
    const [c] = await k('cases').insert({
      title: '指导法官测试案件', dispute_type: 'neighbour', status: 'mediating', source: 'self_reported', township_code: here.township_code,
      village_code: here.village_code, location: k.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [AT.lng, AT.lat]), created_at: '2019-03-01T10:00:00+08:00', is_demo: false,
    }).returning('id');
    created.cases.push((c as { id: number }).id);
    const [g] = await k('guidance_requests').insert({ case_id: (c as { id: number }).id, mode: 'legal_guidance', requested_at: '2019-03-02T09:00:00+08:00' }).returning('id');
    guidanceId = (g as { id: number }).id;
  });

  it('lists the period\'s requests, unassigned ones alone on request', async () => {
    const all = await (await t.request('/api/guidance?from=2019-03-01&to=2019-03-31', { as: 'leader' })).json();
    expect(all.total).toBe(1);
    expect(all.items[0]).toMatchObject({ id: guidanceId, case_title: '指导法官测试案件', judge_id: null, mode_label: expect.any(String) });
    const un = await (await t.get('/api/guidance?from=2019-03-01&to=2019-03-31&unassigned=true')).json();
    expect(un.total).toBe(1);
    await expectError(await t.get('/api/guidance?from=2019-03-31&to=2019-03-01'), 400, 'invalid_input');
    await expectError(await t.get('/api/guidance?unassigned=maybe'), 400, 'invalid_input');
  });

  it('names the judge (audited), then the request is no longer unassigned; unknown judge 422', async () => {
    const judge = await t.db.knex('judges').orderBy('id').first('id', 'name');
    const res = await t.request(`/api/guidance/${guidanceId}/judge`, { as: 'dispatcher', method: 'PUT', body: { judge_id: judge.id } });
    expect(res.status).toBe(200);
    const item = (await (await t.get('/api/guidance?from=2019-03-01&to=2019-03-31')).json()).items[0];
    expect(item).toMatchObject({ judge_id: judge.id, judge_name: judge.name });
    expect((await (await t.get('/api/guidance?from=2019-03-01&to=2019-03-31&unassigned=true')).json()).total).toBe(0);
    expect(await t.db.knex('audit_log').where({ action: 'guidance.judge', target_id: String(guidanceId) }).first()).toBeTruthy();
    await expectError(await t.request(`/api/guidance/${guidanceId}/judge`, { as: 'dispatcher', method: 'PUT', body: { judge_id: 99999999 } }), 422, 'unknown_judge');
    await expectError(await t.request(`/api/guidance/${guidanceId}/judge`, { as: 'leader', method: 'PUT', body: { judge_id: null } }), 403, 'forbidden');
  });
});
