// Boundary import of the GIS formats GDAL writes (fixtures/gis/make.sh: GeoPackage, FlatGeobuf, KMZ), the
// GCJ-02 offset check and the parent a grid mostly lies in. Previews only: nothing is committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';
import type { BoundaryPreview } from '../src/contract/boundaries.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GIS = path.join(HERE, 'fixtures/gis');
const BOUNDARIES = path.join(HERE, 'fixtures/boundaries');

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

async function preview(file: string, fields: Record<string, string>, content?: Buffer, name = path.basename(file)): Promise<BoundaryPreview> {
  const s = await t.login('admin');
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(content ?? fs.readFileSync(file))]), name);
  const res = await fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`${file}: ${res.status} ${JSON.stringify(body)}`);
  return body as BoundaryPreview;
}

/** The largest distance (m, on the spheroid) of a preview's features from their current units, both ways. */
async function hausdorffM(id: string): Promise<number> {
  const { rows } = await t.db.knex.raw(`SELECT max(greatest(
      (SELECT max(ST_Distance(p.geom::geography, v.geom::geography)) FROM ST_DumpPoints(f.geom) p),
      (SELECT max(ST_Distance(p.geom::geography, f.geom::geography)) FROM ST_DumpPoints(v.geom) p))) AS d
    FROM import_boundary_features f JOIN villages v ON v.code = f.code WHERE f.preview_id = ?`, [id]);
  return Number(rows[0].d);
}

describe('GIS formats written by GDAL', () => {
  it('a GeoPackage in EPSG:4547 (its gpkg_spatial_ref_sys): all 9 villages matched, back on the boundaries within 1 cm', async () => {
    const p = await preview(path.join(GIS, 'villages.gpkg'), { level: 'village' });
    expect(p.file.format).toBe('geopackage');
    expect(p.crs).toMatchObject({ used: 'EPSG:4547', source: 'prj' });
    expect(p.match.property).toBe('区划代码');
    expect(p.summary).toMatchObject({ features: 9, matched: 9, errors: 0, warnings: 0, can_commit: true });
    expect(p.crs_offset).toBeNull();
    expect(await hausdorffM(p.id)).toBeLessThan(0.01);
  });

  it('a FlatGeobuf in EPSG:4490: all 9 matched', async () => {
    const p = await preview(path.join(GIS, 'villages.fgb'), { level: 'village' });
    expect(p.file.format).toBe('flatgeobuf');
    expect(p.crs).toMatchObject({ used: 'EPSG:4490', source: 'prj' });
    expect(p.summary).toMatchObject({ features: 9, matched: 9, errors: 0, warnings: 0 });
    expect(await hausdorffM(p.id)).toBeLessThan(0.01);
  });

  it('a KMZ (doc.kml zipped, as Google Earth and 奥维 write it): read as KML, its ExtendedData codes matched', async () => {
    const p = await preview(path.join(GIS, 'villages.kmz'), { level: 'village' });
    expect(p.file.format).toBe('kmz');
    expect(p.crs).toMatchObject({ used: 'EPSG:4326', source: 'kml' });
    expect(p.match.property).toBe('区划代码');
    expect(p.summary).toMatchObject({ matched: 9, unmatched: 0, errors: 0, warnings: 0 });
  });

  it('the limits hold for the new readers: a GeoPackage over UPLOAD_MAX_FEATURES is 413 before its rows are read', async () => {
    const small = await createTestApp({ env: { UPLOAD_MAX_FEATURES: '5' }, sharing: t });
    try {
      const s = await small.login('admin');
      for (const f of ['villages.gpkg', 'villages.fgb', 'villages.kmz']) {
        const form = new FormData();
        form.set('level', 'village');
        form.set('file', new Blob([new Uint8Array(fs.readFileSync(path.join(GIS, f)))]), f);
        const res = await fetch(`${small.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
        expect(res.status, f).toBe(413);
        expect(((await res.json()) as { error: { details: { limit: string } } }).error.details.limit).toBe('UPLOAD_MAX_FEATURES');
      }
    } finally {
      await small.close();
    }
  });

  it('a damaged GeoPackage is 422 unreadable_file with a message', async () => {
    const buf = fs.readFileSync(path.join(GIS, 'villages.gpkg')).subarray(0, 4096);
    const s = await t.login('admin');
    const form = new FormData();
    form.set('level', 'village');
    form.set('file', new Blob([new Uint8Array(buf)]), 'cut.gpkg');
    const res = await fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unreadable_file');
  });
});

describe('the GCJ-02 offset', () => {
  it('a GCJ-02 file read as WGS84: the systematic shift (about 595 m) is named, GCJ-02 offered, and the preview cannot be committed', async () => {
    const p = await preview(path.join(BOUNDARIES, 'villages-gcj02.geojson'), { level: 'village' });
    expect(p.crs_offset).toMatchObject({ kind: 'gcj02_as_wgs84', suggested_crs: 'gcj02' });
    expect(p.crs_offset!.distance_m).toBeGreaterThan(500);
    expect(p.crs_offset!.distance_m).toBeLessThan(700);
    expect(p.crs_offset!.message).toMatch(/GCJ-02/);
    expect(p.summary.can_commit).toBe(false);
  });

  it('the same file with GCJ-02 chosen: no offset; a WGS84 file converted as GCJ-02: the reverse shift, WGS84 offered', async () => {
    expect((await preview(path.join(BOUNDARIES, 'villages-gcj02.geojson'), { level: 'village', crs: 'gcj02' })).crs_offset).toBeNull();
    const p = await preview(path.join(BOUNDARIES, 'villages-good.geojson'), { level: 'village', crs: 'gcj02' });
    expect(p.crs_offset).toMatchObject({ kind: 'wgs84_as_gcj02', suggested_crs: 'EPSG:4326' });
  });

  it('a real change of a few units (no common shift) is not taken for it', async () => {
    const p = await preview(path.join(BOUNDARIES, 'grids-overlap-gap.geojson'), { level: 'grid' });
    expect(p.crs_offset).toBeNull();
  });
});

describe('parent_mismatch', () => {
  it('a grid lying mostly in a neighbouring village names that village, not its own recorded one', async () => {
    const k = t.db.knex;
    // A grid of one village grown by the whole of a larger neighbouring village.
    const { rows } = await k.raw(`SELECT g.code, g.village_code AS own, w.code AS other,
        ST_AsGeoJSON(ST_Multi(ST_Union(g.geom, w.geom))) AS geom
      FROM grids g JOIN villages v ON v.code = g.village_code
      JOIN villages w ON w.code <> v.code AND ST_Touches(w.geom, g.geom) AND ST_Area(w.geom) > 3 * ST_Area(g.geom)
      ORDER BY g.code LIMIT 1`);
    const r = rows[0] as { code: string; own: string; other: string; geom: string };
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: r.code }, geometry: JSON.parse(r.geom) }] };
    const p = await preview('grid.geojson', { level: 'grid' }, Buffer.from(JSON.stringify(fc)));
    const mismatch = p.features[0]!.problems.find((x) => x.kind === 'parent_mismatch');
    expect(mismatch?.other).toBe(r.other);
    expect(mismatch?.other).not.toBe(r.own);
  });
});
