// OGC API - Features (routes/ogc.ts): the documents, paging, bbox, CRS, filters, single items and what
// each role sees, on the real database. GDAL as a client: ogc-gdal.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, readCases, type DemoUser, type TestApp } from './helpers.ts';
import { CONFORMANCE } from '../src/services/ogc/documents.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => { await t.close(); });

interface Link { href: string; rel: string; type?: string }
interface FC { type: string; numberMatched: number; numberReturned: number; links: Link[]; features: { id: string | number; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }[] }

const ogc = (p: string, as: DemoUser | null = 'admin') => t.request(`/api/ogc${p}`, { as });
async function items(p: string, as: DemoUser = 'admin'): Promise<FC> {
  const res = await ogc(p, as);
  if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
  return (await res.json()) as FC;
}
const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.db.knex(table).where(where).count({ n: '*' }))[0]!.n);

describe('documents', () => {
  it('the landing page links the API definition, conformance and collections', async () => {
    const res = await ogc('');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { links: Link[] };
    const rels = Object.fromEntries(body.links.map((l) => [l.rel, l]));
    expect(rels.self!.href).toBe(`${t.base}/api/ogc`);
    expect(rels['service-desc']!.type).toBe('application/vnd.oai.openapi+json;version=3.0');
    expect(rels.conformance!.href).toBe(`${t.base}/api/ogc/conformance`);
    expect(rels.data!.href).toBe(`${t.base}/api/ogc/collections`);
  });

  it('conformance names Part 1 core, GeoJSON, OpenAPI 3.0 and Part 2 CRS', async () => {
    const body = (await (await ogc('/conformance')).json()) as { conformsTo: string[] };
    expect(body.conformsTo).toEqual(CONFORMANCE);
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
  });

  it('the OpenAPI document is OpenAPI 3.0 with every readable collection', async () => {
    const res = await ogc('/api');
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json/);
    const api = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toMatch(/^3\.0/);
    for (const id of ['townships', 'villages', 'grids', 'tribunals', 'organisations', 'mediators', 'cases']) expect(api.paths[`/collections/${id}/items`]).toBeDefined();
  });

  it('links follow X-Forwarded-* only when TRUST_PROXY is set', async () => {
    const proxied = await createTestApp({ sharing: t, env: { TRUST_PROXY: 'loopback' } });
    try {
      const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gis.example.org' };
      const body = (await (await proxied.request('/api/ogc', { headers })).json()) as { links: Link[] };
      expect(body.links[0]!.href).toBe('https://gis.example.org/api/ogc');
      const plain = (await (await t.request('/api/ogc', { headers })).json()) as { links: Link[] };
      expect(plain.links[0]!.href).toBe(`${t.base}/api/ogc`);
    } finally {
      await proxied.close();
    }
  });

  it('anonymous: 401 with a Basic challenge (so QGIS and GDAL ask for the token)', async () => {
    const res = await ogc('/collections', null);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    await expectError(res, 401, 'unauthenticated');
    // The app's own routes never challenge (a browser would pop up its password dialog).
    expect((await t.request('/api/areas?level=township', { as: null })).headers.get('www-authenticate')).toBeNull();
  });

  it('unknown parameters and formats are refused with 400', async () => {
    await expectError(await ogc('/collections?foo=1'), 400, 'unknown_parameter');
    await expectError(await ogc('/collections/grids/items?colour=red'), 400, 'unknown_parameter');
    await expectError(await ogc('/collections/grids/items?limit=0'), 400, 'invalid_parameter');
    await expectError(await ogc('/collections/grids/items?limit=abc'), 400, 'invalid_parameter');
    await expectError(await ogc('/collections/grids/items?bbox=1,2,3'), 400, 'invalid_parameter');
    await expectError(await ogc('/collections/grids/items?crs=EPSG:3857'), 400, 'invalid_parameter');
    await expectError(await ogc('/collections/grids/items?f=html'), 400, 'invalid_parameter');
    await expectError(await ogc('/collections/grids/items?datetime=2026-01-01'), 400, 'invalid_parameter');
    await expectError(await ogc('/collections/nowhere/items'), 404, 'collection_not_found');
  });
});

