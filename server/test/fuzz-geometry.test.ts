// Real geometry uploads through the boundary import preview (POST /api/boundaries/imports), in each
// format it reads (GeoJSON, KML, zipped Shapefile): self-intersecting polygons, an enormous polygon
// (500,000 vertices; 1,000,000: over the vertex limit), a zip bomb, a file just under the 50 MB limit,
// NaN/Infinity coordinates, empty geometry collections and null shapes. Every answer is a 4xx in the error shape, or a 201 preview that flags
// the problem (cannot be committed) when the geometry can be read but is bad; never a 5xx; and nothing
// is stored: the boundaries, versions and cases are as before, and every preview made is discarded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';
import type { BoundaryPreview } from '../src/contract/boundaries.ts';
import { shapefileZip } from './fixtures/fuzz/shapefile.ts';
import { deflatedEntry, geojsonVertices, zerosDeflated, zip } from './fixtures/uploads/bombs.ts';

const VILLAGE = '411502006001'; // 京深社区 (湖东街道): a real unit code, so features match
const VILLAGE2 = '411502006002';
let t: TestApp;
let before = '';
let previewsBefore = 0;
const made: string[] = [];
const findings: string[] = [];
const answers: Record<string, string> = {};
const retried: string[] = [];

/** Everything an import may write, except the previews themselves. */
async function fingerprint(): Promise<string> {
  const { rows } = await t.db.knex.raw(`
    SELECT md5(string_agg(x, '|' ORDER BY x)) AS h FROM (
      SELECT code || geometry_source || md5(ST_AsBinary(geom)) AS x FROM grids
      UNION ALL SELECT code || geometry_source || md5(ST_AsBinary(geom)) FROM villages
      UNION ALL SELECT code || geometry_source || md5(ST_AsBinary(geom)) FROM townships
      UNION ALL SELECT id || coalesce(grid_code, '') || coalesce(village_code, '') FROM cases
      UNION ALL SELECT 'v' || count(*) FROM area_boundary_versions
      UNION ALL SELECT 'c' || count(*) FROM boundary_case_changes
    ) s`);
  return rows[0].h;
}
/** Previews not discarded, and the features of any preview. */
const previewCount = async () => {
  const { rows } = await t.db.knex.raw(`SELECT (SELECT count(*) FROM import_boundary_previews WHERE status <> 'discarded')::int + (SELECT count(*) FROM import_boundary_features)::int AS n`);
  return rows[0].n as number;
};

beforeAll(async () => {
  t = await createTestApp();
  before = await fingerprint();
  previewsBefore = await previewCount();
}, 120_000);
afterAll(async () => {
  console.log(`fuzz-geometry: ${Object.keys(answers).length} uploads: ${JSON.stringify(answers)}; sent again on a closed keep-alive connection: ${JSON.stringify(retried)}`);
  // The discarded previews' rows too (their features went with the discard): the file leaves no trace.
  if (made.length) await t.db.knex('import_boundary_previews').whereIn('id', made).del();
  await t?.close();
});

// --- the geometries ---------------------------------------------------------------------------------

type Ring = number[][];
const square = (x: number, y: number, d = 0.004): Ring => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const BOWTIE: Ring = [[114.0548, 32.1076], [114.0625, 32.1115], [114.0625, 32.1076], [114.0548, 32.1115], [114.0548, 32.1076]];
/** A star whose spikes cross each other (a pentagram drawn in one stroke). */
const PENTAGRAM: Ring = [0, 2, 4, 1, 3, 0].map((k) => [114.058 + 0.004 * Math.sin((k * 2 * Math.PI) / 5), 32.108 + 0.004 * Math.cos((k * 2 * Math.PI) / 5)]);
/** 500,000 vertices on a small circle in the village (valid, but enormous). */
const HUGE: Ring = (() => {
  const n = 500_000;
  const r: Ring = Array.from({ length: n }, (_, i) => [114.058 + 0.003 * Math.cos((i * 2 * Math.PI) / n), 32.108 + 0.003 * Math.sin((i * 2 * Math.PI) / n)]);
  r.push(r[0]!);
  return r;
})();
const NAN_RING: Ring = [[114.05, 32.1], [NaN, 32.11], [114.06, NaN], [114.05, 32.1]];
const INF_RING: Ring = [[114.05, 32.1], [Infinity, 32.11], [114.06, -Infinity], [114.05, 32.1]];

const enc = (s: string) => new TextEncoder().encode(s);
/** JSON.stringify writes NaN/Infinity as null; a hand-written file says NaN / 1e999 (which parses to Infinity). */
const coords = (r: Ring, nan = 'NaN') => `[${r.map((p) => `[${p.map((v) => (Number.isNaN(v) ? nan : v === Infinity ? '1e999' : v === -Infinity ? '-1e999' : String(v))).join(',')}]`).join(',')}]`;
const feature = (code: string, geometry: string) => `{"type":"Feature","properties":{"区划代码":"${code}"},"geometry":${geometry}}`;
const fc = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
const poly = (r: Ring, nan?: string) => `{"type":"Polygon","coordinates":[${coords(r, nan)}]}`;

