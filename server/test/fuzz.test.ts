// Bad input over every /api route, generated from the app's own route table (accessTable), so a route
// added later is fuzzed without touching this file. Per route and method, as a role the route allows:
// invalid JSON, wrong types, NaN/Infinity, coordinates out of range, very long strings, control
// characters, SQL-looking text, huge and deeply nested bodies, bad ids and bad query strings; for
// every route whose path names an import or upload, malformed multipart files (garbage xlsx, zip
// bombs, XML bombs as KML, broken shapefiles, files over the size limit, wrong field names).
// Every answer must be the app's: never a 5xx, every 4xx with the error shape; a write route that
// needs a body refuses each of these with a 4xx; and nothing is stored (row counts before/after).
// Then edge values made from each route's own schemas (contract/routes.ts, walked by schema-edges.ts):
// for every field, one at a time, the class edges it must refuse (impossible and far days, ids past
// int4, lone surrogates, NUL, over-long text), and a check that every field keeps the class rules.
// FUZZ_RUNS (generated inputs per route, default 12) and FUZZ_SEED change the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import JSZip from 'jszip';
import { createTestApp, type DemoUser, type TestApp } from './helpers.ts';
import { accessTable, type AccessRule, type RouteAccess } from '../src/routes/access.ts';
import { ROUTE_INPUTS } from '../src/contract/routes.ts';
import { classFindings, edgesFor, leavesOf, sample, setAt, type Leaf } from './schema-edges.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 8);

let t: TestApp;
let before: Record<string, number>;
/** What the log of this run reports: inputs sent, and what broke the rules. */
let sent = 0;
const findings: string[] = [];
const accepted = new Map<string, number>();

/** Tables whose rows a refused request may add (the audit log records refusals; logins make sessions). */
const MAY_GROW = new Set(['audit_log', 'sessions', 'knex_migrations', 'knex_migrations_lock', 'spatial_ref_sys']);

async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await t.db.knex.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const { table_name: name } of rows as { table_name: string }[]) {
    if (MAY_GROW.has(name)) continue;
    out[name] = ((await t.db.knex.raw(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0] as { n: number }).n;
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } });
  before = await rowCounts();
});
afterAll(async () => {
  console.log(`fuzz: ${sent} inputs over ${accessTable(t.app).length} routes (seed ${SEED}, ${RUNS} generated per route); 2xx to junk on: ${JSON.stringify(Object.fromEntries(accepted))}`);
  await t.close();
});

// --- the inputs ---------------------------------------------------------------------------------------

