// Dispatch through HTTP: registering a case (point, GCJ-02, address), bad input stored nowhere,
// party data by role, assignment with optimistic concurrency and capacity, reassignment history,
// status transitions, deadline extension, supervision, notes, judge guidance, the backlog batch.
// Everything this file inserts is deleted afterwards and every demo case it changes is restored.
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { batchAssign } from '../src/services/assignment.ts';
import { batchAssignOneByOne } from './dispatch-oracle.ts';
import { AUDIT_ACTIONS } from '../src/contract/auth.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let maxMediator: number;
let pendingSnapshot: { id: number; version: number; updated_at: Date | null }[];
const GRID = '411502103207001'; // 高岭村第1网格, 董家河镇 (董家河法庭)
let P: [number, number];

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  maxMediator = (await knex('mediators').max({ m: 'id' }))[0]!.m as number;
  pendingSnapshot = await knex('cases').where({ status: 'pending' }).select('id', 'version', 'updated_at');
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [GRID]);
  P = [rows[0].x, rows[0].y];
});

afterAll(async () => {
  // Demo cases the batch assigned go back to pending, exactly as loaded.
  const ids = pendingSnapshot.map((c) => c.id);
  await knex('case_assignments').whereIn('case_id', ids).delete();
  await knex('case_events').whereIn('case_id', ids).delete();
  for (const c of pendingSnapshot) {
    await knex('cases').where({ id: c.id }).update({ status: 'pending', mediator_id: null, assigned_at: null, deadline_at: null, case_number: null, case_number_year: null, case_number_seq: null, version: c.version, updated_at: c.updated_at });
  }
  await knex('cases').where('id', '>', maxCase).delete(); // parties, events, assignments, notes… cascade
  await knex('mediators').where('id', '>', maxMediator).delete();
  await t.close();
});

const counts = async () => {
  const n = async (table: string) => Number((await knex(table).count({ n: '*' }))[0]!.n);
  return { cases: await n('cases'), parties: await n('case_parties'), events: await n('case_events'), assignments: await n('case_assignments') };
};

const parties = [
  { name: '测试甲', role: 'applicant', phone: '13800001234', id_number: '411502199001011234' },
  { name: '测试乙', role: 'respondent' },
];
const newCase = (over: Record<string, unknown> = {}) => ({ title: '测试：宅基地边界纠纷', dispute_type: 'neighbour', description: '测试用', parties, lng: P[0], lat: P[1], ...over });

