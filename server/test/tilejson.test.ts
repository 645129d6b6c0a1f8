// Vector tiles a GIS tool can discover: TileJSON 3.0 per tile set, the MapLibre style, and tiles deeper
// than the tiler's maximum zoom (cut from their z14 ancestor on the embedded database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { createTestApp, expectError, tileOf, type TestApp } from './helpers.ts';
import { clipRing, overzoomFeatures } from '../src/geo/overzoom.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => { await t.close(); });

interface TileJson { tilejson: string; tiles: string[]; minzoom: number; maxzoom: number; bounds: number[]; vector_layers: { id: string; fields: Record<string, string> }[] }

describe('TileJSON', () => {
  it('each tile set: version 3.0.0, absolute tile URL, bounds, zooms, layer and fields', async () => {
    for (const layer of ['townships', 'villages', 'grids', 'cases']) {
      const res = await t.get(`/api/tiles/${layer}.json`);
      expect(res.status).toBe(200);
      const j = (await res.json()) as TileJson;
      expect(j.tilejson).toBe('3.0.0');
      expect(j.tiles).toEqual([`${t.base}/api/tiles/${layer}/{z}/{x}/{y}.mvt`]);
      expect(j.maxzoom).toBe(14);
      expect(j.bounds[0]).toBeCloseTo(113.717, 2);
      expect(j.vector_layers[0]!.id).toBe(layer);
    }
    const grids = (await (await t.get('/api/tiles/grids.json')).json()) as TileJson;
    expect(grids.vector_layers[0]!.fields).toMatchObject({ code: 'String', village_code: 'String' });
  });

  it('the cases fields follow the role (per-grid counts for the leader)', async () => {
    const leader = (await (await t.request('/api/tiles/cases.json', { as: 'leader' })).json()) as TileJson;
    expect(Object.keys(leader.vector_layers[0]!.fields)).toContain('count');
    const admin = (await (await t.get('/api/tiles/cases.json')).json()) as TileJson;
    expect(Object.keys(admin.vector_layers[0]!.fields)).not.toContain('count');
  });

  it('anonymous: 401 with a Basic challenge; an unknown tile set: 404', async () => {
    const res = await t.request('/api/tiles/grids.json', { as: null });
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    await expectError(res, 401, 'unauthenticated');
    await expectError(await t.get('/api/tiles/roads.json'), 404, 'not_found');
  });
});

describe('style.json', () => {
  it('is a MapLibre style of the app\'s look over the tile sets', async () => {
    const s = (await (await t.get('/api/style.json')).json()) as { version: number; sources: Record<string, { type: string; url: string }>; layers: { id: string; type: string; source?: string; 'source-layer'?: string; paint?: Record<string, unknown> }[] };
    expect(validateStyleMin(s as never)).toEqual([]); // valid for MapLibre's own style validator
    expect(s.version).toBe(8);
    expect(s.sources.grids).toEqual({ type: 'vector', url: `${t.base}/api/tiles/grids.json` });
    const ids = s.layers.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['background', 'townships-line', 'villages-line', 'grids-line', 'cases-heat', 'cases-point']));
    expect(s.layers.find((l) => l.id === 'townships-line')!.paint!['line-color']).toBe('#1b3a6b');
    for (const l of s.layers.filter((x) => x.source)) expect(l['source-layer']).toBe(l.source);
    expect(JSON.stringify(s)).not.toContain('feature-state');
  });
});

describe('over-zoom', () => {
  it('z15 and deeper tiles hold the features their z14 ancestor has there', async () => {
    const [x14, y14] = tileOf(114.07, 32.12, 14);
    const decode = async (z: number, x: number, y: number) => {
      const res = await t.get(`/api/tiles/grids/${z}/${x}/${y}.mvt`);
      expect(res.status, `z${z}`).toBe(200);
      return new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.grids!;
    };
    const parent = await decode(14, x14, y14);
    for (const z of [15, 17]) {
      const [x, y] = tileOf(114.07, 32.12, z);
      const l = await decode(z, x, y);
      expect(l.length).toBeGreaterThan(0);
      expect(l.length).toBeLessThanOrEqual(parent.length);
      expect(l.feature(0).type).toBe(3);
      for (const ring of l.feature(0).loadGeometry()) for (const p of ring) {
        expect(p.x).toBeGreaterThanOrEqual(-64);
        expect(p.x).toBeLessThanOrEqual(4096 + 64);
      }
    }
    // Outside the district, deep tiles stay empty.
    const [xo, yo] = tileOf(110, 30, 16);
    expect((await t.get(`/api/tiles/grids/16/${xo}/${yo}.mvt`)).status).toBe(204);
  });

  it('clips rings to the tile and its buffer, and scales points', () => {
    // A square 0..100 in the parent, the child (dz=1) at (0,0) sees it doubled: 0..200.
    const square: [number, number][] = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]];
    const [f] = overzoomFeatures([{ type: 3, geometry: [square], tags: {} }], 1, 0, 0, 4096, 64);
    expect(f!.geometry).toEqual([[[0, 0], [200, 0], [200, 200], [0, 200], [0, 0]]]);
    // The child at (1,1) does not see it.
    expect(overzoomFeatures([{ type: 3, geometry: [square], tags: {} }], 1, 1, 1, 4096, 64)).toEqual([]);
    // A ring crossing the right edge is cut there.
    expect(clipRing([[0, 0], [300, 0], [300, 10], [0, 10], [0, 0]], -10, 100)).toEqual([[0, 0], [100, 0], [100, 10], [0, 10], [0, 0]]);
    expect(overzoomFeatures([{ type: 1, geometry: [[2100, 10]], tags: { a: 1 } }], 1, 1, 0, 4096, 64)).toEqual([{ type: 1, geometry: [[104, 20]], tags: { a: 1 } }]);
  });
});