const LONG = 'x'.repeat(100_000);
const BAD_STRINGS = [
  '', ' ', LONG, '浉'.repeat(20_000), '\u0000', '\u0000\u0001\u0007\u001b\u001f\u007f', 'a\u0000b', '\ud800', '\u202e\u2066', '🀄'.repeat(500),
  "'; DROP TABLE cases; --", "1' OR '1'='1", "' UNION SELECT password_hash FROM users --", '1; SELECT pg_sleep(10)', '$1', '%', '_', '\\', "E'\\x00'",
  '<script>alert(1)</script>', '../../../etc/passwd', '{{7*7}}', '${7*7}', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1e-400',
  'null', 'undefined', 'true', '[]', '{}', '2026-13-45', '9999-99-99T99:99:99Z', '-999999999999', '99999999999999999999999',
  'POINT(1 1)', '{"type":"Point","coordinates":[999,999]}', 'admin', 'leader',
];
const BAD_NUMBERS = [-1, 0, 0.5, -0.0, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 999_999_999_999, 181, -181, 91, -91, 1e-320, 3.141592653589793];
/** Geometries that are invalid, self-intersecting, out of range or enormous. */
const BAD_GEOMETRIES: unknown[] = [
  { type: 'Point', coordinates: [999, 999] },
  { type: 'Point', coordinates: ['NaN', 'Infinity'] },
  { type: 'Point', coordinates: [] },
  { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }, // a bow tie
  { type: 'Polygon', coordinates: [[[114, 32], [114.1, 32]]] }, // not closed, too few points
  { type: 'Polygon', coordinates: [Array.from({ length: 60_000 }, (_, i) => [114 + Math.cos(i) * 0.1, 32 + Math.sin(i) * 0.1])] },
  { type: 'MultiPolygon', coordinates: 'x' },
  { type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [] }] },
  { type: 'Feature', geometry: null, properties: { code: "'; DROP TABLE grids; --" } },
  { type: 'FeatureCollection', features: 'none' },
];
const FIELDS = [
  'title', 'dispute_type', 'description', 'parties', 'lng', 'lat', 'coord_system', 'address', 'version', 'mediator_id', 'reason', 'confirm',
  'limit', 'status', 'note', 'days', 'mode', 'requested_at', 'held_at', 'outcome', 'username', 'password', 'role', 'display_name', 'active',
  'tribunal_id', 'name', 'code', 'capacity', 'specialties', 'geometry', 'geojson', 'points', 'sites', 'radius_m', 'count', 'kind', 'id', 'ids',
  'scenario', 'mediators', 'judge_id', 'attendance', 'date', 'from', 'to', 'token', 'preview_id', 'level', 'current_password', 'new_password',
];
const QUERY_FIELDS = [
  'page', 'page_size', 'status', 'type', 'township', 'village', 'grid', 'mediator', 'overdue', 'from', 'to', 'q', 'kind', 'days', 'lng', 'lat',
  'level', 'bbox', 'period', 'year', 'month', 'user', 'action', 'code', 'format', 'radius_m', 'scenario', 'a', 'b', 'ids', 'tribunal', 'z',
];
const BAD_IDS = ['0', '-1', '1.5', '1e3', 'NaN', 'Infinity', '99999999999999999999', '0x1f', "1'--", '1%20OR%201=1', '%00', '%E2%80%AE', 'x'.repeat(5000), '..%2F..%2Fetc', '%F0%9F%80%84', '+1'];

const badScalar = fc.oneof(
  fc.constantFrom(...BAD_STRINGS),
  fc.constantFrom(...BAD_NUMBERS),
  fc.constantFrom(...BAD_GEOMETRIES),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const badValue = fc.oneof({ weight: 4, arbitrary: badScalar }, fc.array(badScalar, { maxLength: 4 }), fc.dictionary(fc.constantFrom(...FIELDS), badScalar, { maxKeys: 3 }));
const badBody = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), badValue, { minKeys: 1, maxKeys: 8 }) },
  fc.anything({ maxDepth: 3 }),
  fc.array(badValue, { maxLength: 5 }),
);
const badQuery = fc.array(fc.tuple(fc.constantFrom(...QUERY_FIELDS), fc.oneof(fc.constantFrom(...BAD_STRINGS.filter((s) => s.length < 1000)), fc.string({ maxLength: 30 }))), { minLength: 1, maxLength: 5 });

/** Bodies that are not JSON at all, or JSON that JSON.parse turns into something odd. */
const RAW_BODIES = [
  '{', '{"a":', 'nul', "{'a': 1}", '{"a": 1,}', '[1, 2', '\u0000', '\ufeff{}', '{"lng": 1e309, "lat": -1e309}', '{"version": 1e400}',
  '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"role": "admin"}}}', `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"a": "${'x'.repeat(2 * 1024 * 1024)}"}`, '"just a string"', '12345', 'true', 'null',
];

// --- the requests -------------------------------------------------------------------------------------

const SAMPLE: Record<string, string> = { layer: 'townships', z: '8', x: '209', y: '105', kind: 'mediators', token: 'x'.repeat(24) };
const concrete = (p: string, override: Record<string, string> = {}) => p.replace(/:(\w+)/g, (_m, k: string) => override[k] ?? SAMPLE[k] ?? '999999');

