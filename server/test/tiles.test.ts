import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { createTestApp, expectError, readBuild, readCases, type TestApp } from './helpers.ts';
import { districtTiles } from './helpers.ts';
import { TileService } from '../src/services/tiles.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const tileRange = districtTiles;

async function decode(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  return new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
}

describe('GET /api/tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  it.each([
    ['townships', 19, 'code'],
    ['villages', 269, 'code'],
    ['grids', readBuild<{ features: unknown[] }>('grids.geojson').features.length, 'code'],
  ])('%s: the district tiles at z=9 decode and hold every unit', async (layer, n, key) => {
    const codes = new Set<string>();
    for (const [x, y] of tileRange(9)) {
      const res = await t.get(`/api/tiles/${layer}/9/${x}/${y}.mvt`);
      if (res.status === 204) continue;
      const vt = await decode(res);
      const l = vt.layers[layer]!;
      expect(l.extent).toBe(4096);
      for (let i = 0; i < l.length; i++) {
        const f = l.feature(i);
        expect(f.type).toBe(3); // polygon
        expect(f.properties.geometry_source).toBe('schematic');
        codes.add(String(f.properties[key]));
      }
    }
    expect(codes.size).toBe(n);
  });

  it('cases: points with type and status, as many as the data file holds', async () => {
    const cases = readCases<unknown>();
    let count = 0;
    for (const [x, y] of tileRange(8)) {
      const res = await t.get(`/api/tiles/cases/8/${x}/${y}.mvt`);
      if (res.status === 204) continue;
      const l = (await decode(res)).layers.cases!;
      for (let i = 0; i < l.length; i++) {
        const f = l.feature(i);
        expect(f.type).toBe(1);
        expect(typeof f.properties.dispute_type).toBe('string');
        // A point in a tile's buffer belongs to its neighbour: count only those inside the tile.
        const [[p]] = f.loadGeometry() as unknown as [[{ x: number; y: number }]];
        if (p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096) count++;
      }
    }
    expect(count).toBe(cases.length);
  });

  it('answers 204 outside the district', async () => {
    const res = await t.get('/api/tiles/townships/10/100/100.mvt');
    expect(res.status).toBe(204);
  });

  it('the in-memory tiler (the embedded path) gives the same units as the database path', async () => {
    const js = new TileService(t.db.knex, { forceJs: true });
    for (const [x, y] of tileRange(10).slice(0, 6)) {
      const a = await t.ctx.tiles.tile('villages', 10, x, y);
      const b = await js.tile('villages', 10, x, y);
      const codes = (u: Uint8Array | null) => {
        if (!u) return [];
        const l = new VectorTile(new Pbf(u)).layers.villages!;
        return Array.from({ length: l.length }, (_, i) => String(l.feature(i).properties.code)).sort();
      };
      expect(codes(b)).toEqual(codes(a));
    }
  });

  it.each([
    ['/api/tiles/roads/8/209/105.mvt', 'layer'],
    ['/api/tiles/townships/23/0/0.mvt', 'z'],
    ['/api/tiles/townships/8/256/0.mvt', 'x'],
    ['/api/tiles/townships/x/1/1.mvt', 'z'],
  ])('rejects %s with 400 invalid_tile', async (p, field) => {
    const err = await expectError(await t.get(p), 400, 'invalid_tile');
    expect(JSON.stringify(err)).toContain(field);
  });
});