async function create(over: Record<string, unknown> = {}, as: 'dispatcher' | 'admin' = 'dispatcher') {
  const res = await t.request('/api/cases', { as, method: 'POST', body: newCase(over) });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(body)}`);
  return body as { id: number; version: number; grid_code: string; lng: number; lat: number; [k: string]: unknown };
}

describe('POST /api/cases', () => {
  it('registers a case at a WGS84 point: 201 with the units it falls in', async () => {
    const body = await create();
    expect(body).toMatchObject({
      version: 1, status: 'pending', grid_code: GRID, village_code: GRID.slice(0, 12), township_code: '411502103000',
      tribunal_id: expect.any(Number), coord_system_in: 'wgs84',
    });
    expect(body.lng).toBeCloseTo(P[0], 9);
    expect(body.lat).toBeCloseTo(P[1], 9);
    const ps = body.parties as { name: string; id_number: string | null; phone: string | null }[];
    expect(ps[0]).toMatchObject({ name: '测试甲', phone: '13800001234', id_number: '4115**********1234' });
    const stored = await knex('case_parties').where({ case_id: body.id }).orderBy('position').first();
    expect(stored.id_number).toBe('411502199001011234'); // stored in full, never answered in full
    const audit = await knex('audit_log').where({ action: 'case.create', target_id: String(body.id) }).first();
    expect(audit).toBeTruthy();
  });

  it('converts GCJ-02 input: the same place given in GCJ-02 (about 585 m off) lands in the same grid', async () => {
    const [gl, gt] = gcoord.transform([P[0], P[1]], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const offM = Math.hypot((gl - P[0]) * 111320 * Math.cos((P[1] * Math.PI) / 180), (gt - P[1]) * 110574);
    expect(offM).toBeGreaterThan(400); // reference: about 585 m here
    const body = await create({ lng: gl, lat: gt, coord_system: 'gcj02' });
    expect(body.grid_code).toBe(GRID);
    expect(body.coord_system_in).toBe('gcj02');
    expect(Math.abs(body.lng - P[0])).toBeLessThan(1e-5); // about 1 m
    expect(Math.abs(body.lat - P[1])).toBeLessThan(1e-5);
    const preview = await (await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { lng: gl, lat: gt, coord_system: 'gcj02', dispute_type: 'neighbour' } })).json();
    expect(preview.located.grid.code).toBe(GRID);
  });

  it.each([
    ['义阳', '411502001001'],
    ['浉河区老城街道义阳社区', '411502001001'],
    ['董家河镇 高岭', '411502103207'],
    ['董家河镇高岭村', '411502103207'],
  ])('matches the address %j to the village %s', async (address, village) => {
    const body = await create({ lng: undefined, lat: undefined, address });
    expect(body.village_code).toBe(village);
    expect(body.coord_system_in).toBe('address');
    expect((body.address_match as { level: string }).level).toBe('village');
  });

  it('a township name alone places the case at the township seat', async () => {
    const body = await create({ lng: undefined, lat: undefined, address: '董家河镇' });
    expect(body.township_code).toBe('411502103000');
    expect(body.address_match).toMatchObject({ level: 'township', code: '411502103000' });
  });

  it('an address that matches nothing, or several places equally, is 422 with nothing stored', async () => {
    const before = await counts();
    const none = await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase({ lng: undefined, lat: undefined, address: '火星基地一号' }) });
    await expectError(none, 422, 'address_not_found');
    const amb = await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase({ lng: undefined, lat: undefined, address: '黄湾村' }) });
    const body = await amb.json();
    expect(amb.status).toBe(422);
    expect(body.error.code).toBe('address_ambiguous');
    expect(body.error.details.candidates.length).toBeGreaterThanOrEqual(2);
    expect(body.error.details.candidates[0]).toMatchObject({ code: expect.any(String), name: '黄湾村', township_name: expect.any(String) });
    expect(await counts()).toEqual(before);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['missing everything', {}, 'title'],
    ['no location', { lng: undefined, lat: undefined }, 'lng'],
    ['lng without lat', { lat: undefined }, 'lat'],
    ['unknown dispute type', { dispute_type: 'alien' }, 'dispute_type'],
    ['a string for a number', { lng: '114.1' }, 'lng'],
    ['a word for a number', { lat: 'abc' }, 'lat'],
    ['out of range', { lat: 91 }, 'lat'],
    ['out of range longitude', { lng: -181 }, 'lng'],
    ['no parties', { parties: [] }, 'parties'],
    ['a party without a name', { parties: [{ role: 'applicant' }] }, 'parties.0.name'],
    ['a bad ID number', { parties: [{ name: '测试', role: 'applicant', id_number: '123' }] }, 'parties.0.id_number'],
    ['an unknown party role', { parties: [{ name: '测试', role: 'judge' }] }, 'parties.0.role'],
    ['an unknown field', { priority: 'high' }, 'priority'],
    ['an unknown coordinate system', { coord_system: 'bd09' }, 'coord_system'],
    ['both point and address', { address: '义阳' }, 'address'],
    ['an empty title', { title: '   ' }, 'title'],
  ];
  it.each(bad)('rejects %s with 400 naming %s, storing nothing', async (_label, over, field) => {
    const before = await counts();
    const body = Object.keys(over).length ? newCase(over) : {};
    const err = await expectError(await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body }), 400, 'invalid_input');
    expect(JSON.stringify(err)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('rejects NaN (not JSON), a huge body (413) and a point outside the district (404), storing nothing', async () => {
    const before = await counts();
    const s = await t.login('dispatcher');
    const raw = (body: string) => fetch(`${t.base}/api/cases`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' }, body });
    await expectError(await raw(JSON.stringify(newCase()).replace(/"lat":[-\d.e]+/, '"lat":NaN')), 400, 'invalid_json');
    await expectError(await raw(JSON.stringify(newCase({ description: 'x'.repeat(2_000_000) }))), 413, 'body_too_large');
    await expectError(await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase({ lng: 116.397, lat: 39.909 }) }), 404, 'outside_district');
    expect(await counts()).toEqual(before);
  });

  it('only dispatchers (and admin) register; leader 403, anonymous 401, no CSRF token 403', async () => {
    await expectError(await t.request('/api/cases', { as: 'leader', method: 'POST', body: newCase() }), 403, 'forbidden');
    await expectError(await t.request('/api/cases', { as: null, method: 'POST', body: newCase() }), 401, 'unauthenticated');
    await expectError(await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase(), csrf: false }), 403, 'csrf_failed');
  });

  it('a dispatcher scoped to a tribunal cannot register a case outside its catchment', async () => {
    await expectError(await t.request('/api/cases', { as: 'dispatcher_djh', method: 'POST', body: newCase({ lng: undefined, lat: undefined, address: '义阳' }) }), 403, 'outside_scope');
  });
});

describe('reading cases', () => {
  let id: number;
  beforeAll(async () => { id = (await create()).id; });

  it('GET /api/cases filters and pages', async () => {
    const res = await t.request(`/api/cases?status=pending&grid=${GRID}&page_size=2`, { as: 'dispatcher' });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items.length).toBeLessThanOrEqual(2);
    for (const c of body.items) expect(c).toMatchObject({ status: 'pending', grid_code: GRID });
    const q = await (await t.request(`/api/cases?q=${encodeURIComponent('宅基地边界')}`, { as: 'dispatcher' })).json();
    expect(q.items.some((c: { id: number }) => c.id === id)).toBe(true);
    await expectError(await t.request('/api/cases?status=lost', { as: 'dispatcher' }), 400, 'invalid_input');
    await expectError(await t.request('/api/cases?page_size=1000', { as: 'dispatcher' }), 400, 'invalid_input');
  });

  it('party data: full (and audited) for the dispatcher, none for the leader and planner', async () => {
    const before = Number((await knex('audit_log').where({ action: 'case.view_party', target_id: String(id) }).count({ n: '*' }))[0]!.n);
    const d = await (await t.request(`/api/cases/${id}`, { as: 'dispatcher' })).json();
    expect(d.party_access).toBe('full');
    expect(d.parties[0]).toMatchObject({ name: '测试甲', phone: '13800001234', id_number: '4115**********1234' });
    expect(d.timeline[0]).toMatchObject({ kind: 'created', to_status: 'pending' });
    const after = Number((await knex('audit_log').where({ action: 'case.view_party', target_id: String(id) }).count({ n: '*' }))[0]!.n);
    expect(after).toBe(before + 1);
    for (const role of ['leader', 'planner'] as const) {
      const m = await (await t.request(`/api/cases/${id}`, { as: role })).json();
      expect(m.party_access).toBe('none');
      expect(m.parties).toEqual([]); // not even a family name: no party data (services/case-view.ts)
      expect(m.lng).toBeNull(); // case points one by one only for those who may see them
    }
    expect(Number((await knex('audit_log').where({ action: 'case.view_party', target_id: String(id) }).count({ n: '*' }))[0]!.n)).toBe(after);
  });

  it('a mediator sees only their own cases; a tribunal-scoped dispatcher only its catchment', async () => {
    await expectError(await t.request(`/api/cases/${id}`, { as: 'mediator' }), 404, 'case_not_found');
    const mine = await (await t.request('/api/my/cases?page_size=200', { as: 'mediator' })).json();
    const me = (await t.login('mediator')).user.mediator_id;
    expect(mine.items.every((c: { mediator_id: number }) => c.mediator_id === me)).toBe(true);
    const other = (await knex('cases').whereNot('tribunal_id', (await t.login('dispatcher_djh')).user.tribunal_id).first('id')).id;
    await expectError(await t.request(`/api/cases/${other}`, { as: 'dispatcher_djh' }), 404, 'case_not_found');
    expect((await t.request(`/api/cases/${id}`, { as: 'dispatcher_djh' })).status).toBe(200);
  });

  it('GET /api/cases/:id/candidates ranks for the case', async () => {
    const r = await (await t.request(`/api/cases/${id}/candidates`, { as: 'dispatcher' })).json();
    expect(r).toMatchObject({ case_id: id, version: 1, outcome: 'candidates' });
    expect(r.located.grid.code).toBe(GRID);
    expect(r.candidates[0]).toMatchObject({ mediator_id: expect.any(Number), tier: expect.any(Number), reasons: expect.any(Array), location: { type: 'Point' } });
  });

  it('POST /api/assign/preview validates and names outcomes', async () => {
    const out = await (await t.request('/api/assign/preview', { as: 'planner', method: 'POST', body: { lng: 116.397, lat: 39.909, dispute_type: 'land' } })).json();
    expect(out.outcome).toBe('outside_district');
    expect(out.advice).toBeTruthy();
    for (const body of [{ lng: P[0], lat: P[1] }, { lng: 'x', lat: P[1], dispute_type: 'land' }, { lng: P[0], lat: 95, dispute_type: 'land' }, { lng: P[0], lat: P[1], dispute_type: 'x' }]) {
      await expectError(await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body }), 400, 'invalid_input');
    }
    await expectError(await t.request('/api/assign/preview', { as: 'leader', method: 'POST', body: { lng: P[0], lat: P[1], dispute_type: 'land' } }), 403, 'forbidden');
  });

  it('POST /api/assign/preview takes an address like POST /api/cases: matched, else 422; every candidate carries its service areas', async () => {
    const r = await (await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { address: '董家河镇高岭村', dispute_type: 'neighbour' } })).json();
    expect(r.outcome).toBe('candidates');
    expect(r.address_match).toMatchObject({ level: 'village', code: '411502103207' });
    expect(r.located.village.code).toBe('411502103207');
    for (const c of r.candidates) {
      expect(Array.isArray(c.service_areas)).toBe(true);
      for (const a of c.service_areas) expect(a).toEqual({ level: expect.stringMatching(/^(grid|village|township|district)$/), code: expect.stringMatching(/^\d{12,15}$/) });
    }
    // A village is all the address says: ranked by village, without pretending to know the grid —
    // no grid tier, no nearby tier, no distance, no boundary warning.
    expect(r.located.grid).toBeNull();
    expect(r.boundary_warning).toBeUndefined();
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      expect([2, 3, 4]).toContain(c.tier);
      expect(c.distance_m).toBeNull();
      expect(c.reasons.join()).not.toContain('距离');
    }
    // The responsible tiers name the unit they are responsible for.
    const village = r.candidates.find((c: { tier: number }) => c.tier === 2);
    if (village) expect(village.service_areas).toContainEqual({ level: 'village', code: r.located.village.code });
    await expectError(await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { address: '火星基地一号', dispute_type: 'neighbour' } }), 422, 'address_not_found');
    await expectError(await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { address: '黄湾村', dispute_type: 'neighbour' } }), 422, 'address_ambiguous');
    for (const body of [{ address: '义阳', lng: P[0], lat: P[1], dispute_type: 'land' }, { address: '义阳', coord_system: 'gcj02', dispute_type: 'land' }, { address: 42, dispute_type: 'land' }, { dispute_type: 'land' }]) {
      await expectError(await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body }), 400, 'invalid_input');
    }
  });

  it('GET /api/assign/rule answers the rule in force to every logged-in role, with Chinese labels', async () => {
    for (const as of ['dispatcher', 'leader', 'planner', 'mediator', 'admin'] as const) {
      const res = await t.request('/api/assign/rule', { as });
      expect(res.status).toBe(200);
      const rule = await res.json();
      expect(rule).toMatchObject({ radius_m: 5000, boundary_warning_m: 200, max_candidates: 20, weights: { tier: 1000, specialty: 100, distance: 80, load: 10 }, pre_litigation_days: 30 });
      expect(rule.tiers.map((x: { tier: number }) => x.tier)).toEqual([1, 2, 3, 4, 5]);
      expect(rule.tiers[0]).toMatchObject({ label: '本网格调解员', description: expect.any(String) });
      expect(rule.specialist_types).toContainEqual({ type: 'medical', label: expect.stringMatching(/医/) });
      expect(rule.description.length).toBeGreaterThan(3);
    }
    await expectError(await t.request('/api/assign/rule', { as: null }), 401, 'unauthenticated');
  });
});

describe('assignment', () => {
  const assign = (id: number, body: Record<string, unknown>) => t.request(`/api/cases/${id}/assign`, { as: 'dispatcher', method: 'POST', body });

  it('two concurrent assignments at the same version: exactly one wins, the other is 409', async () => {
    const c = await create();
    const before = await counts();
    const [a, b] = await Promise.all([assign(c.id, { version: 1 }), assign(c.id, { version: 1 })]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    await expectError(loser, 409, 'version_conflict');
    const winner = await (a.status === 200 ? a : b).json();
    expect(winner).toMatchObject({ outcome: 'assigned', version: 2, status: 'assigned', reassigned: false });
    const after = await counts();
    expect(after.assignments).toBe(before.assignments + 1);
    const row = await knex('cases').where({ id: c.id }).first();
    expect(row.status).toBe('assigned');
    expect(new Date(row.deadline_at).getTime() - new Date(row.assigned_at).getTime()).toBeCloseTo(30 * 86_400_000, -4);
  });

  it('reassignment needs a reason and keeps the history', async () => {
    const c = await create();
    const first = await (await assign(c.id, { version: 1 })).json();
    await expectError(await assign(c.id, { version: 2 }), 422, 'reason_required');
    await expectError(await assign(c.id, { version: 2, mediator_id: first.mediator_id, reason: '测试' }), 422, 'same_mediator');
    await expectError(await assign(c.id, { version: 1, reason: '测试改派' }), 409, 'version_conflict');
    const second = await (await assign(c.id, { version: 2, reason: '当事人申请回避（测试）' })).json();
    expect(second).toMatchObject({ version: 3, reassigned: true });
    expect(second.mediator_id).not.toBe(first.mediator_id);
    const d = await (await t.request(`/api/cases/${c.id}`, { as: 'dispatcher' })).json();
    expect(d.assignments).toHaveLength(2);
    expect(d.assignments[0].replaced_at).not.toBeNull();
    expect(d.assignments[1]).toMatchObject({ replaced_at: null, reason: '当事人申请回避（测试）', mediator_id: second.mediator_id });
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned', 'reassigned']);
    expect(await knex('audit_log').where({ action: 'case.reassign', target_id: String(c.id) }).first()).toBeTruthy();
  });

  it('capacity is re-checked under a lock: two dispatchers cannot both take a mediator’s last place', async () => {
    const [m] = await knex('mediators').insert({ name: '测试调解员容量(测试)', kind: 'other', capacity: 1, status: 'active', location: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', P), is_demo: true }).returning('id');
    const mid = (m as { id: number }).id;
    const c1 = await create();
    const c2 = await create();
    const [a, b] = await Promise.all([assign(c1.id, { version: 1, mediator_id: mid }), assign(c2.id, { version: 1, mediator_id: mid })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    await expectError(a.status === 409 ? a : b, 409, 'mediator_at_capacity');
    expect(Number((await knex('cases').where({ mediator_id: mid }).count({ n: '*' }))[0]!.n)).toBe(1);
    await knex('mediators').where({ id: mid }).update({ status: 'on_leave' });
    const c3 = await create();
    await expectError(await assign(c3.id, { version: 1, mediator_id: mid }), 422, 'mediator_unavailable');
    await expectError(await assign(c3.id, { version: 1, mediator_id: 999_999 }), 422, 'unknown_mediator');
    await expectError(await assign(c3.id, { version: '1' }), 400, 'invalid_input');
  });

  it('every bad input to the case writes is 4xx with nothing stored', async () => {
    const c = await create();
    const before = { ...(await counts()), notes: Number((await knex('supervision_notes').count({ n: '*' }))[0]!.n), guidance: Number((await knex('guidance_requests').count({ n: '*' }))[0]!.n) };
    const bad: [string, Record<string, unknown>][] = [
      ['assign', {}], ['assign', { version: 'one' }], ['assign', { version: 1.5 }], ['assign', { version: 1, mediator_id: -3 }], ['assign', { version: 1, extra: 1 }],
      ['assign', { version: 1, reason: 'x'.repeat(501) }],
      ['status', { version: 1 }], ['status', { version: 1, status: 'done' }], ['status', { version: 1, status: 'mediating', note: 42 }],
      ['extend', { version: 1, days: 0, reason: '测试' }], ['extend', { version: 1, days: 91, reason: '测试' }], ['extend', { version: 1, days: 5 }], ['extend', { version: 1, days: 'ten', reason: '测试' }],
      ['notes', {}], ['notes', { note: '   ' }], ['notes', { note: 'x'.repeat(2001) }],
      ['guidance', { mode: 'phone', note: '测试' }], ['guidance', { mode: 'on_site' }], ['guidance', { mode: 'on_site', note: '测试', requested_at: '昨天' }],
    ];
    for (const [what, body] of bad) {
      const res = await t.request(`/api/cases/${c.id}/${what}`, { as: 'dispatcher', method: 'POST', body });
      expect([what, body, res.status]).toEqual([what, body, 400]);
    }
    await expectError(await t.request('/api/cases/abc/assign', { as: 'dispatcher', method: 'POST', body: { version: 1 } }), 400, 'invalid_input');
    await expectError(await t.request('/api/cases/99999999/assign', { as: 'dispatcher', method: 'POST', body: { version: 1 } }), 404, 'case_not_found');
    await expectError(await t.request('/api/guidance/1', { as: 'dispatcher', method: 'PATCH', body: {} }), 400, 'invalid_input');
    const after = { ...(await counts()), notes: Number((await knex('supervision_notes').count({ n: '*' }))[0]!.n), guidance: Number((await knex('guidance_requests').count({ n: '*' }))[0]!.n) };
    expect(after).toEqual(before);
    expect((await knex('cases').where({ id: c.id }).first()).version).toBe(1);
  });
});

describe('case life', () => {
  const status = (id: number, body: Record<string, unknown>, as: 'dispatcher' | 'mediator' = 'dispatcher') =>
    t.request(`/api/cases/${id}/status`, { as, method: 'POST', body });

  it('allowed transitions only, with a timestamp for each step', async () => {
    const c = await create();
    await expectError(await status(c.id, { version: 1, status: 'mediating' }), 409, 'invalid_transition');
    await expectError(await status(c.id, { version: 1, status: 'assigned' }), 409, 'invalid_transition');
    await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: 1 } });
    await expectError(await status(c.id, { version: 2, status: 'settled' }), 409, 'invalid_transition');
    await expectError(await status(c.id, { version: 1, status: 'mediating' }), 409, 'version_conflict');
    await expectError(await status(c.id, { version: 2, status: 'lost' }), 400, 'invalid_input');
    expect((await status(c.id, { version: 2, status: 'mediating' })).status).toBe(200);
    expect((await status(c.id, { version: 3, status: 'failed', note: '双方分歧较大（测试）' })).status).toBe(200);
    expect((await status(c.id, { version: 4, status: 'filed' })).status).toBe(200);
    await expectError(await status(c.id, { version: 5, status: 'withdrawn' }), 409, 'invalid_transition');
    const row = await knex('cases').where({ id: c.id }).first();
    for (const col of ['assigned_at', 'mediating_at', 'failed_at', 'filed_at', 'closed_at']) expect(row[col], col).not.toBeNull();
    expect(row.settled_at).toBeNull();
    const d = await (await t.request(`/api/cases/${c.id}`, { as: 'dispatcher' })).json();
    expect(d.timeline.map((e: { to_status: string }) => e.to_status)).toEqual(['pending', 'assigned', 'mediating', 'failed', 'filed']);
  });

  it('extension with a reason moves the deadline; supervision lists near-deadline and overdue cases; notes are logged', async () => {
    const c = await create();
    await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: 1 } });
    const before = new Date((await knex('cases').where({ id: c.id }).first()).deadline_at).getTime();
    await expectError(await t.request(`/api/cases/${c.id}/extend`, { as: 'dispatcher', method: 'POST', body: { version: 2, days: 10 } }), 400, 'invalid_input');
    await expectError(await t.request(`/api/cases/${c.id}/extend`, { as: 'dispatcher', method: 'POST', body: { version: 2, days: 0, reason: '测试' } }), 400, 'invalid_input');
    const ext = await (await t.request(`/api/cases/${c.id}/extend`, { as: 'dispatcher', method: 'POST', body: { version: 2, days: 10, reason: '双方同意延长（测试）' } })).json();
    expect(new Date(ext.deadline).getTime() - before).toBe(10 * 86_400_000);
    // Soonest first: the case, due in 40 days, is on the last page of the 45-day list.
    const { total } = await (await t.request('/api/supervision?kind=near_deadline&days=45&page_size=1', { as: 'leader' })).json();
    const near = await (await t.request(`/api/supervision?kind=near_deadline&days=45&page_size=200&page=${Math.ceil(total / 200)}`, { as: 'leader' })).json();
    expect(near.items.some((x: { id: number }) => x.id === c.id)).toBe(true);
    for (const x of near.items) expect(x.days_left).toBeLessThanOrEqual(45);
    const overdue = await (await t.request('/api/supervision?kind=overdue&page_size=200', { as: 'dispatcher' })).json();
    expect(overdue.total).toBeGreaterThan(0); // demo cases still open past their 30 days
    for (const x of overdue.items) expect(x.overdue).toBe(true);
    await expectError(await t.request('/api/supervision?kind=late', { as: 'dispatcher' }), 400, 'invalid_input');
    await expectError(await t.request('/api/supervision?kind=overdue', { as: 'planner' }), 403, 'forbidden');
    const note = await t.request(`/api/cases/${c.id}/notes`, { as: 'leader', method: 'POST', body: { note: '请于三日内反馈进展（测试）' } });
    expect(note.status).toBe(201);
    await expectError(await t.request(`/api/cases/${c.id}/notes`, { as: 'leader', method: 'POST', body: { note: '' } }), 400, 'invalid_input');
    const d = await (await t.request(`/api/cases/${c.id}`, { as: 'dispatcher' })).json();
    expect(d.notes).toHaveLength(1);
    // Issue 17: people by their display name, not their login name, in 督办记录 and the timeline.
    expect(d.notes[0].author).toBe('演示院领导');
    expect(await note.json()).toMatchObject({ author: '演示院领导' });
    expect(d.timeline.find((e: { kind: string }) => e.kind === 'note').actor).toBe('演示院领导');
    expect(d.timeline.find((e: { kind: string }) => e.kind === 'extended').actor).toBe('演示分流员');
    expect(d.extensions[0]).toMatchObject({ days: 10, reason: '双方同意延长（测试）' });
    expect(d.deadline).toBe(ext.deadline);
  });

  it('judge guidance: requested with a mode, then held with an outcome', async () => {
    const c = await create();
    const g = await t.request(`/api/cases/${c.id}/guidance`, { as: 'dispatcher', method: 'POST', body: { mode: 'remote_online', note: '申请法官远程参与调解（测试）' } });
    expect(g.status).toBe(201);
    const gb = await g.json();
    expect(gb).toMatchObject({ case_id: c.id, mode: 'remote_online', held_at: null });
    await expectError(await t.request(`/api/cases/${c.id}/guidance`, { as: 'dispatcher', method: 'POST', body: { mode: 'phone', note: 'x' } }), 400, 'invalid_input');
    await expectError(await t.request(`/api/guidance/${gb.id}`, { as: 'dispatcher', method: 'PATCH', body: {} }), 400, 'invalid_input');
    const held = await (await t.request(`/api/guidance/${gb.id}`, { as: 'dispatcher', method: 'PATCH', body: { held_at: '2026-12-03T10:00:00+08:00', outcome: '法官释法，双方达成初步意向（测试）' } })).json();
    expect(held).toMatchObject({ held_at: '2026-12-03T02:00:00.000Z', outcome: '法官释法，双方达成初步意向（测试）' });
    await expectError(await t.request('/api/guidance/999999', { as: 'dispatcher', method: 'PATCH', body: { outcome: 'x' } }), 404, 'guidance_not_found');
  });
});

describe('backlog batch', () => {
  it('assigns pending cases oldest first, counting capacity as it goes, in one transaction (service, rolled back)', async () => {
    class Rollback extends Error {}
    const c = [await create(), await create(), await create()];
    const admin = (await t.login('admin')).user; // before the transaction: it holds the embedded database's one connection
    await knex.transaction(async (trx) => {
      await trx('mediators').update({ status: 'withdrawn' });
      // Older pending cases nearby would take the places first (oldest first): out of the way here.
      await trx('cases').where({ status: 'pending' }).whereNotIn('id', c.map((x) => x.id)).update({ status: 'withdrawn' });
      const [m] = await trx('mediators').insert({ name: '测试调解员批量(测试)', kind: 'other', capacity: 2, status: 'active', location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', P), is_demo: true }).returning('id');
      const mid = (m as { id: number }).id;
      await trx('mediator_service_areas').insert({ mediator_id: mid, level: 'grid', code: GRID, township_code: '411502103000', village_code: GRID.slice(0, 12) });
      const report = await batchAssign(trx as unknown as Knex, { ...admin, mediator_id: null } as never, { deadlineDays: 30 }, async () => undefined);
      const mine = (id: number) => report.assigned.find((a) => a.case_id === id);
      expect(mine(c[0]!.id)).toEqual({ case_id: c[0]!.id, mediator_id: mid, tier: 1 });
      expect(mine(c[1]!.id)).toEqual({ case_id: c[1]!.id, mediator_id: mid, tier: 1 });
      expect(mine(c[2]!.id)).toBeUndefined();
      expect(report.left.find((l) => l.case_id === c[2]!.id)).toMatchObject({ reason: 'no_eligible_mediator' });
      expect(report.counts.assigned + report.counts.left).toBe(report.counts.pending);
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  });

  it('set-based: the same assignments as case by case, capacity never exceeded (service, rolled back)', async () => {
    class Rollback extends Error {}
    const admin = (await t.login('admin')).user;
    const actor = { ...admin, mediator_id: null } as never;
    await knex.transaction(async (trx) => {
      // Tight capacities (open cases + 0, 1 or 2), a few on leave, so capacity and the fallbacks bind.
      await trx.raw(`UPDATE mediators m SET capacity = greatest(1, (SELECT count(*) FROM cases c WHERE c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating')) + m.id % 3),
                                          status = CASE WHEN m.id % 11 = 0 THEN 'on_leave' ELSE m.status END`);
      // More pending cases of several types, a specialist type among them, some on the same grid.
      const types = ['neighbour', 'medical', 'traffic', 'labour', 'family'];
      for (let i = 0; i < 12; i++) {
        await trx.raw(`INSERT INTO cases (title, dispute_type, status, location, township_code, village_code, grid_code, tribunal_id, is_demo, created_at)
                       SELECT '测试批量(测试)', ?, 'pending', ST_SetSRID(ST_MakePoint(?, ?), 4326), g.township_code, g.village_code, g.code, t.tribunal_id, true, now() - interval '1 day'
                       FROM grids g JOIN townships t ON t.code = g.township_code WHERE g.code = ?`, [types[i % types.length]!, P[0], P[1], GRID]);
      }
      let reference: Awaited<ReturnType<typeof batchAssign>> | undefined;
      await trx.transaction(async (t2) => {
        reference = await batchAssignOneByOne(t2 as unknown as Knex, actor, { deadlineDays: 30 }, async () => undefined);
        throw new Rollback();
      }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
      const report = await batchAssign(trx as unknown as Knex, actor, { deadlineDays: 30 }, async () => undefined);
      expect(reference!.counts.assigned).toBeGreaterThan(0);
      expect(reference!.counts.left).toBeGreaterThan(0);
      expect(report).toEqual(reference);
      const over = await trx.raw(`SELECT m.id FROM mediators m JOIN cases c ON c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating')
                                  GROUP BY m.id, m.capacity HAVING count(*) > m.capacity AND bool_or(c.id = ANY (CAST(? AS int[])))`, [`{${report.assigned.map((a) => a.case_id).join(',')}}`]);
      expect(over.rows).toEqual([]);
      const rows = await trx('case_assignments').whereIn('case_id', report.assigned.map((a) => a.case_id)).select('case_id', 'mediator_id', 'tier', 'mode');
      expect(rows.length).toBe(report.assigned.length);
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  });

  it('POST /api/assign/batch: a report, within the dispatcher’s scope; validated', async () => {
    const before = await counts();
    await expectError(await t.request('/api/assign/batch', { as: 'dispatcher', method: 'POST', body: { confirm: true, limit: 'all' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/assign/batch', { as: 'dispatcher', method: 'POST', body: {} }), 400, 'invalid_input'); // no confirm: nothing happens
    expect(await counts()).toEqual(before);
    await expectError(await t.request('/api/assign/batch', { as: 'planner', method: 'POST', body: { confirm: true } }), 403, 'forbidden');
    const res = await t.request('/api/assign/batch', { as: 'dispatcher_djh', method: 'POST', body: { confirm: true, limit: 500 } });
    const report = await res.json();
    expect(res.status).toBe(200);
    expect(report.counts.pending).toBeGreaterThan(0);
    expect(report.counts.assigned + report.counts.left).toBe(report.counts.pending);
    const scope = (await t.login('dispatcher_djh')).user.tribunal_id;
    const touched = await knex('cases').whereIn('id', report.assigned.map((a: { case_id: number }) => a.case_id)).select('tribunal_id', 'status', 'case_number');
    for (const { case_number, ...r } of touched) expect(r).toEqual({ tribunal_id: scope, status: 'assigned' });
    // Entering the court's flow, each assigned case has its case number (given now or at its creation), none twice.
    expect(touched.every((r) => typeof r.case_number === 'string')).toBe(true);
    expect(new Set(touched.map((r) => r.case_number)).size).toBe(touched.length);
    // Capacity held: no mediator over capacity after the batch.
    const over = await knex.raw(`SELECT m.id FROM mediators m JOIN cases c ON c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating')
                                 GROUP BY m.id, m.capacity HAVING count(*) > m.capacity AND bool_or(c.id IN (${report.assigned.map((a: { case_id: number }) => a.case_id).join(',') || 0}))`);
    expect(over.rows).toEqual([]);
    expect(await knex('audit_log').where({ action: 'case.batch_assign' }).first()).toBeTruthy();
  });

  it('every audit action dispatch writes has a Chinese label in AUDIT_ACTIONS (the audit view shows it)', async () => {
    const written = (await knex('audit_log').where('action', 'like', 'case.%').distinct('action')).map((r: { action: string }) => r.action);
    for (const a of ['case.create', 'case.assign', 'case.reassign', 'case.status', 'case.extend', 'case.note', 'case.guidance', 'case.batch_assign', 'case.view_party']) expect(written).toContain(a);
    for (const a of written) expect(AUDIT_ACTIONS).toHaveProperty([a]);
  });
});
