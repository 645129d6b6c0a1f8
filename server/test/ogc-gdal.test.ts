// GDAL as a client (Debian's gdal-bin): `ogrinfo` reads the OGC API - Features endpoint (every
// collection, a bbox, paging, one item) and a z15 vector tile with its TileJSON, authenticated as a GIS
// tool is: HTTP Basic with the login name and a personal access token. Without ogrinfo the file is
// skipped with a warning; under CI that is a failure (.ci/run installs gdal-bin).
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, tileOf, type TestApp } from './helpers.ts';

const run = promisify(execFile);
const HAVE_OGR = spawnSync('ogrinfo', ['--version']).status === 0;
if (!HAVE_OGR) {
  if (process.env.CI) throw new Error('ogrinfo (gdal-bin) is missing, and CI must run the GDAL client tests: apt-get install gdal-bin');
  console.warn('\n!!! ogc-gdal.test.ts SKIPPED: ogrinfo is missing (apt-get install gdal-bin to run it; CI fails without it).');
}

let t: TestApp;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  if (!HAVE_OGR) return;
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  const res = await t.request('/api/auth/tokens', { as: 'admin', method: 'POST', body: { name: 'GDAL 测试' } });
  const { token } = (await res.json()) as { token: string };
  env = { ...process.env, GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `admin:${token}`, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', CPL_VSIL_CURL_NON_CACHED: '/' };
});
afterAll(async () => { if (t) await t.close(); });

/** ogrinfo's standard output (asynchronous: the test app answers from this same process). */
async function ogrinfo(...args: string[]): Promise<string> {
  const { stdout } = await run('ogrinfo', ['-ro', ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return stdout;
}
const oapif = () => `OAPIF:${t.base}/api/ogc`;
const featureCount = (out: string) => Number(/Feature Count: (\d+)/.exec(out)?.[1] ?? NaN);
const features = (out: string) => (out.match(/^OGRFeature\(/gm) ?? []).length;
const dbCount = async (table: string) => Number((await t.db.knex(table).count({ n: '*' }))[0]!.n);

describe.skipIf(!HAVE_OGR)('ogrinfo against the app', () => {
  const COLLECTIONS = ['townships', 'villages', 'grids', 'tribunals', 'organisations', 'mediators', 'cases'];

  it('lists every collection', async () => {
    const out = await ogrinfo(oapif());
    for (const [i, c] of COLLECTIONS.entries()) expect(out).toContain(`${i + 1}: ${c} `);
  });

  it.each(COLLECTIONS)('%s: its count and fields, and its first features read', async (c) => {
    const summary = await ogrinfo('-so', oapif(), c);
    expect(summary).toContain('Layer SRS WKT');
    if (c !== 'tribunals') expect(featureCount(summary)).toBe(await dbCount(c));
    const read = await ogrinfo('-q', '-oo', 'PAGE_SIZE=3', '-sql', `SELECT * FROM "${c}" LIMIT 3`, oapif());
    expect(features(read)).toBe(3);
    expect(read).toMatch(/(MULTIPOLYGON|POINT) \(/);
  });

  it('pages through a collection (next links) and reads it whole', async () => {
    const out = await ogrinfo('-q', '-al', '-oo', 'PAGE_SIZE=100', oapif(), 'villages');
    expect(features(out)).toBe(269);
  });

  it('a bbox (-spat) reads what the database finds there', async () => {
    const out = await ogrinfo('-q', '-al', '-oo', 'PAGE_SIZE=1000', '-spat', '114.0', '32.05', '114.1', '32.15', oapif(), 'villages');
    const [{ n }] = (await t.db.knex('villages').whereRaw('ST_Intersects(geom, ST_MakeEnvelope(114.0, 32.05, 114.1, 32.15, 4326))').count({ n: '*' })) as [{ n: number }];
    expect(Number(n)).toBeGreaterThan(0);
    expect(features(out)).toBe(Number(n));
  });

  it('an attribute filter on a code (-where) is sent as the property filter the OpenAPI document lists', async () => {
    const township = (await t.db.knex('townships').orderBy('code').first('code')).code as string;
    const out = await ogrinfo('-q', '-al', '-oo', 'PAGE_SIZE=1000', '-where', `township_code = '${township}'`, oapif(), 'villages');
    expect(features(out)).toBe(Number((await t.db.knex('villages').where({ township_code: township }).count({ n: '*' }))[0]!.n));
  });

  it('one item, opened by its URL', async () => {
    const code = (await t.db.knex('grids').orderBy('code').first('code')).code as string;
    const out = await ogrinfo('-q', '-al', `GeoJSON:${t.base}/api/ogc/collections/grids/items/${code}`);
    expect(features(out)).toBe(1);
    expect(out).toContain(`code (String) = ${code}`);
  });

  it('a z15 tile with the TileJSON (MVT driver): layer, fields, features', async () => {
    const [x, y] = tileOf(114.07, 32.12, 15);
    const out = await ogrinfo('-al', '-so', '-oo', `METADATA_FILE=${t.base}/api/tiles/grids.json`, `MVT:${t.base}/api/tiles/grids/15/${x}/${y}.mvt`);
    expect(out).toContain('Layer name: grids');
    expect(out).toContain('village_code: String');
    expect(featureCount(out)).toBeGreaterThan(0);
    expect(out).toContain('Pseudo-Mercator');
  });

  it('without the token: refused', async () => {
    const { GDAL_HTTP_USERPWD: _u, GDAL_HTTP_AUTH: _a, ...bare } = env;
    const res = await run('ogrinfo', ['-ro', '-so', oapif()], { env: bare, timeout: 60_000 }).catch((e: { code?: number; stderr?: string }) => e);
    expect((res as { code?: number }).code).not.toBe(0);
  });
});
