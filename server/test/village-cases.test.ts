// A case located only to its village (issue 15): registered from an address the gazetteer matched to a
// village, it is stored so (cases.location_precision 'village', no grid), ranked by village everywhere —
// its candidates, its assignment (in the transaction) and the backlog batch — with no grid tier and no
// distance, until the dispatcher sets its point (POST /api/cases/:id/location). A scoped dispatcher does
// not reach another catchment's village case. Everything inserted is deleted afterwards.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewAnswer } from '../src/contract/cases.ts';
import { previewAnswer } from '../src/services/assignment.ts';
import { batchAssign } from '../src/services/dispatch/batch.ts';
import { villageFactsFromSql } from '../src/services/dispatch/facts.ts';
import { rank } from '../src/services/dispatch/rule.ts';
import { oracleReport } from './dispatch-oracle.ts';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { pointInGrid } from './dispatch-agreement-helpers.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
const GAOLING = '411502103207'; // 高岭村, 董家河镇 (董家河法庭: dispatcher_djh's catchment)
const YIYANG = '411502001001'; // 义阳社区, 老城街道 (another catchment)
const GRID = '411502103207001'; // 高岭村第1网格
let P: [number, number]; // a point inside GRID

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  P = await pointInGrid(knex, GRID);
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete(); // parties, events, assignments cascade
  await t.close();
});

const parties = [{ name: '测试甲', role: 'applicant' }, { name: '测试乙', role: 'respondent' }];
type Created = { id: number; version: number; location_precision: string; grid_code: string | null; village_code: string; township_code: string; tribunal_id: number | null; lng: number; lat: number };

