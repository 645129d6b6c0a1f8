// Layer exports read by GDAL (Debian gdal-bin) as a GIS clerk's QGIS would: a GeoPackage and a zipped
// Shapefile in EPSG:4547 with GBK text, each through ogr2ogr to GeoJSON and back through our own import,
// within 0.1 m of the stored boundaries (the Hausdorff distance, measured on the spheroid); the same
// masking and case scope as the API. Without ogr2ogr the GDAL part is skipped with a warning; under CI
// that is a failure (.ci/run installs gdal-bin).
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import { readZip } from '../src/services/uploads/zip.ts';
import { HttpError } from '../src/errors.ts';
import type { BoundaryPreview } from '../src/contract/boundaries.ts';

const run = promisify(execFile);
const HAVE_OGR = spawnSync('ogr2ogr', ['--version']).status === 0;
if (!HAVE_OGR) {
  if (process.env.CI) throw new Error('ogr2ogr (gdal-bin) is missing, and CI must run the GDAL round trips: apt-get install gdal-bin');
  console.warn('\n!!! gis-export.test.ts GDAL round trips SKIPPED: ogr2ogr is missing (apt-get install gdal-bin; CI fails without it).');
}

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-export-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function download(pathAndQuery: string, as: DemoUser = 'admin'): Promise<Buffer> {
  const res = await t.request(pathAndQuery, { as });
  if (res.status !== 200) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}
const LIMITS = { maxEntryBytes: 1e9, maxInflatedBytes: 1e9, maxEntries: 100 } as never;
const unzip = (buf: Buffer) => readZip(buf, LIMITS, (m) => new HttpError(422, 'bad', m));

async function preview(name: string, content: Buffer, level: string): Promise<BoundaryPreview> {
  const s = await t.login('admin');
  const form = new FormData();
  form.set('level', level);
  form.set('file', new Blob([new Uint8Array(content)]), name);
  const res = await fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
  return body as BoundaryPreview;
}

/** The Hausdorff distance (m, on the spheroid: every vertex to the other shape, both ways) of a preview's features from their units. */
async function hausdorffM(id: string, table: string): Promise<number> {
  const { rows } = await t.db.knex.raw(`SELECT max(greatest(
      (SELECT max(ST_Distance(p.geom::geography, u.geom::geography)) FROM ST_DumpPoints(f.geom) p),
      (SELECT max(ST_Distance(p.geom::geography, f.geom::geography)) FROM ST_DumpPoints(u.geom) p))) AS d
    FROM import_boundary_features f JOIN ${table} u ON u.code = f.code WHERE f.preview_id = ?`, [id]);
  return Number(rows[0].d);
}

