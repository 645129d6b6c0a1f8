// Golden test: fixtures/locate.geojson holds points with the answer expected (from the data files,
// not from the SQL under test). Regenerate with UPDATE_GOLDEN=1 after a data rebuild.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { FIXTURES } from './paths.ts';
import { buildLocateFixture, type LocateFixture } from './fixtures/make-locate.ts';

const file = path.join(FIXTURES, 'locate.geojson');
if (process.env.UPDATE_GOLDEN || !fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify(buildLocateFixture(), null, 1) + '\n');
const golden = JSON.parse(fs.readFileSync(file, 'utf8')) as LocateFixture;

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('GET /api/locate', () => {
  it.each(golden.features.map((f) => [f.properties.label, f] as const))('%s', async (_label, f) => {
    const [lng, lat] = f.geometry.coordinates;
    const res = await t.get(`/api/locate?lng=${lng}&lat=${lat}`);
    const exp = f.properties.expected;
    if (exp === 'outside_district') {
      await expectError(res, 404, 'outside_district');
      return;
    }
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.township.code).toBe(exp.township);
    if (exp.village) expect(body.village.code).toBe(exp.village);
    if (exp.grid) expect(body.grid.code).toBe(exp.grid);
    expect(body.grid.code.startsWith(body.village.code)).toBe(true);
    expect(body.tribunal).toMatchObject({ id: expect.any(Number), name: expect.any(String) });
  });

  it.each([
    ['', 'lng'],
    ['lng=114.06', 'lat'],
    ['lng=abc&lat=32.1', 'lng'],
    ['lng=114.06&lat=NaN', 'lat'],
    ['lng=Infinity&lat=32.1', 'lng'],
    ['lng=181&lat=32.1', 'lng'],
    ['lng=114.06&lat=-91', 'lat'],
    ['lng=1e2&lat=32', 'lng'],
    ['lng=114.06&lat=32.1&lat=32.2', 'lat'],
  ])('rejects %j with 400 invalid_coordinates naming %s', async (q, field) => {
    const err = await expectError(await t.get(`/api/locate?${q}`), 400, 'invalid_coordinates');
    expect(JSON.stringify(err)).toContain(field);
  });
});
