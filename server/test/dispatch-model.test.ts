// The dispatch read model in a running app: the preview and a case's candidates answer from it exactly
// what the SQL gives; an assignment committed by this process is visible to the very next preview; one
// committed elsewhere reaches another model (standing for another process: its own holder, refreshed from
// the change counters on its timer) — the test polls for it with a generous deadline.
// Everything this file inserts is deleted afterwards.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_FIRST, type PreviewAnswer } from '../src/contract/cases.ts';
import { previewAnswer, rankForPoint } from '../src/services/assignment.ts';
import { villageFactsFromSql } from '../src/services/dispatch/facts.ts';
import { rank } from '../src/services/dispatch/rule.ts';
import { dispatchModel, DispatchModelHolder } from '../src/services/dispatch/model.ts';
import { createTestApp, expectError, type TestApp } from './helpers.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let P: [number, number];
const GRID = '411502103207001';

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [GRID]);
  P = [rows[0].x, rows[0].y];
  await dispatchModel(knex).refresh(); // from now on this app's previews read the model
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete();
  dispatchModel(knex).stop();
  await t.close();
});

const preview = async (body: Record<string, unknown>) => {
  const res = await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body });
  expect(res.status).toBe(200);
  return (await res.json()) as PreviewAnswer;
};
/** The same answer up to the boundary distances' last decimal (see dispatch-agreement.test.ts). */
const strip = (a: PreviewAnswer) => ({ ...a, boundary_warning: a.outcome === 'outside_district' ? undefined : a.boundary_warning?.neighbours.map((n) => n.code) });

describe('the read model behind the routes', () => {
  it('POST /api/assign/preview answers from the model what the SQL answers: the first PREVIEW_FIRST and how many more, or all', async () => {
    let more = 0;
    for (const [dx, type] of [[0, 'neighbour'], [0.01, 'medical'], [-0.02, 'traffic'], [3, 'neighbour']] as const) {
      const body = { lng: P[0] + dx, lat: P[1], dispute_type: type };
      const first = await preview(body);
      expect(strip(first)).toEqual(strip(JSON.parse(JSON.stringify(await rankForPoint(knex, body.lng, body.lat, type, undefined, PREVIEW_FIRST)))));
      const all = await preview({ ...body, all: true });
      expect(strip(all)).toEqual(strip(JSON.parse(JSON.stringify(await rankForPoint(knex, body.lng, body.lat, type)))));
      expect(all.candidates.slice(0, PREVIEW_FIRST)).toEqual(first.candidates);
      expect(all.candidates.length).toBe(first.candidates.length + (first.outcome === 'outside_district' ? 0 : first.more ?? 0));
      expect('more' in all).toBe(false);
      more += first.outcome === 'outside_district' ? 0 : first.more ?? 0;
    }
    expect(more).toBeGreaterThan(0); // the sample has a point with more than PREVIEW_FIRST candidates
    await expectError(await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { lng: P[0], lat: P[1], dispute_type: 'neighbour', all: 'yes' } }), 400, 'invalid_input');
  });

  it('an address matched to a village is ranked by village from the model as from the SQL, and a committed assignment is seen at once', async () => {
    const VILLAGE = '411502103207';
    const body = { address: '董家河镇高岭村', dispute_type: 'neighbour' };
    const before = await preview(body);
    if (before.outcome !== 'candidates') throw new Error('expected candidates');
    expect(before.located.grid).toBeNull();
    const { address_match: _m, ...bare } = before;
    const sql = previewAnswer(rank(await villageFactsFromSql(knex, VILLAGE, 'neighbour'), 'neighbour', undefined, { limit: PREVIEW_FIRST }), before.lng, before.lat, 'neighbour');
    expect(bare).toEqual(JSON.parse(JSON.stringify(sql)));
    // the kept answer (per village and type) goes with the model: a committed assignment is in the next one
    const created = await t.request('/api/cases', {
      as: 'dispatcher', method: 'POST',
      body: { title: '测试：按村排序', dispute_type: 'neighbour', parties: [{ name: '测试乙', role: 'applicant' }], lng: P[0], lat: P[1] },
    });
    const c = (await created.json()) as { id: number; version: number };
    const top = before.candidates[0]!;
    const res = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version, mediator_id: top.mediator_id, choice: 'manual' } });
    expect(res.status).toBe(200);
    const after = await preview(body);
    const again = after.outcome === 'candidates' ? after.candidates.find((x) => x.mediator_id === top.mediator_id) : undefined;
    if (again) expect(again.open_cases).toBe(top.open_cases + 1);
    else expect(top.open_cases + 1).toBe(top.capacity);
  });

  it('the preview body: the errors of express.json; no session, no answer', async () => {
    const s = await t.login('dispatcher');
    const raw = (body: string, type = 'application/json', cookie = s.cookie) =>
      fetch(`${t.base}/api/assign/preview`, { method: 'POST', headers: { cookie, 'x-csrf-token': s.csrfToken, 'content-type': type }, body });
    const ok = await raw(JSON.stringify({ lng: P[0], lat: P[1], dispute_type: 'neighbour' }), 'application/json; charset=utf-8');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await ok.json()) as PreviewAnswer).outcome).toBe('candidates');
    await expectError(await raw('{"lng":NaN}'), 400, 'invalid_json');
    await expectError(await raw('"text"'), 400, 'invalid_json');
    await expectError(await raw(`{"address":"${'x'.repeat(1_100_000)}","dispute_type":"land"}`), 413, 'body_too_large');
    await expectError(await raw('[1]'), 400, 'invalid_input');
    await expectError(await raw(''), 400, 'invalid_input');
    await expectError(await raw(JSON.stringify({ lng: P[0], lat: P[1], dispute_type: 'neighbour' }), 'application/json', ''), 401, 'unauthenticated');
  });

  it('an assignment is seen by the next preview of the same process at once, and by another process’s model after its refresh', async () => {
    const other = new DispatchModelHolder(knex); // another process's model: its own layers, its own timer
    await other.refresh();
    const created = await t.request('/api/cases', {
      as: 'dispatcher', method: 'POST',
      body: { title: '测试：读模型', dispute_type: 'neighbour', parties: [{ name: '测试甲', role: 'applicant' }], lng: P[0], lat: P[1] },
    });
    expect(created.status).toBe(201);
    const c = (await created.json()) as { id: number; version: number };
    const before = await preview({ lng: P[0], lat: P[1], dispute_type: 'neighbour' });
    if (before.outcome !== 'candidates') throw new Error('expected candidates');
    const top = before.candidates[0]!;
    const res = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version } });
    expect(res.status).toBe(200);
    expect((await res.json()).mediator_id).toBe(top.mediator_id);
    // same process: no waiting
    const after = await preview({ lng: P[0], lat: P[1], dispute_type: 'neighbour' });
    const again = after.outcome === 'candidates' ? after.candidates.find((x) => x.mediator_id === top.mediator_id) : undefined;
    if (again) expect(again.open_cases).toBe(top.open_cases + 1);
    else expect(top.open_cases + 1).toBe(top.capacity); // it just became full
    // the other process: its timer refreshes it from the change counters
    other.start(100);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const n = other.current?.open.get(top.mediator_id) ?? 0;
      if (n === top.open_cases + 1) break;
      if (Date.now() > deadline) throw new Error(`the other model still counts ${n}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    other.stop();
  });
});