describe('exports without GDAL', () => {
  it('refuses an unknown layer, format, CRS or filter with a message', async () => {
    expect((await t.request('/api/export/roads')).status).toBe(404);
    expect((await t.request('/api/export/grids?format=dxf')).status).toBe(400);
    expect((await t.request('/api/export/grids?crs=3857')).status).toBe(400);
    expect((await t.request('/api/export/grids?colour=red')).status).toBe(400);
    expect((await t.request('/api/export/grids', { as: null })).status).toBe(401);
  });

  it('a Shapefile zip holds .shp .shx .dbf .prj and a .cpg naming its encoding; the GBK names decode', async () => {
    const gbk = unzip(await download('/api/export/villages?format=shp&crs=4547&encoding=gbk'));
    expect([...gbk.keys()].sort()).toEqual(['villages.cpg', 'villages.dbf', 'villages.prj', 'villages.shp', 'villages.shx']);
    expect(gbk.get('villages.cpg')!.toString()).toBe('936');
    expect(gbk.get('villages.prj')!.toString()).toMatch(/Gauss_Kruger.*Central_Meridian",114/);
    expect(gbk.get('villages.dbf')!.includes(Buffer.from('京深社区', 'utf8'))).toBe(false);
    const utf8 = unzip(await download('/api/export/villages?format=shp&crs=4490&encoding=utf-8'));
    expect(utf8.get('villages.cpg')!.toString()).toBe('UTF-8');
    expect(utf8.get('villages.dbf')!.includes(Buffer.from('京深社区', 'utf8'))).toBe(true);
  });

  it('mediators\' phones are masked as in the API; cases keep their scope, and become counts per grid for the leader', async () => {
    const planner = await download('/api/export/mediators?format=shp&encoding=utf-8', 'planner');
    const admin = await download('/api/export/mediators?format=shp&encoding=utf-8', 'admin');
    const phone = (await t.db.knex('mediators').whereNotNull('phone').first('phone')) as { phone: string };
    expect(unzip(admin).get('mediators.dbf')!.includes(Buffer.from(phone.phone))).toBe(true);
    expect(unzip(planner).get('mediators.dbf')!.includes(Buffer.from(phone.phone))).toBe(false);
    expect((await t.request('/api/export/mediators', { as: 'mediator' })).status).toBe(404);
    const count = async (as: DemoUser) => Number((await t.request('/api/export/cases?format=shp', { as })).headers.get('x-feature-count'));
    const all = Number((await t.db.knex('cases').whereNotNull('location').count({ n: '*' }))[0]!.n);
    expect(await count('dispatcher')).toBe(all);
    expect(await count('dispatcher_djh')).toBeLessThan(all);
    const leader = unzip(await download('/api/export/cases?format=shp&encoding=utf-8', 'leader'));
    expect(leader.get('cases.dbf')!.includes(Buffer.from('grid_code'))).toBe(true);
    expect(leader.get('cases.dbf')!.includes(Buffer.from('dispute_t'))).toBe(false);
  });
});

describe('the case queue\'s filters (案件分流 → 下载 GIS 文件)', () => {
  const count = async (url: string, as: DemoUser) => {
    const res = await t.request(url, { as });
    expect(res.status).toBe(200);
    return Number(res.headers.get('x-feature-count'));
  };
  const OPEN = ['pending', 'assigned', 'mediating'];

  it('status (one or a comma list), source, dispute type and township are honoured, within the dispatcher\'s scope', async () => {
    const k = t.db.knex;
    const c = (await k('cases').whereNotNull('location').whereIn('status', OPEN).where('source', 'self_reported').first('township_code', 'dispute_type')) as { township_code: string; dispute_type: string };
    const expected = async (tribunal: number | null) => Number((await k('cases').whereNotNull('location').whereIn('status', OPEN).where({ source: 'self_reported', township_code: c.township_code, dispute_type: c.dispute_type })
      .modify((q) => { if (tribunal !== null) q.where('tribunal_id', tribunal); }).count({ n: '*' }))[0]!.n);
    const url = `/api/export/cases?status=${OPEN.join(',')}&source=self_reported&township_code=${c.township_code}&dispute_type=${encodeURIComponent(c.dispute_type)}`;
    expect(await count(url, 'dispatcher')).toBe(await expected(null));
    expect(await expected(null)).toBeGreaterThan(0);
    const pending = Number((await k('cases').whereNotNull('location').where('status', 'pending').count({ n: '*' }))[0]!.n);
    expect(await count('/api/export/cases?status=pending', 'admin')).toBe(pending);
    // A dispatcher of one tribunal gets that tribunal's cases only, whatever the filters say.
    const djh = (await k('users').where('username', 'dispatcher_djh').first('tribunal_id')) as { tribunal_id: number };
    const scoped = Number((await k('cases').whereNotNull('location').whereIn('status', OPEN).where('tribunal_id', djh.tribunal_id).count({ n: '*' }))[0]!.n);
    expect(await count(`/api/export/cases?status=${OPEN.join(',')}`, 'dispatcher_djh')).toBe(scoped);
    await expectError(await t.request(`/api/export/cases?tribunal_id=${djh.tribunal_id + 1}`, { as: 'dispatcher_djh' }), 400, 'unknown_parameter');
  });

  it('the leader and the planner get counts per grid only: a case filter is refused with a message, a place filter narrows the grids', async () => {
    const { township_code } = (await t.db.knex('grids').first('township_code')) as { township_code: string };
    const grids = Number((await t.db.knex('cases').whereNotNull('grid_code').where({ township_code }).countDistinct({ n: 'grid_code' }))[0]!.n);
    for (const as of ['leader', 'planner'] as const) {
      await expectError(await t.request('/api/export/cases?status=pending', { as }), 400, 'unknown_parameter');
      expect(await count(`/api/export/cases?township_code=${township_code}`, as)).toBe(grids);
      const dbf = unzip(await download(`/api/export/cases?format=shp&encoding=utf-8&township_code=${township_code}`, as)).get('cases.dbf')!;
      expect(dbf.includes(Buffer.from('open_count'))).toBe(true);
      expect(dbf.includes(Buffer.from('dispute_t'))).toBe(false);
    }
  });
});

describe.skipIf(!HAVE_OGR)('round trips through GDAL', () => {
  const ogr2ogr = (...args: string[]) => run('ogr2ogr', args, { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });

  it('villages as a GeoPackage in EPSG:4547: GDAL reads the CRS and every feature; back through our import within 0.1 m', async () => {
    const file = path.join(dir, 'villages.gpkg');
    fs.writeFileSync(file, await download('/api/export/villages?format=gpkg&crs=4547'));
    const { stdout } = await run('ogrinfo', ['-ro', '-so', file, 'villages']);
    expect(stdout).toMatch(/Feature Count: 269/);
    expect(stdout).toMatch(/ID\["EPSG",4547\]\]\s*$|EPSG","4547"/m);
    expect(stdout).toMatch(/Geometry: Multi Polygon/);
    const out = path.join(dir, 'villages-gpkg.geojson');
    await ogr2ogr('-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '-lco', 'COORDINATE_PRECISION=8', out, file);
    const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as GeoJSON.FeatureCollection;
    expect(fc.features.find((f) => f.properties!.code === '411502006001')!.properties!.name).toBe('京深社区');
    const p = await preview('villages-gpkg.geojson', fs.readFileSync(out), 'village');
    expect(p.summary).toMatchObject({ matched: 269, errors: 0 });
    expect(await hausdorffM(p.id, 'villages')).toBeLessThan(0.1);
  });

  it('grids as a zipped Shapefile in EPSG:4547 with GBK: GDAL reads the .prj and the Chinese names; back within 0.1 m, and our own import reads the zip as it is', async () => {
    const zip = await download('/api/export/grids?format=shp&crs=4547&encoding=gbk');
    const sub = path.join(dir, 'grids-shp');
    fs.mkdirSync(sub);
    for (const [name, data] of unzip(zip)) fs.writeFileSync(path.join(sub, name), data);
    const { stdout } = await run('ogrinfo', ['-ro', '-so', path.join(sub, 'grids.shp'), 'grids']);
    expect(stdout).toMatch(/Feature Count: 789/);
    expect(stdout).toMatch(/3-degree Gauss-Kruger CM 114E|CGCS2000_3_Degree_GK_CM_114E/);
    const out = path.join(dir, 'grids-shp.geojson');
    await ogr2ogr('-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '-lco', 'COORDINATE_PRECISION=8', out, path.join(sub, 'grids.shp'));
    const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as GeoJSON.FeatureCollection;
    const name = (await t.db.knex('grids').orderBy('code').first('code', 'name')) as { code: string; name: string };
    expect(fc.features.find((f) => f.properties!.code === name.code)!.properties!.name).toBe(name.name);
    const viaGdal = await preview('grids-shp.geojson', fs.readFileSync(out), 'grid');
    expect(viaGdal.summary).toMatchObject({ matched: 789, errors: 0 });
    expect(await hausdorffM(viaGdal.id, 'grids')).toBeLessThan(0.1);
    const direct = await preview('grids.zip', zip, 'grid');
    expect(direct.crs).toMatchObject({ used: 'EPSG:4547', source: 'prj' });
    expect(direct.summary).toMatchObject({ matched: 789, errors: 0 });
    expect(await hausdorffM(direct.id, 'grids')).toBeLessThan(0.1);
  });

  it('mediators as a GeoPackage in EPSG:4490: points, read by GDAL', async () => {
    const file = path.join(dir, 'mediators.gpkg');
    fs.writeFileSync(file, await download('/api/export/mediators?format=gpkg&crs=4490'));
    const { stdout } = await run('ogrinfo', ['-ro', '-so', file, 'mediators']);
    expect(stdout).toMatch(/Geometry: Point/);
    expect(stdout).toMatch(/EPSG",4490|China Geodetic Coordinate System 2000/);
  });
});
