// What the registry's maps rely on: organisations carry their points, and the bbox (框选范围) and
// organisation filters of /api/organisations and /api/mediators select by them; bad boxes are 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

interface Org { id: number; location: { type: 'Point'; coordinates: [number, number] } | null; status: string }
const inBox = (p: [number, number], b: number[]) => p[0] >= b[0]! && p[0] <= b[2]! && p[1] >= b[1]! && p[1] <= b[3]!;

describe('organisations on the map', () => {
  it('every organisation has a GeoJSON point; bbox keeps exactly those inside the box', async () => {
    const all = await (await t.get('/api/organisations?page_size=5000')).json() as { total: number; items: Org[] };
    expect(all.total).toBeGreaterThan(50);
    const placed = all.items.filter((o) => o.location);
    expect(placed.length / all.items.length).toBeGreaterThan(0.9);
    expect(placed.every((o) => o.location!.type === 'Point' && o.location!.coordinates.length === 2)).toBe(true);
    const box = [114.0, 32.05, 114.12, 32.2];
    const inside = placed.filter((o) => inBox(o.location!.coordinates, box)).map((o) => o.id).sort((a, b) => a - b);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(placed.length);
    const boxed = await (await t.get(`/api/organisations?page_size=5000&bbox=${box.join(',')}`)).json() as { total: number; items: Org[] };
    expect(boxed.items.map((o) => o.id).sort((a, b) => a - b)).toEqual(inside);
    expect(boxed.total).toBe(inside.length);
  });

  it('the mediators of one organisation inside a box: both filters together', async () => {
    const org = (await (await t.get('/api/organisations?page_size=1&kind=township_committee')).json()).items[0] as Org & { id: number };
    const members = await (await t.get(`/api/mediators?organisation=${org.id}&page_size=5000`)).json() as { total: number; items: { organisation_id: number; location: { coordinates: [number, number] } | null }[] };
    expect(members.items.every((m) => m.organisation_id === org.id)).toBe(true);
    const box = [113.7, 31.7, 114.3, 32.4];
    const both = await (await t.get(`/api/mediators?organisation=${org.id}&bbox=${box.join(',')}&page_size=5000`)).json() as { total: number };
    expect(both.total).toBeLessThanOrEqual(members.total);
  });

  it('bad boxes and organisation ids are 400, for every role that reads', async () => {
    for (const q of ['bbox=1,2,3', 'bbox=5,5,1,1', 'bbox=a,b,c,d']) {
      await expectError(await t.get(`/api/organisations?${q}`), 400, 'invalid_input');
    }
    await expectError(await t.get('/api/mediators?organisation=0'), 400, 'invalid_input');
    await expectError(await t.get('/api/mediators?organisation=x'), 400, 'invalid_input');
    for (const as of ['leader', 'dispatcher', 'planner'] as const) {
      expect((await t.request('/api/organisations?bbox=114,32,114.1,32.1', { as })).status).toBe(200);
    }
  });
});