describe('collections by role', () => {
  const ids = async (as: DemoUser) => ((await (await ogc('/collections', as)).json()) as { collections: { id: string; title: string }[] }).collections.map((c) => c.id);

  it('admin, dispatcher, leader and planner read all seven; a mediator no registry', async () => {
    const all = ['townships', 'villages', 'grids', 'tribunals', 'organisations', 'mediators', 'cases'];
    for (const who of ['admin', 'dispatcher', 'leader', 'planner'] as DemoUser[]) expect(await ids(who)).toEqual(all);
    expect(await ids('mediator')).toEqual(['townships', 'villages', 'grids', 'tribunals', 'cases']);
    await expectError(await ogc('/collections/mediators/items', 'mediator'), 404, 'collection_not_found');
  });

  it('a collection declares its extent and the CRS of Part 2', async () => {
    const c = (await (await ogc('/collections/cases')).json()) as { extent: { spatial: { bbox: number[][] }; temporal?: { interval: unknown[][] } }; crs: string[]; storageCrs: string; links: Link[] };
    const [w, s, e, n] = c.extent.spatial.bbox[0]!;
    expect(w).toBeCloseTo(113.717, 2); // the district's bounding box (helpers.ts districtTiles)
    expect(n).toBeCloseTo(32.338, 2);
    expect(e! > w! && n! > s!).toBe(true);
    expect(c.extent.temporal!.interval[0]![0]).toMatch(/^\d{4}-/);
    expect(c.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'http://www.opengis.net/def/crs/EPSG/0/4326', 'http://www.opengis.net/def/crs/EPSG/0/4490']);
    expect(c.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(c.links.find((l) => l.rel === 'items')!.type).toBe('application/geo+json');
  });

  it('cases: points for admin and dispatcher, per-grid counts for leader, planner and mediator', async () => {
    const total = readCases<unknown>().length;
    const points = await items('/collections/cases/items?limit=10000', 'dispatcher');
    expect(points.numberMatched).toBe(total);
    expect(Object.keys(points.features[0]!.properties)).not.toContain('title');
    for (const who of ['leader', 'planner', 'mediator'] as DemoUser[]) {
      const fc = await items('/collections/cases/items?limit=10000', who);
      expect(fc.features.every((f) => typeof f.properties.count === 'number' && f.properties.id === undefined && typeof f.id === 'string')).toBe(true);
      expect(fc.features.reduce((n, f) => n + (f.properties.count as number), 0)).toBe(await count('cases', {}) - (await t.db.knex('cases').whereNull('grid_code').count({ n: '*' }).then((r) => Number(r[0]!.n))));
    }
    expect(total).toBeGreaterThan(0);
  });

  it('a dispatcher scoped to a tribunal reads only its catchment\'s cases', async () => {
    const scoped = await items('/collections/cases/items?limit=10000', 'dispatcher_djh');
    const tribunal = (await t.login('dispatcher_djh')).user.tribunal_id!;
    const expected = Number((await t.db.knex('cases').whereIn('township_code', t.db.knex('townships').where({ tribunal_id: tribunal }).select('code')).count({ n: '*' }))[0]!.n);
    expect(scoped.numberMatched).toBe(expected);
    expect(expected).toBeLessThan(readCases<unknown>().length);
  });

  it('phones: mediators\' in full for dispatcher, masked for leader and planner', async () => {
    const full = await items('/collections/mediators/items?limit=5', 'dispatcher');
    const masked = await items('/collections/mediators/items?limit=5', 'leader');
    const phones = full.features.map((f) => f.properties.phone).filter(Boolean) as string[];
    expect(phones.length).toBeGreaterThan(0);
    for (const p of phones) expect(p).not.toContain('*');
    for (const f of masked.features) if (f.properties.phone) expect(String(f.properties.phone)).toMatch(/^\d{3}\*{4}\d{4}$/);
    const orgs = await items('/collections/organisations/items?limit=50', 'planner');
    for (const f of orgs.features) if (f.properties.contact_phone) expect(String(f.properties.contact_phone)).toContain('*');
  });
});

