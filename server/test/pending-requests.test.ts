// The cross-case lists of what waits for a dispatcher or a leader (issue 14): extension requests not yet
// decided and guidance questions not yet answered, each in the reader's scope (services/case-scope.ts).
// Everything this file inserts is deleted afterwards (cases cascade to their requests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import type { PendingExtension, PendingGuidance, PendingList } from '../src/contract/case-work.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let djh: number;
let inside: number; // a case in 董家河法庭's catchment
let outside: number; // a case elsewhere
const ids = { ext: { inside: 0, outside: 0 }, guid: { inside: 0, outside: 0 } };

async function caseAt(where: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<number> {
  const grid = await where(knex('grids as g').join('townships as tw', 'tw.code', 'g.township_code')).whereNotNull('tw.tribunal_id')
    .orderBy('g.code').first(knex.raw('ST_X(ST_PointOnSurface(g.geom)) AS x'), knex.raw('ST_Y(ST_PointOnSurface(g.geom)) AS y'));
  const res = await t.request('/api/cases', {
    as: 'dispatcher', method: 'POST',
    body: { title: '测试：待办 张三', dispute_type: 'neighbour', lng: grid.x, lat: grid.y, parties: [{ name: '张三', role: 'applicant', phone: '13800001234' }] },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

// Dated long ago: the lists are oldest first, so these are on the first page whatever the demo data holds.
async function requests(caseId: number) {
  const [x] = await knex('extension_requests').insert({ case_id: caseId, days: 10, reason: '当事人外出', status: 'pending', requested_at: '2020-01-01T00:00:00Z' }).returning('id');
  const [g] = await knex('guidance_requests').insert({ case_id: caseId, mode: 'legal_guidance', note: '请问张三 13800001234 的诉求如何处理', requested_at: '2020-01-01T00:00:00Z' }).returning('id');
  return { ext: (x as { id: number }).id, guid: (g as { id: number }).id };
}

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  djh = (await t.login('dispatcher_djh')).user.tribunal_id!;
  inside = await caseAt((q) => q.where('tw.tribunal_id', djh));
  outside = await caseAt((q) => q.whereNot('tw.tribunal_id', djh));
  const a = await requests(inside);
  const b = await requests(outside);
  Object.assign(ids, { ext: { inside: a.ext, outside: b.ext }, guid: { inside: a.guid, outside: b.guid } });
  // A decided request and an answered question are not pending.
  await knex('extension_requests').insert({ case_id: inside, days: 5, reason: '已审批', status: 'approved', requested_at: '2020-01-01T00:00:00Z' });
  await knex('guidance_requests').insert({ case_id: inside, mode: 'legal_guidance', note: '已答复', outcome: '答复', requested_at: '2020-01-01T00:00:00Z' });
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete();
  await t.close();
});

async function list<T>(path: string, as: DemoUser): Promise<PendingList<T>> {
  const res = await t.request(`${path}?page_size=200`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PendingList<T>;
}

describe('pending extension requests', () => {
  it('a district dispatcher sees both, the oldest first, with the case', async () => {
    const l = await list<PendingExtension>('/api/pending/extension-requests', 'dispatcher');
    const mine = l.items.filter((x) => x.case_id > maxCase);
    expect(mine.map((x) => x.id).sort()).toEqual([ids.ext.inside, ids.ext.outside].sort());
    expect(mine[0]).toMatchObject({ days: 10, reason: '当事人外出', case_title: '测试：待办 张三', case_status: 'pending' });
    expect(l.total).toBeGreaterThanOrEqual(2);
    const all = await knex('extension_requests').where({ status: 'pending' }).count({ n: '*' });
    expect(l.total).toBe(Number(all[0]!.n));
  });

  it("a scoped dispatcher sees only their catchment's requests", async () => {
    const l = await list<PendingExtension>('/api/pending/extension-requests', 'dispatcher_djh');
    expect(l.items.map((x) => x.id)).toContain(ids.ext.inside);
    expect(l.items.map((x) => x.id)).not.toContain(ids.ext.outside);
    const cases = await knex('cases').whereIn('id', l.items.map((x) => x.case_id)).distinct('tribunal_id');
    expect(cases.map((c) => c.tribunal_id)).toEqual([djh]);
  });

  it('a mediator and a leader are refused', async () => {
    await expectError(await t.request('/api/pending/extension-requests', { as: 'mediator' }), 403, 'forbidden');
    await expectError(await t.request('/api/pending/extension-requests', { as: 'leader' }), 403, 'forbidden');
  });

  it('a bad page size is a 400', async () => {
    await expectError(await t.request('/api/pending/extension-requests?page_size=0', { as: 'dispatcher' }), 400, 'invalid_input');
  });
});

describe('pending guidance questions', () => {
  it('a scoped dispatcher sees only their catchment; answered ones are left out', async () => {
    const l = await list<PendingGuidance>('/api/pending/guidance', 'dispatcher_djh');
    const mine = l.items.filter((x) => x.case_id > maxCase);
    expect(mine.map((x) => x.id)).toEqual([ids.guid.inside]);
    expect(mine[0]).toMatchObject({ mode: 'legal_guidance', mode_label: expect.any(String), question: '请问张三 13800001234 的诉求如何处理' });
  });

  it('a leader sees every question, without party data', async () => {
    const l = await list<PendingGuidance>('/api/pending/guidance', 'leader');
    const mine = l.items.filter((x) => x.case_id > maxCase);
    expect(mine.map((x) => x.id).sort()).toEqual([ids.guid.inside, ids.guid.outside].sort());
    for (const g of mine) {
      expect(JSON.stringify(g)).not.toContain('13800001234');
      expect(g.question).toBeTruthy();
    }
  });

  it('a mediator is refused', async () => {
    await expectError(await t.request('/api/pending/guidance', { as: 'mediator' }), 403, 'forbidden');
  });
});