async function create(address: string, over: Record<string, unknown> = {}, as: 'dispatcher' | 'dispatcher_djh' = 'dispatcher'): Promise<Created> {
  const res = await t.request('/api/cases', { as, method: 'POST', body: { title: '测试：仅到村的纠纷', dispute_type: 'neighbour', parties, address, ...over } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(body)}`);
  return body as Created;
}

/** The ranking of candidates-village.sql for the village and type (the reference). */
async function bySql(code: string, type: 'neighbour' | 'labour'): Promise<PreviewAnswer> {
  return previewAnswer(rank(await villageFactsFromSql(knex, code, type), type), 0, 0, type);
}
const order = (a: PreviewAnswer) => a.candidates.map((c) => [c.mediator_id, c.tier, c.score, c.distance_m]);

describe('registering a case from an address matched only to a village', () => {
  it('stores it located to the village: no grid, the village\'s units, said in the answer, the row and the event', async () => {
    const c = await create('董家河镇高岭村');
    expect(c).toMatchObject({ location_precision: 'village', grid_code: null, village_code: GAOLING, township_code: '411502103000' });
    const row = await knex('cases').where({ id: c.id }).first('location_precision', 'grid_code', 'village_code', 'tribunal_id', 'coord_system_in');
    expect(row).toMatchObject({ location_precision: 'village', grid_code: null, village_code: GAOLING, coord_system_in: 'address' });
    expect(row.tribunal_id).not.toBeNull();
    const ev = await knex('case_events').where({ case_id: c.id, kind: 'created' }).first('details');
    expect(typeof ev.details === 'string' ? JSON.parse(ev.details) : ev.details).toMatchObject({ location_precision: 'village', grid_code: null });
    // The case file and the list say so too; the list filters by it, and a grid filter does not find it.
    const file = await (await t.request(`/api/cases/${c.id}`, { as: 'dispatcher' })).json();
    expect(file).toMatchObject({ location_precision: 'village', grid_code: null });
    const leader = await (await t.request(`/api/cases/${c.id}`, { as: 'leader' })).json();
    expect(leader.location_precision).toBe('village');
    const list = await (await t.request(`/api/cases?precision=village&village=${GAOLING}&page_size=200`, { as: 'dispatcher' })).json();
    expect(list.items.map((i: { id: number }) => i.id)).toContain(c.id);
    expect(list.items.every((i: { location_precision: string }) => i.location_precision === 'village')).toBe(true);
    const byGrid = await (await t.request(`/api/cases?grid=${GRID}&page_size=200`, { as: 'dispatcher' })).json();
    expect(byGrid.items.map((i: { id: number }) => i.id)).not.toContain(c.id);
    await expectError(await t.request('/api/cases?precision=street', { as: 'dispatcher' }), 400, 'invalid_input');
  });

  it('a point, or a township seat, is still stored point-located', async () => {
    const p = await (await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: { title: '测试：点选', dispute_type: 'neighbour', parties, lng: P[0], lat: P[1] } })).json();
    expect(p).toMatchObject({ location_precision: 'point', grid_code: GRID });
    const seat = await create('董家河镇');
    expect(seat.location_precision).toBe('point');
    expect(seat.grid_code).not.toBeNull();
  });
});

describe('ranked by village: candidates, assignment, batch', () => {
  it('its candidates are candidates-village.sql\'s ranking, as the address preview\'s: no grid tier, no distance, no boundary warning', async () => {
    const c = await create('董家河镇高岭村');
    const r = await (await t.request(`/api/cases/${c.id}/candidates`, { as: 'dispatcher' })).json();
    expect(r.outcome).toBe('candidates');
    expect(r.located.grid).toBeNull();
    expect(r.located.village.code).toBe(GAOLING);
    expect(r.boundary_warning).toBeUndefined();
    for (const x of r.candidates) {
      expect([2, 3, 4]).toContain(x.tier);
      expect(x.distance_m).toBeNull();
    }
    expect(order(r)).toEqual(order(await bySql(GAOLING, 'neighbour')));
    const preview = await (await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { address: '董家河镇高岭村', dispute_type: 'neighbour' } })).json();
    expect(order(r)).toEqual(order(preview));
  });

  it('assigning ranks by village in its transaction: the top candidate, an assignment row with no distance and no grid tier', async () => {
    const c = await create('董家河镇高岭村');
    const expected = (await bySql(GAOLING, 'neighbour')).candidates[0]!;
    const res = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version, choice: 'top' } });
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a).toMatchObject({ outcome: 'assigned', mediator_id: expected.mediator_id, tier: expected.tier, distance_m: null, in_candidates: true });
    const row = await knex('case_assignments').where({ case_id: c.id }).first('tier', 'distance_m', 'mode');
    expect(row).toMatchObject({ tier: expected.tier, distance_m: null, mode: 'top' });
    expect(row.tier).not.toBe(1);
  });

  it('the backlog batch ranks a village-only case by village (model.villageFacts): the same as case by case on SQL, capacity held (rolled back)', async () => {
    class Rollback extends Error {}
    const admin = (await t.login('admin')).user; // before the transaction: it holds the embedded database's one connection
    const actor = { ...admin, mediator_id: null } as never;
    await knex.transaction(async (trx) => {
      // Only these cases pending; tight capacities (open + 0, 1 or 2) so the village's places run out.
      await trx('cases').where({ status: 'pending' }).update({ status: 'withdrawn' });
      await trx.raw(`UPDATE mediators m SET capacity = greatest(1, (SELECT count(*) FROM cases c WHERE c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating')) + m.id % 3)`);
      const types = ['neighbour', 'labour', 'family', 'neighbour'];
      for (let i = 0; i < 16; i++) {
        const village = i % 4 === 3 ? YIYANG : GAOLING;
        await trx.raw(`INSERT INTO cases (title, dispute_type, status, location, location_precision, township_code, village_code, grid_code, tribunal_id, is_demo, created_at)
                       SELECT '测试仅到村(测试)', ?, 'pending', ST_SetSRID(ST_MakePoint(?, ?), 4326), 'village', v.township_code, v.code, NULL, t.tribunal_id, true, now() - make_interval(secs => ?)
                       FROM villages v JOIN townships t ON t.code = v.township_code WHERE v.code = ?`, [types[i % types.length]!, P[0], P[1], 100 - i, village]);
      }
      const reference = await oracleReport(trx, actor, { deadlineDays: 30 });
      const report = await batchAssign(trx as unknown as Knex, actor, { deadlineDays: 30 }, async () => undefined);
      expect(reference.counts.pending).toBe(16);
      expect(reference.counts.assigned).toBeGreaterThan(0);
      expect(report).toEqual(reference);
      for (const a of report.assigned) expect([2, 3, 4]).toContain(a.tier);
      const rows = await trx('case_assignments').whereIn('case_id', report.assigned.map((a) => a.case_id)).select('tier', 'distance_m', 'mode');
      expect(rows.length).toBe(report.assigned.length);
      for (const r of rows) expect(r).toMatchObject({ distance_m: null, mode: 'batch' });
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  });
});