describe('items', () => {
  it('pages with limit/offset, numberMatched/numberReturned and next links to the end', async () => {
    const total = await count('grids');
    let url: string | undefined = '/api/ogc/collections/grids/items?limit=400';
    const seen = new Set<string | number>();
    let pages = 0;
    while (url) {
      const res = await t.request(url.replace(t.base, ''));
      const fc = (await res.json()) as FC;
      expect(fc.numberMatched).toBe(total);
      expect(fc.numberReturned).toBe(fc.features.length);
      for (const f of fc.features) seen.add(f.id);
      expect(fc.links.find((l) => l.rel === 'self')).toBeDefined();
      url = fc.links.find((l) => l.rel === 'next')?.href;
      if (url) expect(fc.numberReturned).toBe(400);
      pages++;
    }
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 400));
    const beyond = await items(`/collections/grids/items?offset=${total + 5}`);
    expect(beyond.numberReturned).toBe(0);
    expect(beyond.numberMatched).toBe(total);
  });

  it('a limit above the maximum is served as the maximum; the default is 100', async () => {
    expect((await items('/collections/villages/items')).numberReturned).toBe(100);
    expect((await items('/collections/villages/items?limit=999999')).numberReturned).toBe(269);
  });

  it('bbox in CRS84 and in EPSG:4326 (latitude first) select the same features', async () => {
    const a = await items('/collections/villages/items?limit=1000&bbox=114.0,32.05,114.1,32.15');
    const b = await items(`/collections/villages/items?limit=1000&bbox=32.05,114.0,32.15,114.1&bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4326')}`);
    expect(a.numberMatched).toBeGreaterThan(0);
    expect(a.numberMatched).toBeLessThan(269);
    expect(b.features.map((f) => f.id)).toEqual(a.features.map((f) => f.id));
    const [{ n }] = (await t.db.knex('villages').whereRaw('ST_Intersects(geom, ST_MakeEnvelope(114.0, 32.05, 114.1, 32.15, 4326))').count({ n: '*' })) as [{ n: number }];
    expect(a.numberMatched).toBe(Number(n));
  });

  it('crs=EPSG:4490 answers latitude first with a Content-Crs header; the default is CRS84', async () => {
    const crs = 'http://www.opengis.net/def/crs/EPSG/0/4490';
    const res = await ogc(`/collections/mediators/items?limit=1&crs=${encodeURIComponent(crs)}`);
    expect(res.headers.get('content-crs')).toBe(`<${crs}>`);
    const [lat, lng] = ((await res.json()) as FC).features[0]!.geometry!.coordinates as number[];
    expect(lat).toBeGreaterThan(31.7);
    expect(lat).toBeLessThan(32.4);
    expect(lng).toBeGreaterThan(113.7);
    const plain = await ogc('/collections/mediators/items?limit=1');
    expect(plain.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    expect((((await plain.json()) as FC).features[0]!.geometry!.coordinates as number[])[0]).toBeCloseTo(lng!, 6);
  });

  it('property filters select by code', async () => {
    const township = (await t.db.knex('townships').orderBy('code').first('code')).code as string;
    const fc = await items(`/collections/villages/items?limit=1000&township_code=${township}`);
    expect(fc.numberMatched).toBe(await count('villages', { township_code: township }));
    expect(fc.features.every((f) => f.properties.township_code === township)).toBe(true);
    const one = await items(`/collections/townships/items?code=${township}`);
    expect(one.features.map((f) => f.id)).toEqual([township]);
    await expectError(await ogc('/collections/mediators/items?tribunal_id=abc'), 400, 'invalid_parameter');
  });

  it('datetime filters cases by their registration time (a day, an interval, open ends)', async () => {
    const inDay = Number((await t.db.knex('cases').whereRaw(`created_at >= '2026-06-01T00:00:00+08:00' AND created_at <= '2026-06-30T23:59:59.999+08:00'`).count({ n: '*' }))[0]!.n);
    expect((await items('/collections/cases/items?datetime=2026-06-01/2026-06-30')).numberMatched).toBe(inDay);
    const after = Number((await t.db.knex('cases').whereRaw(`created_at >= '2026-06-01T00:00:00+08:00'`).count({ n: '*' }))[0]!.n);
    expect((await items('/collections/cases/items?datetime=2026-06-01/..')).numberMatched).toBe(after);
    // Per-grid counts count only the period's cases.
    const grid = await items('/collections/cases/items?limit=10000&datetime=2026-06-01/2026-06-30', 'leader');
    expect(grid.features.reduce((n, f) => n + (f.properties.count as number), 0)).toBeLessThanOrEqual(inDay);
    await expectError(await ogc('/collections/cases/items?datetime=2026-07-01/2026-06-01'), 400, 'invalid_parameter');
  });

  it('a single item, with self and collection links; an unknown one is a 404', async () => {
    const code = (await t.db.knex('grids').orderBy('code').first('code')).code as string;
    const res = await ogc(`/collections/grids/items/${code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const f = (await res.json()) as { type: string; id: string; geometry: { type: string }; links: Link[] };
    expect(f.type).toBe('Feature');
    expect(f.id).toBe(code);
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(f.links.map((l) => l.rel)).toEqual(['self', 'collection']);
    await expectError(await ogc('/collections/grids/items/000000000000000'), 404, 'feature_not_found');
    await expectError(await ogc('/collections/mediators/items/abc'), 404, 'feature_not_found');
    const tribunal = await ogc('/collections/tribunals/items?limit=1');
    expect((((await tribunal.json()) as FC).features[0]!.geometry!.type)).toBe('MultiPolygon');
  });
});