/** A role the rule allows (admin is always allowed); null for anonymous routes. */
const whoFor = (rule: AccessRule): DemoUser | null => (rule.anonymous ? null : 'admin');

const ENDS_SESSION = new Set(['POST /api/auth/logout']);

/** Sends one input and checks the answer; returns the status and text (null when nothing answered). */
async function send(r: RouteAccess, url: string, init: { body?: string | FormData; type?: string; label: string; mustRefuse: boolean }): Promise<{ status: number; text: string } | null> {
  const who = whoFor(r.rule!);
  const headers: Record<string, string> = {};
  if (who) {
    const s = await t.login(who);
    headers.cookie = s.cookie;
    headers['x-csrf-token'] = s.csrfToken;
  }
  if (init.type) headers['content-type'] = init.type;
  sent++;
  let res: Response;
  try {
    res = await fetch(t.base + url, { method: r.method, headers, body: r.method === 'GET' ? undefined : init.body });
  } catch (err) {
    findings.push(`${r.method} ${url} [${init.label}]: no answer (${(err as Error).message})`);
    return null;
  }
  const text = await res.text();
  const where = `${r.method} ${r.path} [${init.label}] ${url.length > 120 ? url.slice(0, 120) + '…' : url}`;
  if (res.status >= 500) {
    findings.push(`${where}: ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, text };
  }
  if (res.status >= 400) {
    let code: unknown;
    let message: unknown;
    try { ({ code, message } = (JSON.parse(text) as { error: { code: unknown; message: unknown } }).error); } catch { /* checked below */ }
    if (typeof code !== 'string' || typeof message !== 'string' || !message) findings.push(`${where}: ${res.status} without the error shape: ${text.slice(0, 200)}`);
    return { status: res.status, text };
  }
  const key = `${r.method} ${r.path}`;
  accepted.set(key, (accepted.get(key) ?? 0) + 1);
  if (init.mustRefuse) findings.push(`${where}: accepted (${res.status}) ${text.slice(0, 200)}`);
  return { status: res.status, text };
}

const routes = () => accessTable(t.app).filter((r) => r.rule && !ENDS_SESSION.has(`${r.method} ${r.path}`));

/** Whether a write route needs a body at all: `{}` refused with a 4xx (else junk may be ignored). */
async function needsBody(r: RouteAccess): Promise<boolean> {
  const who = whoFor(r.rule!);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) { const s = await t.login(who); headers.cookie = s.cookie; headers['x-csrf-token'] = s.csrfToken; }
  const res = await fetch(t.base + concrete(r.path), { method: r.method, headers, body: '{}' });
  await res.text();
  return res.status >= 400;
}

/** The fields of an upload as form fields, with a small readable file (the fields are what is fuzzed). */
function formWith(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, String(v));
  form.append('file', new Blob(['{"type":"FeatureCollection","features":[]}']), 'a.geojson');
  return form;
}

const isWellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** Percent-encoded; a lone surrogate (not UTF-8 at all) is sent as the invalid bytes it would be. */
const encodeQuery = (v: string) => {
  try { return encodeURIComponent(v); } catch { return '%ED%A0%80'; }
};

const isUpload = (r: RouteAccess) => /import|upload/.test(r.path) && ['POST', 'PUT'].includes(r.method);

describe('bad input on every route', () => {
  it('bad ids and bad query strings: never a 5xx, every refusal in the error shape', async () => {
    for (const r of routes()) {
      const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const p of params) {
        for (const bad of BAD_IDS) await send(r, concrete(r.path, { [p]: bad }), { label: `bad :${p}`, type: r.method === 'GET' ? undefined : 'application/json', body: '{}', mustRefuse: false });
      }
      if (r.method === 'GET') {
        const queries = fc.sample(badQuery, { numRuns: RUNS, seed: SEED });
        for (const q of queries) {
          const qs = q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeQuery(v)}`).join('&');
          await send(r, `${concrete(r.path)}?${qs}`, { label: 'bad query', mustRefuse: false });
        }
        // The same key twice (an array under the simple query parser) and a key without a value.
        await send(r, `${concrete(r.path)}?page=1&page=2&status=pending&status=x&q`, { label: 'repeated keys', mustRefuse: false });
      }
    }
    expect(findings).toEqual([]);
  }, 600_000);

  it('bad JSON bodies on every write route: a 4xx in the error shape, never a 5xx', async () => {
    for (const r of routes().filter((x) => x.method !== 'GET')) {
      const strict = await needsBody(r);
      // Ids that exist nowhere: a body the route happened to accept still changes nothing.
      const url = concrete(r.path);
      for (const raw of RAW_BODIES) await send(r, url, { body: raw, type: 'application/json', label: `raw ${raw.slice(0, 20)}`, mustRefuse: strict });
      // A body that is not JSON but says it is not either.
      await send(r, url, { body: 'title=x&lng=NaN', type: 'application/x-www-form-urlencoded', label: 'form body', mustRefuse: strict });
      await send(r, url, { body: '<a/>', type: 'text/xml', label: 'xml body', mustRefuse: strict });
      for (const body of fc.sample(badBody, { numRuns: RUNS * 3, seed: SEED })) {
        const text = JSON.stringify(body) ?? 'null';
        await send(r, url, { body: text, type: 'application/json', label: `body ${text.slice(0, 40)}`, mustRefuse: strict });
      }
      for (const g of BAD_GEOMETRIES) {
        await send(r, url, { body: JSON.stringify({ geometry: g, geojson: g, lng: 999, lat: -999, title: LONG }), type: 'application/json', label: 'bad geometry', mustRefuse: strict });
      }
    }
    expect(findings).toEqual([]);
  }, 900_000);

  it('malformed files on every import/upload route (covers them as soon as they exist)', async () => {
    const uploads = routes().filter(isUpload);
    const files = await badFiles();
    for (const r of uploads) {
      const url = concrete(r.path, { kind: 'mediators', id: '999999' });
      for (const f of files) {
        const form = new FormData();
        for (const [field, name, data] of f.parts) form.append(field, new Blob([data as Uint8Array<ArrayBuffer>]), name);
        await send(r, url, { body: form, label: `file ${f.label}`, mustRefuse: true });
      }
      await send(r, url, { body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nabc', type: 'multipart/form-data; boundary=x', label: 'truncated multipart', mustRefuse: true });
      await send(r, url, { body: 'abc', type: 'multipart/form-data', label: 'multipart without boundary', mustRefuse: true });
    }
    console.log(`fuzz: ${uploads.length} upload routes: ${uploads.map((r) => `${r.method} ${r.path}`).join(', ') || '(none yet)'}`);
    expect(findings).toEqual([]);
  }, 600_000);

  it('every route of the table names its input schemas (contract/routes.ts), and every field keeps the class rules', () => {
    const missing = routes().map((r) => `${r.method} ${r.path}`).filter((k) => !ROUTE_INPUTS[k]);
    expect(missing, 'routes without an entry in contract/routes.ts ROUTE_INPUTS').toEqual([]);
    const broken: string[] = [];
    let fields = 0;
    for (const [key, inputs] of Object.entries(ROUTE_INPUTS)) {
      for (const part of ['params', 'query', 'body'] as const) {
        const schema = inputs[part];
        if (!schema) continue;
        for (const leaf of leavesOf(schema)) {
          fields++;
          for (const f of classFindings(leaf)) broken.push(`${key} ${part}.${leaf.path.join('.')}: ${f}`);
        }
      }
    }
    console.log(`fuzz: ${fields} fields over ${Object.keys(ROUTE_INPUTS).length} routes checked for the class rules`);
    expect(broken).toEqual([]);
  });

  it('edge values of every field, made from the schemas, one field at a time: a 4xx in the error shape', async () => {
    let edges = 0;
    let validBases = 0;
    let bases = 0;
    for (const r of routes()) {
      const inputs = ROUTE_INPUTS[`${r.method} ${r.path}`];
      if (!inputs) continue; // reported by the test above
      // Path parameters: ids that exist nowhere where the schema allows, else a sample of the schema.
      const paramLeaves = inputs.params ? leavesOf(inputs.params) : [];
      const params = Object.fromEntries([...r.path.matchAll(/:(\w+)/g)].map((m) => {
        const leaf = paramLeaves.find((l) => l.path[0] === m[1]);
        const value = SAMPLE[m[1]!] ?? (!leaf || leaf.schema.safeParse('999999').success ? '999999' : String(sample(leaf.schema)));
        return [m[1]!, value];
      }));
      const query = inputs.query ? (sample(inputs.query) as Record<string, unknown>) : {};
      const body = inputs.body ? sample(inputs.body) : undefined;
      if (inputs.body && !inputs.multipart) { bases++; if (inputs.body.safeParse(body).success) validBases++; }
      const urlOf = (p: Record<string, unknown>, q: Record<string, unknown>) => {
        const path = r.path.replace(/:(\w+)/g, (_m, k: string) => encodeURIComponent(String(p[k])));
        const qs = Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
        return qs ? `${path}?${qs}` : path;
      };
      const sendEdge = async (part: 'params' | 'query' | 'body', leaf: Leaf, value: unknown) => {
        // A query string, a path or a form field cannot carry a lone surrogate (it is not UTF-8): JSON only.
        const multipart = part === 'body' && inputs.multipart;
        if ((part !== 'body' || multipart) && typeof value === 'string' && !isWellFormed(value)) return;
        edges++;
        const p = part === 'params' ? (setAt(params, leaf, String(value)) as Record<string, unknown>) : params;
        const q = part === 'query' ? (setAt(query, leaf, typeof value === 'string' ? value : String(value)) as Record<string, unknown>) : query;
        const b = part === 'body' ? setAt(body, leaf, value) : body;
        const label = `edge ${part}.${leaf.path.join('.')}=${JSON.stringify(value).slice(0, 30)}`;
        const answer = multipart
          ? await send(r, urlOf(p, q), { body: formWith(b as Record<string, unknown>), label, mustRefuse: true })
          : await send(r, urlOf(p, q), { body: b === undefined ? (r.method === 'GET' ? undefined : '{}') : JSON.stringify(b), type: r.method === 'GET' ? undefined : 'application/json', label, mustRefuse: true });
        // A 400 must name this field: else the route read it with another schema than contract/routes.ts says.
        if (answer?.status === 400) {
          const details = (JSON.parse(answer.text) as { error: { details?: unknown } }).error.details;
          const field = leaf.path.join('.');
          const named = Array.isArray(details) && details.some((d: { path?: unknown }) => typeof d.path === 'string' && (d.path === field || d.path.startsWith(`${field}.`) || field.startsWith(`${d.path}.`)));
          if (!named) findings.push(`${r.method} ${r.path} [${label}]: the 400 does not name ${part}.${field} (another schema than contract/routes.ts?): ${answer.text.slice(0, 200)}`);
        }
      };
      for (const part of ['params', 'query', 'body'] as const) {
        const schema = inputs[part];
        if (!schema) continue;
        for (const leaf of leavesOf(schema)) {
          // Only values the field itself refuses: the request must then be refused whatever else it holds.
          const asSent = (v: unknown) => (part === 'body' && !inputs.multipart ? v : String(v));
          for (const v of edgesFor(leaf)) if (!leaf.schema.safeParse(asSent(v)).success) await sendEdge(part, leaf, asSent(v));
        }
      }
    }
    console.log(`fuzz: ${edges} schema edge values sent (JSON bodies: ${validBases} of ${bases} sample bodies valid as a whole)`);
    expect(edges).toBeGreaterThan(500);
    expect(findings).toEqual([]);
  }, 900_000);

  it('nothing was stored by any of it', async () => {
    expect(await rowCounts()).toEqual(before);
  });
});

