import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, readBuild, readCases, type TestApp } from './helpers.ts';

type FC = { type: string; features: { type: string; geometry: { type: string }; properties: Record<string, unknown> }[] };
type Case = { created_at: string; dispute_type: string; status: string; village_code: string; grid_code: string; township_code: string };

let t: TestApp;
const cases = readCases<Case>();
const grids = readBuild<FC>('grids.geojson');
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function areas(q: string): Promise<FC> {
  const res = await t.get(`/api/areas?${q}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/geo+json');
  return (await res.json()) as FC;
}

describe('GET /api/areas', () => {
  it.each([
    ['township', 19],
    ['village', 269],
    ['grid', grids.features.length],
  ])('level=%s gives every unit once, with the thematic properties', async (level, n) => {
    const fc = await areas(`level=${level}`);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(n);
    expect(new Set(fc.features.map((f) => f.properties.code)).size).toBe(n);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      expect(f.properties).toMatchObject({ level, geometry_source: 'schematic' });
      for (const k of ['code', 'name', 'parent_code', 'population_est', 'mediator_count', 'case_count', 'open_case_count', 'area_km2']) {
        expect(f.properties[k], `${k} of ${String(f.properties.code)}`).not.toBeUndefined();
      }
    }
  });

  it('counts cases per unit as the data file does (all time, all types)', async () => {
    const fc = await areas('level=village');
    const expected = new Map<string, number>();
    for (const c of cases) expected.set(c.village_code, (expected.get(c.village_code) ?? 0) + 1);
    for (const f of fc.features) expect(f.properties.case_count).toBe(expected.get(f.properties.code as string) ?? 0);
    const open = fc.features.reduce((s, f) => s + (f.properties.open_case_count as number), 0);
    expect(open).toBe(cases.filter((c) => ['pending', 'assigned', 'mediating'].includes(c.status)).length);
  });

  it('filters case counts by period (Asia/Shanghai days, both ends included) and type', async () => {
    const fc = await areas('level=township&from=2026-01-01&to=2026-03-31&type=land');
    const lo = Date.parse('2026-01-01T00:00:00+08:00');
    const hi = Date.parse('2026-04-01T00:00:00+08:00');
    const expected = cases.filter((c) => c.dispute_type === 'land' && Date.parse(c.created_at) >= lo && Date.parse(c.created_at) < hi).length;
    expect(expected).toBeGreaterThan(0);
    expect(fc.features.reduce((s, f) => s + (f.properties.case_count as number), 0)).toBe(expected);
  });

  it('bbox: only the units meeting the box (the city centre: a few townships, more grids), every one of them', async () => {
    const box = [114.05, 32.1, 114.08, 32.13];
    const fc = await areas(`level=grid&bbox=${box.join(',')}`);
    expect(fc.features.length).toBeGreaterThan(0);
    expect(fc.features.length).toBeLessThan(grids.features.length);
    const { rows } = await t.db.knex.raw('SELECT count(*)::int AS n FROM grids WHERE ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))', box);
    expect(fc.features.length).toBe(rows[0].n);
    await expectError(await t.get('/api/areas?level=grid&bbox=114.1,32.1,114.0,32.2'), 400, 'invalid_input');
    await expectError(await t.get('/api/areas?level=grid&bbox=114.1,32.1'), 400, 'invalid_input');
  });

  it('RFC 7946 ring orientation: every outer ring counter-clockwise, every hole clockwise (areas and the OGC API)', async () => {
    // Signed area by the shoelace formula: positive = counter-clockwise (x east, y north).
    const signed = (r: number[][]) => r.slice(1).reduce((a, p, i) => a + r[i]![0]! * p[1]! - p[0]! * r[i]![1]!, 0) / 2;
    type Poly = { geometry: { type: string; coordinates: number[][][][] } };
    const check = (features: Poly[]) => {
      let outer = 0;
      for (const f of features) {
        for (const poly of f.geometry.coordinates) {
          poly.forEach((ring, i) => { expect(signed(ring) > 0, `ring ${i}`).toBe(i === 0); });
          outer++;
        }
      }
      return outer;
    };
    for (const level of ['township', 'village', 'grid']) expect(check((await areas(`level=${level}`)).features as unknown as Poly[])).toBeGreaterThan(0);
    const ogc = (await (await t.get('/api/ogc/collections/villages/items?limit=1000')).json()) as { features: Poly[] };
    expect(check(ogc.features)).toBeGreaterThanOrEqual(269);
  });

  it('one area formula: area_km2 is the ellipsoidal area (ST_Area on geography) of the geometry served', async () => {
    const { rows } = await t.db.knex.raw(`SELECT max(abs(area_km2 - ST_Area(geom::geography) / 1e6) / (ST_Area(geom::geography) / 1e6)) AS r FROM (
      SELECT area_km2, geom FROM townships UNION ALL SELECT area_km2, geom FROM villages UNION ALL SELECT area_km2, geom FROM grids) s`);
    expect(Number(rows[0].r)).toBeLessThan(1e-9);
  });

  it('leaves some villages without an active mediator (coverage gaps to find)', async () => {
    const fc = await areas('level=village');
    const zero = fc.features.filter((f) => f.properties.mediator_count === 0);
    expect(zero.length).toBeGreaterThan(0);
    expect(zero.length).toBeLessThan(100);
  });

  it.each([
    ['', 'level'],
    ['level=county', 'level'],
    ['level=village&from=2026-13-01', 'from'],
    ['level=village&from=2026-02-30', 'from'],
    ['level=village&from=2026-05-01&to=2026-01-01', 'from'],
    ['level=village&type=murder', 'type'],
  ])('rejects %j with 400 naming %s', async (q, field) => {
    const err = await expectError(await t.get(`/api/areas?${q}`), 400, 'invalid_input');
    expect(JSON.stringify(err)).toContain(field);
  });
});
