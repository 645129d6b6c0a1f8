// Coverage on the real (demo) district: the API against hand-checkable cases made with a test mediator
// placed on a village's point (removed afterwards), the SQL against the in-memory engine, what-if
// predictions against the database really changed, best sites, saved scenarios, Excel, validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, expectError, readBuild, readCases, type TestApp } from './helpers.ts';
import type { BestSitesAnswer, CompareAnswer, CoverageSummaryAnswer, CoverageUnit, CoverageUnitsAnswer, ScenarioRow, WhatIfAnswer } from '../src/contract/coverage.ts';
import { computeCoverage, coverageSummary } from '../src/services/coverage/index.ts';
import { clearModels, dataVersion, modelFor } from '../src/services/coverage/model.ts';
import { readVersions, refreshLayers, unitsLayer } from '../src/services/coverage/layers.ts';
import { startCoverageWarmer } from '../src/services/coverage/warm.ts';
import pino from 'pino';

let t: TestApp;
let testMediator = 0;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => {
  if (testMediator) await t.db.knex('mediators').where({ id: testMediator }).delete(); // service areas cascade
  await t.close();
});

const units = async (q = 'level=village'): Promise<CoverageUnitsAnswer> => {
  const res = await t.get(`/api/coverage/units?${q}`);
  expect(res.status).toBe(200);
  return res.json();
};
const byCode = (xs: CoverageUnit[]) => new Map(xs.map((u) => [u.code, u]));
const post = async <T>(path: string, body: unknown, as: 'planner' | 'admin' | 'leader' = 'planner'): Promise<T> => {
  const res = await t.request(path, { method: 'POST', body, as });
  if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

describe('GET /api/coverage/units and /summary', () => {
  it('answers every village and grid with the documented fields, period = the data set 12 months', async () => {
    const meta = readBuild<{ anchor_date: string }>('meta.json');
    const v = await units();
    expect(v.units).toHaveLength(readBuild<{ features: unknown[] }>('villages.geojson').features.length);
    expect(v.settings).toMatchObject({ level: 'village', radius_urban_m: 1000, radius_rural_m: 3000, period: { to: meta.anchor_date } });
    expect(v.definition).toContain('最近的在岗调解员');
    const u = v.units[0]!;
    for (const k of ['code', 'name', 'township_code', 'point', 'responsible_mediators', 'nearest_mediator_m', 'covered', 'reasons', 'population_est', 'case_count']) expect(u).toHaveProperty(k);
    const g = await units('level=grid');
    expect(g.units).toHaveLength(readBuild<{ features: unknown[] }>('grids.geojson').features.length);
    // case counts: the data's cases in the period, by unit
    const lo = Date.parse(`${v.settings.period.from}T00:00:00+08:00`), hi = Date.parse(`${v.settings.period.to}T00:00:00+08:00`) + 86_400_000;
    const cases = readCases<{ created_at: string; village_code: string }>().filter((c) => Date.parse(c.created_at) >= lo && Date.parse(c.created_at) < hi);
    expect(v.units.reduce((a, x) => a + x.case_count, 0)).toBe(cases.length);
    expect(g.units.reduce((a, x) => a + x.case_count, 0)).toBe(cases.length);
  });

  it('summary: totals and per township agree with the units', async () => {
    for (const level of ['village', 'grid']) {
      const [{ units: us }, s] = [await units(`level=${level}`), (await (await t.get(`/api/coverage/summary?level=${level}`)).json()) as CoverageSummaryAnswer];
      expect(s.totals.units).toBe(us.length);
      expect(s.totals.units_covered).toBe(us.filter((u) => u.covered).length);
      expect(s.totals.population_covered).toBe(us.filter((u) => u.covered).reduce((a, u) => a + u.population_est, 0));
      expect(s.totals.cases_covered).toBe(us.filter((u) => u.covered).reduce((a, u) => a + u.case_count, 0));
      expect(s.by_township.reduce((a, x) => a + x.units_covered, 0)).toBe(s.totals.units_covered);
      expect(s.by_township.every((x) => x.name && x.name !== x.code)).toBe(true);
      expect(s.totals.share_units).toBeCloseTo(s.totals.units_covered / s.totals.units, 4);
    }
  });

  it('computeCoverage / coverageSummary (used by the leadership dashboard) answer the same as the API', async () => {
    const rows = await computeCoverage(t.db.knex, { level: 'village' });
    expect(rows).toEqual((await units()).units);
    const s = await coverageSummary(t.db.knex, { level: 'grid', radius_m: 2000 });
    expect(s.settings).toMatchObject({ radius_urban_m: 2000, radius_rural_m: 2000 });
  });

  it('radius edge on real data: radius = the nearest distance is covered, a millimetre less is too far', async () => {
    const u = (await units()).units.find((x) => x.responsible_mediators.length && x.nearest_mediator_m! > 100)!;
    const d = u.nearest_mediator_m!;
    expect(byCode((await units(`level=village&radius_m=${d}`)).units).get(u.code)!.covered).toBe(true);
    expect(byCode((await units(`level=village&radius_m=${d - 0.001}`)).units).get(u.code)!.reasons).toEqual(['too_far']);
  });

  it('nearest mediators: the in-memory search agrees with PostGIS geography distances by brute force', async () => {
    const us = await computeCoverage(t.db.knex, { level: 'village' });
    const rows = (await t.db.knex.raw(`
      SELECT DISTINCT ON (v.code) v.code, m.id, ST_Distance(m.location::geography, v.point::geography) AS d
      FROM villages v CROSS JOIN mediators m WHERE m.status = 'active' AND m.location IS NOT NULL
      ORDER BY v.code, round(ST_Distance(m.location::geography, v.point::geography)::numeric, 3), m.id`)).rows as { code: string; id: number; d: number }[];
    const mem = byCode(us);
    const off = rows.filter((r) => mem.get(r.code)!.nearest_mediator_id !== r.id || Math.abs(mem.get(r.code)!.nearest_mediator_m! - r.d) > 0.0006);
    expect(off).toEqual([]);
    expect(rows).toHaveLength(us.length);
  });

  it('rejects bad parameters with a 400 that says what is wrong', async () => {
    await expectError(await t.get('/api/coverage/units?level=county'), 400, 'invalid_input');
    await expectError(await t.get('/api/coverage/units?radius_m=-5'), 400, 'invalid_input');
    await expectError(await t.get('/api/coverage/units?radius_m=abc'), 400, 'invalid_input');
    await expectError(await t.get('/api/coverage/summary?from=2026-05-01&to=2026-01-01'), 400, 'invalid_input');
  });

  it('leaders read, dispatchers and mediators do not', async () => {
    expect((await t.request('/api/coverage/summary', { as: 'leader' })).status).toBe(200);
    expect((await t.request('/api/coverage/summary', { as: 'dispatcher' })).status).toBe(403);
    expect((await t.request('/api/coverage/units', { as: 'mediator' })).status).toBe(403);
  });
});

describe('a test mediator on an uncovered village point (hand-checkable)', () => {
  let target: CoverageUnit;
  let before: CoverageUnitsAnswer;
  const place = async (status: string) => t.db.knex('mediators').where({ id: testMediator }).update({ status });

  it('the village becomes covered at 0 m, and its grids through their village; on leave it is not', async () => {
    before = await units();
    target = before.units.find((u) => !u.covered && u.reasons.includes('no_responsible_mediator'))!;
    expect(target).toBeTruthy();
    const [lng, lat] = target.point.coordinates;
    const [{ id }] = (await t.db.knex.raw(
      `INSERT INTO mediators (name, kind, status, location, is_demo) VALUES ('测试调解员（覆盖测试，演示）', 'other', 'active', ST_SetSRID(ST_MakePoint(?, ?), 4326), true) RETURNING id`, [lng, lat])).rows;
    testMediator = id;
    await t.db.knex('mediator_service_areas').insert({ mediator_id: id, level: 'village', code: target.code, township_code: target.township_code, village_code: target.code });

    const after = byCode((await units()).units).get(target.code)!;
    expect(after).toMatchObject({ covered: true, reasons: [], nearest_mediator_id: id, nearest_mediator_m: 0 });
    expect(after.responsible_mediators).toContain(id);
    const grids = (await units('level=grid')).units.filter((g) => g.village_code === target.code);
    expect(grids.length).toBeGreaterThan(0);
    for (const g of grids) expect(g.responsible_mediators).toContain(id);

    await place('on_leave');
    expect(byCode((await units()).units).get(target.code)).toEqual(target);
    await place('active');
  });

  it('what-if predicts what really happens: taking the mediator out = setting it on leave', async () => {
    const predicted = await post<WhatIfAnswer>('/api/coverage/what-if', { params: { level: 'grid' }, changes: [{ op: 'remove', mediator_id: testMediator }] });
    await place('on_leave');
    const real = (await (await t.get('/api/coverage/summary?level=grid')).json()) as CoverageSummaryAnswer;
    await place('active');
    expect(predicted.scenario).toEqual(real.totals);
    expect(predicted.scenario.units_covered).toBeLessThan(predicted.baseline.units_covered);
  });

  it('what-if predicts a move: moving the mediator = updating its location', async () => {
    const [lng, lat] = [target.point.coordinates[0] + 0.02, target.point.coordinates[1] + 0.01];
    const predicted = await post<WhatIfAnswer>('/api/coverage/what-if', { params: { level: 'village' }, changes: [{ op: 'move', mediator_id: testMediator, lng, lat }] });
    await t.db.knex.raw('UPDATE mediators SET location = ST_SetSRID(ST_MakePoint(?, ?), 4326) WHERE id = ?', [lng, lat, testMediator]);
    const real = (await (await t.get('/api/coverage/summary?level=village')).json()) as CoverageSummaryAnswer;
    await t.db.knex.raw('UPDATE mediators SET location = ST_SetSRID(ST_MakePoint(?, ?), 4326) WHERE id = ?', [...target.point.coordinates, testMediator]);
    expect(predicted.scenario).toEqual(real.totals);
  });
});

describe('what-if and best sites', () => {
  it('a hypothetical mediator on an uncovered village covers it (it is responsible for the village it stands in)', async () => {
    const v = (await units()).units.find((u) => !u.covered && u.reasons.includes('no_responsible_mediator'))!;
    const [lng, lat] = v.point.coordinates;
    const r = await post<WhatIfAnswer>('/api/coverage/what-if', { params: { level: 'village' }, changes: [{ op: 'add', key: 'h1', lng, lat }], with_units: true });
    expect(r.added).toEqual([expect.objectContaining({ key: 'h1', id: -1, village_code: v.code })]);
    expect(r.changed!.find((u) => u.code === v.code)).toMatchObject({ covered: true, nearest_mediator_id: -1, nearest_mediator_m: 0 });
    expect(r.scenario.units_covered).toBe(r.baseline.units_covered + r.changed!.filter((u) => u.covered).length);
    expect(r.elapsed_ms).toBeGreaterThanOrEqual(0); // its speed is server/bench/coverage.ts's to measure, not a test's on a shared machine
  });

  it('changes to unknown mediators are warned about, not errors; bad changes are 400', async () => {
    const r = await post<WhatIfAnswer>('/api/coverage/what-if', { changes: [{ op: 'remove', mediator_id: 999999 }] });
    expect(r.warnings).toHaveLength(1);
    expect(r.scenario).toEqual(r.baseline);
    await expectError(await t.request('/api/coverage/what-if', { method: 'POST', body: { changes: [{ op: 'add', lng: 500, lat: 1 }] }, as: 'planner' }), 400, 'invalid_input');
    expect((await t.request('/api/coverage/what-if', { method: 'POST', body: { changes: [] }, as: 'leader' })).status).toBe(200);
    expect((await t.request('/api/coverage/what-if', { method: 'POST', body: { changes: [] }, as: 'dispatcher' })).status).toBe(403);
    expect((await t.request('/api/coverage/best-sites', { method: 'POST', body: { k: 1 }, as: 'leader' })).status).toBe(403);
  });

  it('best 3 sites by population: greedy ≤ exact, and adding the sites as a scenario gives the promised value', async () => {
    const g = await post<BestSitesAnswer>('/api/coverage/best-sites', { k: 3, objective: 'population' });
    const e = await post<BestSitesAnswer>('/api/coverage/best-sites', { k: 3, objective: 'population', method: 'exact' });
    expect(g.sites).toHaveLength(3);
    expect(e.value).toBeGreaterThanOrEqual(g.value);
    expect(g.guarantee).toMatch(/贪心/);
    expect(e.guarantee).toMatch(/精确/);
    // Issue 17: plain words on screen, no jargon, every number formatted (no bare run of 4+ digits).
    for (const x of [g, e]) {
      expect(x.guarantee_plain).toMatch(/选址/);
      expect(x.guarantee_plain).not.toMatch(/子模|1 − 1\/e|贪心|\d{4,}/);
      expect(x.guarantee).not.toMatch(/\d{4,}/);
    }
    for (const a of [g, e]) {
      const w = await post<WhatIfAnswer>('/api/coverage/what-if', { changes: a.sites.map((s, i) => ({ op: 'add', key: `s${i}`, lng: s.lng, lat: s.lat })) });
      expect(w.scenario.population_covered).toBe(a.value);
      expect(a.sites.at(-1)!.cumulative).toBe(a.value);
      expect(a.sites.every((s, i) => i === 0 || s.gain <= a.sites[i - 1]!.gain || a.method === 'exact')).toBe(true);
    }
  });

  it('best sites on a lattice, by cases, with a capacity; exact refuses what it cannot do', async () => {
    const r = await post<BestSitesAnswer>('/api/coverage/best-sites', { k: 5, objective: 'cases', candidates: 'lattice', spacing_m: 1500, capacity: 100 });
    expect(r.candidates).toBeGreaterThan(100);
    expect(r.sites.every((s) => s.gain <= 100 && s.village_code)).toBe(true);
    await expectError(await t.request('/api/coverage/best-sites', { method: 'POST', body: { k: 5, method: 'exact' }, as: 'planner' }), 422, 'exact_too_large');
    await expectError(await t.request('/api/coverage/best-sites', { method: 'POST', body: { k: 2, method: 'exact', capacity: 10 }, as: 'planner' }), 422, 'exact_with_capacity');
  });
});

describe('saved scenarios', () => {
  it('planners save, list, update, compare and delete; leaders read and compare; real data never changes', async () => {
    const f0 = await dataVersion(t.db.knex);
    const v = (await units()).units.filter((u) => !u.covered).slice(0, 2);
    const a = await post<ScenarioRow>('/api/coverage/scenarios', { name: '方案甲', changes: [{ op: 'add', key: 'a', lng: v[0]!.point.coordinates[0], lat: v[0]!.point.coordinates[1] }] });
    const b = await post<ScenarioRow>('/api/coverage/scenarios', { name: '方案乙', params: { level: 'grid', radius_m: 2000 }, changes: [] });
    expect(a).toMatchObject({ name: '方案甲', owner: expect.any(String), params: { level: 'village' } });
    const list = (await (await t.request('/api/coverage/scenarios', { as: 'leader' })).json()).items as ScenarioRow[];
    expect(list.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const upd = await t.request(`/api/coverage/scenarios/${a.id}`, { method: 'PUT', as: 'planner', body: { name: '方案甲（改）', changes: [...a.changes, { op: 'add', key: 'b', lng: v[1]!.point.coordinates[0], lat: v[1]!.point.coordinates[1] }] } });
    expect(upd.status).toBe(200);
    const cmp = (await (await t.request(`/api/coverage/scenarios/compare?ids=${a.id},${b.id}`, { as: 'leader' })).json()) as CompareAnswer;
    expect(cmp.scenarios.map((s) => s.name)).toEqual(['方案甲（改）', '方案乙']);
    expect(cmp.scenarios[0]!.totals.units_covered).toBeGreaterThanOrEqual(cmp.baseline.units_covered + 1);
    expect(cmp.scenarios[1]!.settings).toMatchObject({ level: 'grid', radius_rural_m: 2000 });
    expect((await t.request('/api/coverage/scenarios', { method: 'POST', as: 'leader', body: { name: 'x', changes: [] } })).status).toBe(403);
    expect((await t.request(`/api/coverage/scenarios/${a.id}`, { method: 'DELETE', as: 'leader' })).status).toBe(403);
    for (const s of [a, b]) expect((await t.request(`/api/coverage/scenarios/${s.id}`, { method: 'DELETE', as: 'planner' })).status).toBe(204);
    await expectError(await t.get(`/api/coverage/scenarios/${a.id}`), 404, 'scenario_not_found');
    await expectError(await t.request('/api/coverage/scenarios', { method: 'POST', as: 'planner', body: { name: '', changes: [] } }), 400, 'invalid_input');
    await expectError(await t.get('/api/coverage/scenarios/compare?ids=abc'), 400, 'invalid_input');
    const actions = (await t.db.knex('audit_log').where('target_id', String(a.id)).andWhere('target_type', 'coverage_scenario').pluck('action')) as string[];
    expect(actions.sort()).toEqual(['coverage.scenario_create', 'coverage.scenario_delete', 'coverage.scenario_update']);
    expect(await dataVersion(t.db.knex)).toBe(f0);
  });
});

describe('GET /api/coverage/units.xlsx', () => {
  it('is a workbook with every unit (uncovered first) and the definition', async () => {
    const res = await t.get('/api/coverage/units.xlsx?level=village');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('覆盖情况')!;
    const n = (await units()).units.length;
    expect(ws.rowCount).toBe(n + 1);
    expect(ws.getRow(2).getCell(5).value).toBe('未覆盖');
    expect(String(wb.getWorksheet('口径说明')!.getRow(6).getCell(2).value)).toContain('最近的在岗调解员');
  });
});

describe('the layered model (services/coverage/layers.ts)', () => {
  it('after a mediator write and a case write, the partly rebuilt model equals one built from scratch', async () => {
    const knex = t.db.knex;
    for (const level of ['village', 'grid'] as const) await computeCoverage(knex, { level }); // all layers cached
    const m = (await knex('mediators').where({ status: 'active' }).whereNotNull('location').orderBy('id').first('id')) as { id: number };
    const v0 = await dataVersion(knex);
    await knex.raw(`UPDATE mediators SET location = ST_Translate(location, 0.01, 0.005) WHERE id = ?`, [m.id]);
    try {
      await knex.raw(`UPDATE cases SET updated_at = updated_at WHERE id = (SELECT min(id) FROM cases)`);
      expect(await dataVersion(knex)).not.toBe(v0);
      for (const level of ['village', 'grid'] as const) {
        const partly = await computeCoverage(knex, { level });
        clearModels();
        const fresh = await computeCoverage(knex, { level });
        expect(partly).toEqual(fresh);
      }
    } finally {
      await knex.raw(`UPDATE mediators SET location = ST_Translate(location, -0.01, -0.005) WHERE id = ?`, [m.id]);
    }
  });

  it('refreshLayers reloads current layers in the background: the old value answers until the new one is in', async () => {
    const knex = t.db.knex;
    const v = await readVersions(knex);
    const before = await unitsLayer(knex, 'village', v);
    const refreshing = refreshLayers(v, 0);
    expect(await unitsLayer(knex, 'village', v)).toBe(before); // no request waits for the reload
    await refreshing;
    const after = await unitsLayer(knex, 'village', v);
    expect(after).not.toBe(before);
    expect(after.rows).toEqual(before.rows);
    await refreshLayers(v, 60_000); // nothing that young is reloaded
    expect(await unitsLayer(knex, 'village', v)).toBe(after);
  });

  it('the warmer builds the default models at start and brings them up to date after a write, before any request', async () => {
    const knex = t.db.knex;
    clearModels();
    const warmer = startCoverageWarmer(knex, pino({ level: 'silent' }), 50);
    try {
      await warmer.idle();
      const village = await modelFor(knex, { level: 'village' });
      expect(await modelFor(knex, { level: 'village' })).toBe(village); // built by the warmer, cached
      const grid = await modelFor(knex, { level: 'grid' });
      expect(await modelFor(knex, { level: 'grid' })).toBe(grid);
      expect(warmer.version).toBe(village.version);
      await knex.raw(`UPDATE cases SET updated_at = updated_at WHERE id = (SELECT min(id) FROM cases)`);
      const v1 = await dataVersion(knex);
      expect(v1).not.toBe(village.version);
      await expect.poll(() => warmer.version, { timeout: 30_000, interval: 20 }).toBe(v1); // a tick, not a request, rebuilt it
      const after = await modelFor(knex, { level: 'village' });
      expect(after.version).toBe(v1);
      expect(after).not.toBe(village);
    } finally {
      warmer.stop();
    }
  });
});