describe('setting the exact point', () => {
  it('POST /api/cases/:id/location locates it again and makes it point-located; ranked at the point from then on', async () => {
    const c = await create('董家河镇高岭村');
    await expectError(await t.request(`/api/cases/${c.id}/location`, { as: 'dispatcher', method: 'POST', body: { version: c.version + 1, lng: P[0], lat: P[1] } }), 409, 'version_conflict');
    await expectError(await t.request(`/api/cases/${c.id}/location`, { as: 'dispatcher', method: 'POST', body: { version: c.version, lng: 120, lat: 30 } }), 404, 'outside_district');
    await expectError(await t.request(`/api/cases/${c.id}/location`, { as: 'dispatcher', method: 'POST', body: { version: c.version, lng: P[0] } }), 400, 'invalid_input');
    await expectError(await t.request(`/api/cases/${c.id}/location`, { as: 'leader', method: 'POST', body: { version: c.version, lng: P[0], lat: P[1] } }), 403, 'forbidden');
    const res = await t.request(`/api/cases/${c.id}/location`, { as: 'dispatcher', method: 'POST', body: { version: c.version, lng: P[0], lat: P[1] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: c.id, version: c.version + 1, location_precision: 'point', grid_code: GRID, village_code: GAOLING });
    const row = await knex('cases').where({ id: c.id }).first('location_precision', 'grid_code', 'coord_system_in', knex.raw('ST_X(location) AS lng'));
    expect(row).toMatchObject({ location_precision: 'point', grid_code: GRID, coord_system_in: 'wgs84' });
    expect(row.lng).toBeCloseTo(P[0], 9);
    expect(await knex('case_events').where({ case_id: c.id, kind: 'located' }).first()).toBeTruthy();
    expect(await knex('audit_log').where({ action: 'case.locate', target_id: String(c.id) }).first()).toBeTruthy();
    const r = await (await t.request(`/api/cases/${c.id}/candidates`, { as: 'dispatcher' })).json();
    expect(r.located.grid.code).toBe(GRID);
    expect(r.candidates.some((x: { distance_m: number | null }) => x.distance_m !== null)).toBe(true);
  });

  it('a closed case\'s point is not changed', async () => {
    const c = await create('董家河镇高岭村');
    const w = await (await t.request(`/api/cases/${c.id}/status`, { as: 'dispatcher', method: 'POST', body: { version: c.version, status: 'withdrawn' } })).json();
    await expectError(await t.request(`/api/cases/${c.id}/location`, { as: 'dispatcher', method: 'POST', body: { version: w.version, lng: P[0], lat: P[1] } }), 409, 'invalid_transition');
  });
});

describe('scope', () => {
  it('a scoped dispatcher cannot reach another catchment\'s village case by any route, nor move its own case out of the catchment', async () => {
    const other = await create('义阳');
    expect(other).toMatchObject({ location_precision: 'village', village_code: YIYANG });
    await expectError(await t.request(`/api/cases/${other.id}`, { as: 'dispatcher_djh' }), 404, 'case_not_found');
    await expectError(await t.request(`/api/cases/${other.id}/candidates`, { as: 'dispatcher_djh' }), 404, 'case_not_found');
    await expectError(await t.request(`/api/cases/${other.id}/assign`, { as: 'dispatcher_djh', method: 'POST', body: { version: other.version } }), 404, 'case_not_found');
    await expectError(await t.request(`/api/cases/${other.id}/location`, { as: 'dispatcher_djh', method: 'POST', body: { version: other.version, lng: P[0], lat: P[1] } }), 404, 'case_not_found');
    const list = await (await t.request('/api/cases?precision=village&page_size=200', { as: 'dispatcher_djh' })).json();
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(other.id);
    const after = await knex('cases').where({ id: other.id }).first('version', 'status', 'location_precision');
    expect(after).toEqual({ version: other.version, status: 'pending', location_precision: 'village' });
    // Its own village case: not to a point of another catchment (义阳's representative point).
    const own = await create('董家河镇高岭村', {}, 'dispatcher_djh');
    expect(own.location_precision).toBe('village');
    await expectError(await t.request(`/api/cases/${own.id}/location`, { as: 'dispatcher_djh', method: 'POST', body: { version: own.version, lng: other.lng, lat: other.lat } }), 403, 'outside_scope');
    await expectError(await t.request('/api/cases', { as: 'dispatcher_djh', method: 'POST', body: { title: '测试', dispute_type: 'neighbour', parties, address: '义阳' } }), 403, 'outside_scope');
  });
});