const kml = (...placemarks: string[]) => `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemarks.join('')}</Document></kml>`;
const kmlRing = (r: Ring) => r.map((p) => p.map((v) => (Number.isNaN(v) ? 'NaN' : String(v))).join(',')).join(' ');
const placemark = (code: string, geometry: string) => `<Placemark><name>${code}</name><ExtendedData><Data name="区划代码"><value>${code}</value></Data></ExtendedData>${geometry}</Placemark>`;
const kmlPoly = (r: Ring) => `<Polygon><outerBoundaryIs><LinearRing><coordinates>${kmlRing(r)}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;

interface Case { label: string; name: string; data: () => Promise<Uint8Array> | Uint8Array; level?: string }
const CASES: Case[] = [
  // self-intersecting
  { label: 'GeoJSON bow tie', name: 'bowtie.geojson', data: () => enc(fc(feature(VILLAGE, poly(BOWTIE)))) },
  { label: 'GeoJSON pentagram + bow tie hole', name: 'star.geojson', data: () => enc(fc(feature(VILLAGE, `{"type":"Polygon","coordinates":[${coords(PENTAGRAM)},${coords(BOWTIE)}]}`))) },
  { label: 'KML bow tie', name: 'bowtie.kml', data: () => enc(kml(placemark(VILLAGE, kmlPoly(BOWTIE)), placemark(VILLAGE2, kmlPoly(PENTAGRAM)))) },
  { label: 'Shapefile bow tie + pentagram', name: 'bowtie.zip', data: () => shapefileZip([[BOWTIE], [PENTAGRAM]], [VILLAGE, VILLAGE2]) },
  // enormous
  { label: 'GeoJSON 500,000 vertices', name: 'huge.geojson', data: () => enc(fc(feature(VILLAGE, poly(HUGE)))) },
  { label: 'KML 500,000 vertices', name: 'huge.kml', data: () => enc(kml(placemark(VILLAGE, kmlPoly(HUGE)))) },
  { label: 'Shapefile 500,000 vertices', name: 'huge.zip', data: () => shapefileZip([[HUGE]], [VILLAGE]) },
  // over the upload limits (server/test/upload-limits.test.ts has the figures)
  { label: 'GeoJSON 1,000,000 vertices (over the vertex limit)', name: 'million.geojson', data: () => geojsonVertices(1_000_000, VILLAGE) },
  { label: 'Shapefile whose .shp inflates to 4 GB', name: 'bomb.zip', data: () => zip([{ name: 'fuzz.shp', deflated: zerosDeflated(4095), size: 4095 * 1024 * 1024, declared: 1024 }, deflatedEntry('fuzz.dbf', Buffer.alloc(64))]) },
  { label: 'GeoJSON just under 50 MB (padding)', name: 'padded.geojson', data: () => enc(fc(feature(VILLAGE, poly(square(114.056, 32.106)))) + ' '.repeat(49 * 1024 * 1024)) },
  { label: 'GeoJSON just under 50 MB (one property)', name: 'bigprop.geojson', data: () => enc(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"区划代码":"${VILLAGE}","x":"${'x'.repeat(49 * 1024 * 1024)}"},"geometry":${poly(square(114.056, 32.106))}}]}`) },
  { label: 'GeoJSON just over 50 MB', name: 'over.geojson', data: () => enc(fc(feature(VILLAGE, poly(square(114.056, 32.106)))) + ' '.repeat(50 * 1024 * 1024 + 10)) },
  // NaN / Infinity
  { label: 'GeoJSON NaN literal (not JSON)', name: 'nan.geojson', data: () => enc(fc(feature(VILLAGE, poly(NAN_RING)))) },
  { label: 'GeoJSON null for NaN', name: 'nan-null.geojson', data: () => enc(fc(feature(VILLAGE, poly(NAN_RING, 'null')))) },
  { label: 'GeoJSON "NaN" strings', name: 'nan-str.geojson', data: () => enc(fc(feature(VILLAGE, poly(NAN_RING, '"NaN"')))) },
  { label: 'GeoJSON 1e999 (Infinity)', name: 'inf.geojson', data: () => enc(fc(feature(VILLAGE, poly(INF_RING)))) },
  { label: 'KML NaN and Infinity', name: 'nan.kml', data: () => enc(kml(placemark(VILLAGE, kmlPoly(NAN_RING)), placemark(VILLAGE2, kmlPoly(INF_RING)))) },
  { label: 'Shapefile NaN and Infinity doubles', name: 'nan.zip', data: () => shapefileZip([[NAN_RING], [INF_RING]], [VILLAGE, VILLAGE2]) },
  // empty
  { label: 'GeoJSON empty GeometryCollection', name: 'empty-gc.geojson', data: () => enc(fc(feature(VILLAGE, '{"type":"GeometryCollection","geometries":[]}'))) },
  { label: 'GeoJSON nested empty collections', name: 'nested-gc.geojson', data: () => enc(fc(feature(VILLAGE, '{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]},{"type":"MultiPolygon","coordinates":[]}]}'))) },
  { label: 'GeoJSON empty Polygon / null geometry', name: 'empty-poly.geojson', data: () => enc(fc(feature(VILLAGE, '{"type":"Polygon","coordinates":[]}'), feature(VILLAGE2, 'null'))) },
  { label: 'GeoJSON no features', name: 'none.geojson', data: () => enc(fc()) },
  { label: 'GeoJSON bare empty GeometryCollection', name: 'bare.geojson', data: () => enc('{"type":"GeometryCollection","geometries":[]}') },
  { label: 'KML empty MultiGeometry', name: 'empty.kml', data: () => enc(kml(placemark(VILLAGE, '<MultiGeometry></MultiGeometry>'), placemark(VILLAGE2, '<Polygon><outerBoundaryIs><LinearRing><coordinates></coordinates></LinearRing></outerBoundaryIs></Polygon>'))) },
  { label: 'KML no placemarks', name: 'none.kml', data: () => enc(kml()) },
  { label: 'Shapefile null shapes', name: 'null.zip', data: () => shapefileZip([null, null], [VILLAGE, VILLAGE2]) },
  { label: 'Shapefile no records', name: 'norec.zip', data: () => shapefileZip([], []) },
  { label: 'Shapefile two-point ring', name: 'short.zip', data: () => shapefileZip([[[[114.05, 32.1], [114.06, 32.1]]]], [VILLAGE]) },
];

