// How a dispatcher chose is recorded honestly: confirming the first of the ranking is 首选 (`top`),
// picking another is 人工选择 (`manual`), and `choice: top` naming someone no longer first is manual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let P: [number, number];
const GRID = '411502103207001'; // 高岭村第1网格, 董家河镇

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [GRID]);
  P = [rows[0].x, rows[0].y];
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete();
  await t.close();
});

async function newCaseWithRanking() {
  const res = await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: { title: '选择方式测试', dispute_type: 'neighbour', parties: [{ name: '测试甲', role: 'applicant' }], lng: P[0], lat: P[1] } });
  const c = await res.json();
  const r = await (await t.request(`/api/cases/${c.id}/candidates`, { as: 'dispatcher' })).json();
  expect(r.candidates.length).toBeGreaterThanOrEqual(2);
  return { id: c.id as number, version: r.version as number, candidates: r.candidates as { mediator_id: number }[] };
}

async function assignAndRead(id: number, body: Record<string, unknown>) {
  const res = await t.request(`/api/cases/${id}/assign`, { as: 'dispatcher', method: 'POST', body });
  expect(res.status).toBe(200);
  const file = await (await t.request(`/api/cases/${id}`, { as: 'dispatcher' })).json();
  const event = file.timeline.find((e: { kind: string }) => e.kind === 'assigned');
  return { mode: file.assignments.at(-1).mode as string, eventMode: event?.details?.mode as string };
}

describe('the choice of an assignment', () => {
  it('confirming the top candidate is recorded as top (首选) in the assignment and the timeline', async () => {
    const c = await newCaseWithRanking();
    expect(await assignAndRead(c.id, { version: c.version, mediator_id: c.candidates[0]!.mediator_id, choice: 'top' })).toEqual({ mode: 'top', eventMode: 'top' });
  });

  it('picking another is manual (人工选择), also when the request claims top', async () => {
    const a = await newCaseWithRanking();
    expect(await assignAndRead(a.id, { version: a.version, mediator_id: a.candidates[1]!.mediator_id, choice: 'manual' })).toEqual({ mode: 'manual', eventMode: 'manual' });
    const b = await newCaseWithRanking();
    expect(await assignAndRead(b.id, { version: b.version, mediator_id: b.candidates[1]!.mediator_id, choice: 'top' })).toEqual({ mode: 'manual', eventMode: 'manual' });
  });

  it('a mediator named without a choice stays manual, as before', async () => {
    const c = await newCaseWithRanking();
    expect((await assignAndRead(c.id, { version: c.version, mediator_id: c.candidates[0]!.mediator_id })).mode).toBe('manual');
  });

  it('rejects an unknown choice', async () => {
    const c = await newCaseWithRanking();
    const res = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version, choice: 'lucky' } });
    expect(res.status).toBe(400);
  });
});