// --- malformed files ------------------------------------------------------------------------------------

interface BadFile { label: string; parts: [field: string, name: string, data: Uint8Array][] }

async function zip(entries: Record<string, string | Uint8Array>, level = 9): Promise<Uint8Array> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(entries)) z.file(name, data);
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level } });
}

async function badFiles(): Promise<BadFile[]> {
  const enc = (s: string) => new TextEncoder().encode(s);
  const zeros = new Uint8Array(200 * 1024 * 1024); // deflates to about 200 KB: a zip bomb
  const bomb = await zip({ 'xl/worksheets/sheet1.xml': zeros, '[Content_Types].xml': '<Types/>' });
  const shpBomb = await zip({ 'a.shp': zeros.subarray(0, 100 * 1024 * 1024), 'a.dbf': 'x', 'a.shx': 'x' });
  const laughs = `<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><kml><Placemark><name>&j;</name></Placemark></kml>`;
  const shpHeader = new Uint8Array(100);
  new DataView(shpHeader.buffer).setInt32(0, 9994); // the magic number, then nothing that makes sense
  new DataView(shpHeader.buffer).setInt32(24, 2 ** 30);
  const many: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) many[`d${i}/f${i}.kml`] = '<kml/>';
  const nested = await zip({ 'inner.zip': await zip({ 'inner2.zip': await zip({ 'x.shp': shpHeader }) }) });
  const file = (label: string, name: string, data: Uint8Array, field = 'file'): BadFile => ({ label, parts: [[field, name, data]] });
  return [
    file('empty xlsx', 'empty.xlsx', new Uint8Array(0)),
    file('garbage xlsx', 'garbage.xlsx', enc('PK\u0003\u0004 this is not a zip at all '.repeat(100))),
    file('zip without workbook', 'nobook.xlsx', await zip({ 'hello.txt': 'hi' })),
    file('xlsx with broken XML', 'broken.xlsx', await zip({ '[Content_Types].xml': '<Types', 'xl/workbook.xml': '<<<', 'xl/worksheets/sheet1.xml': '<sheetData><row><c t="s"><v>999999</v></c></row>' })),
    file('xlsx zip bomb (200 MB of zeros)', 'bomb.xlsx', bomb),
    file('shapefile zip bomb', 'bomb.zip', shpBomb),
    file('nested zips', 'nested.zip', nested),
    file('zip of 2000 files', 'many.zip', await zip(many, 1)),
    file('garbage shapefile', 'a.shp', shpHeader),
    file('shapefile zip, junk members', 'shape.zip', await zip({ 'a.shp': shpHeader, 'a.dbf': enc('junk'), 'a.prj': enc('GEOGCS[') })),
    file('KML billion laughs', 'laughs.kml', enc(laughs)),
    file('KML external entity', 'xxe.kml', enc('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml><Placemark><name>&x;</name></Placemark></kml>')),
    file('KML not closed', 'open.kml', enc('<kml><Document><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>114,32 999,999')),
    file('KML self-intersecting, out of range', 'bowtie.kml', enc('<kml><Placemark><name>x</name><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,1 1,0 0,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark><Placemark><Point><coordinates>500,-200</coordinates></Point></Placemark></kml>')),
    file('GeoJSON with NaN', 'a.geojson', enc('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,Infinity]},"properties":{}}]}')),
    file('binary noise', 'noise.bin', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
    file('control characters in the name', 'a\u0000b\u001b.xlsx', enc('x')),
    file('path traversal in the name', '../../../../tmp/evil.kml', enc('<kml/>')),
    file('right field name missing', 'a.xlsx', await zip({ 'hello.txt': 'hi' }), 'upload'),
    { label: 'two files', parts: [['file', 'a.kml', enc('<kml/>')], ['file', 'b.kml', enc('<kml/>')]] },
    file('over the size limit (60 MB)', 'big.xlsx', new Uint8Array(60 * 1024 * 1024).fill(65)),
  ];
}