async function upload(c: Case): Promise<void> {
  const s = await t.login('admin');
  const form = new FormData();
  form.set('level', c.level ?? 'village');
  form.set('file', new Blob([(await c.data()) as Uint8Array<ArrayBuffer>]), c.name);
  const send = () => fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  let res: Response;
  try {
    res = await send().catch((err: Error & { cause?: { code?: string } }) => {
      // The idle keep-alive connection the request went out on had just been closed by the server (its
      // 5 s keep-alive ran out while this process built the file): a browser sends it again, so do we.
      if (err.cause?.code !== 'UND_ERR_SOCKET' && err.cause?.code !== 'ECONNRESET') throw err;
      retried.push(c.label);
      return send();
    });
  } catch (err) {
    findings.push(`${c.label}: no answer (${(err as Error).message}: ${String((err as { cause?: Error }).cause?.message ?? '')})`);
    return;
  }
  const text = await res.text();
  let body: { error?: { code?: unknown; message?: unknown } } & Partial<BoundaryPreview> = {};
  try { body = JSON.parse(text); } catch { /* checked below */ }
  if (res.status >= 500) findings.push(`${c.label}: ${res.status} ${text.slice(0, 300)}`);
  else if (res.status >= 400) {
    if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string' || !body.error.message) findings.push(`${c.label}: ${res.status} without the error shape: ${text.slice(0, 200)}`);
    answers[c.label] = `${res.status} ${String(body.error?.code)}`;
  } else {
    if (body.id) made.push(body.id);
    const sm = body.summary;
    answers[c.label] = `${res.status} ${sm ? `errors ${sm.errors} invalid ${sm.invalid} can_commit ${sm.can_commit}` : '?'}`;
    if (res.status !== 201 || !sm) findings.push(`${c.label}: ${res.status} without a preview: ${text.slice(0, 200)}`);
    // Valid but huge: may be committable. Anything else read as a preview must say it is bad.
    else if (!/500,000/.test(c.label) && !/50 MB/.test(c.label) && sm.can_commit) findings.push(`${c.label}: a preview that does not flag the problem: ${JSON.stringify(sm)}`);
  }
}

describe('bad geometry uploads to the boundary import preview', () => {
  for (const c of CASES) {
    it(c.label, async () => {
      const n = findings.length;
      await upload(c);
      expect(findings.slice(n)).toEqual([]);
    }, 180_000);
  }

  it('nothing was stored: boundaries, versions and cases unchanged; the previews discarded', async () => {
    const s = await t.login('admin');
    for (const id of made) {
      const res = await fetch(`${t.base}/api/boundaries/imports/${id}`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
      expect(res.status).toBeLessThan(300);
    }
    expect(await fingerprint()).toBe(before);
    expect(await previewCount()).toBe(previewsBefore);
  }, 60_000);
});
