// Upload bombs and broken files against both upload routes (boundary import preview, registry import
// preview). Each bomb is sent while GET /api/health is asked every 20 ms: the answer must be the 4xx
// that names the crossed limit, health must keep answering (p99 < 500 ms, the bound), and the
// process's memory must come back (RSS after a gc within a bound of RSS before). Tiny and corrupt files
// of every accepted type answer 400/422 with a message, never 5xx. Nothing is stored by any of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';
import { shapefileZip } from './fixtures/fuzz/shapefile.ts';
import { manyMediators, xlsx, GOOD_MEDIATORS } from './fixtures/registry/make.ts';
import { MEDIATOR_COLUMNS } from '../src/contract/registry.ts';
import { uploadsInFlight } from '../src/services/uploads/run.ts';
import { csvRows, deflatedEntry, geojsonVertices, xlsxRows, zerosDeflated, zip } from './fixtures/uploads/bombs.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const BOUNDARY = '/api/boundaries/imports';
const REGISTRY = '/api/registry/import/mediators/preview';
const HEALTH_P99_MS = 500; // the bound
/** RSS after the upload (and a gc) may exceed RSS before by at most this: a bomb used to leave GBs. */
const RSS_MARGIN_MB = 200;
const HEADER = MEDIATOR_COLUMNS.map((c) => c.header).join(',');

let t: TestApp;
let counts = '';
const figures: string[] = [];

const storedCounts = async () => {
  const { rows } = await t.db.knex.raw(`SELECT (SELECT count(*) FROM import_boundary_previews)::int AS b, (SELECT count(*) FROM import_boundary_features)::int AS f, (SELECT count(*) FROM import_previews)::int AS r`);
  return JSON.stringify(rows[0]);
};

beforeAll(async () => {
  t = await createTestApp();
  counts = await storedCounts();
}, 120_000);
afterAll(async () => {
  console.log(`upload-limits (${t?.db.kind}):\n  ${figures.join('\n  ')}`);
  await t?.close();
});

/**
 * The upload sent from another process (as an admin's browser would), so that sending it costs this
 * process's event loop nothing and the health figures are the server's alone.
 */
async function postFromChild(app: TestApp, path: string, name: string, data: Uint8Array, fields: Record<string, string> = {}): Promise<{ status: number; body: BombAnswer }> {
  const s = await app.login('admin');
  const file = join(tmpdir(), `upload-limits-${process.pid}-${name}`);
  fs.writeFileSync(file, data);
  const script = `
    const { openAsBlob } = require('node:fs');
    (async () => {
      const a = JSON.parse(process.env.UPLOAD_ARGS);
      const form = new FormData();
      for (const [k, v] of Object.entries(a.fields)) form.set(k, v);
      form.set('file', await openAsBlob(a.file), a.name);
      const res = await fetch(a.url, { method: 'POST', body: form, headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
      process.stdout.write(JSON.stringify({ status: res.status, body: await res.json() }));
    })().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script], {
        env: { ...process.env, UPLOAD_ARGS: JSON.stringify({ file, name, fields, url: app.base + path, cookie: s.cookie, csrf: s.csrfToken }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = ''; let stderr = '';
      child.stdout.on('data', (c) => { stdout += c; });
      child.stderr.on('data', (c) => { stderr += c; });
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`upload process: ${code} ${stderr}`))));
    });
    return JSON.parse(out);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function post(app: TestApp, path: string, name: string, data: Uint8Array, fields: Record<string, string> = {}): Promise<Response> {
  const s = await app.login('admin');
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([data as Uint8Array<ArrayBuffer>]), name);
  const send = () => fetch(app.base + path, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  // Written to an idle keep-alive connection the server had just closed: sent again, as a browser does.
  return send().catch((err: Error & { cause?: { code?: string } }) => {
    if (err.cause?.code !== 'UND_ERR_SOCKET' && err.cause?.code !== 'ECONNRESET') throw err;
    return send();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = async () => {
  for (let i = 0; i < 3; i++) { gc(); await sleep(50); }
  return process.memoryUsage().rss / 1024 / 1024;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

/** GET /api/health every 20 ms until `stop` resolves; the latencies. */
async function healthLoop(app: TestApp, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => { done = true; });
  const ms: number[] = [];
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`${app.base}/api/health`);
    await res.arrayBuffer();
    const took = performance.now() - t0;
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
    ms.push(took);
    await sleep(Math.max(0, 20 - took));
  }
  return ms;
}

type BombAnswer = { error?: { code: string; message: string; details?: { limit?: string } } };
interface Bomb { label: string; path: string; name: string; data: () => Buffer; fields?: Record<string, string>; status: number; code: string; limit?: string }

/** Sends the bomb while health is probed; checks the answer, the latencies and the memory after. */
async function explode(b: Bomb, app: TestApp = t) {
  const data = b.data();
  const before = await rssMb();
  const t0 = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const answer = postFromChild(app, b.path, b.name, data, b.fields);
  const health = await healthLoop(app, answer);
  const { status, body } = await answer;
  const res = { status };
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  // The worker ends after answering: give it a moment to let its heap go.
  await sleep(300);
  const after = await rssMb();
  const line = `${b.label} (${(data.length / 1024 / 1024).toFixed(1)} MB): ${res.status} ${body.error?.code} ${body.error?.details?.limit ?? ''} in ${seconds.toFixed(2)} s; ` +
    `health ${health.length} requests p50 ${pct(health, 50).toFixed(0)} ms p99 ${pct(health, 99).toFixed(0)} ms max ${Math.max(...health).toFixed(0)} ms, event loop delay max ${(loop.max / 1e6).toFixed(0)} ms; ` +
    `RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB — ${body.error?.message}`;
  figures.push(line);
  expect(res.status, line).toBe(b.status);
  expect(body.error?.code, line).toBe(b.code);
  expect(body.error?.message, line).toMatch(/[\u4e00-\u9fff]/);
  if (b.limit) expect(body.error?.details?.limit, line).toBe(b.limit);
  expect(pct(health, 99), line).toBeLessThan(HEALTH_P99_MS);
  expect(after - before, line).toBeLessThan(RSS_MARGIN_MB);
  return body;
}

const MB = 1024 * 1024;
const shp = (entries: Parameters<typeof zip>[0]) => zip([...entries, deflatedEntry('a.dbf', Buffer.alloc(64)), deflatedEntry('a.prj', 'GEOGCS["GCS_WGS_1984"]')]);

describe('bombs: refused with the named limit while health keeps answering and memory comes back', () => {
  it('a baseline of health latency with no upload', async () => {
    const ms = await healthLoop(t, sleep(1000));
    figures.push(`baseline: health ${ms.length} requests p50 ${pct(ms, 50).toFixed(0)} ms p99 ${pct(ms, 99).toFixed(0)} ms`);
  });

  const bombs: Bomb[] = [
    { label: 'zipped Shapefile declaring 4 GB', path: BOUNDARY, name: 'bomb.zip', fields: { level: 'grid' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_ENTRY_MB',
      data: () => shp([{ name: 'a.shp', deflated: zerosDeflated(4095), size: 4095 * MB }]) },
    { label: 'zipped Shapefile declaring 1 kB, inflating to 4 GB', path: BOUNDARY, name: 'liar.zip', fields: { level: 'grid' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_ENTRY_MB',
      data: () => shp([{ name: 'a.shp', deflated: zerosDeflated(4095), size: 4095 * MB, declared: 1024 }]) },
    { label: 'zip of three 90 MB entries (270 MB in all)', path: BOUNDARY, name: 'three.zip', fields: { level: 'grid' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_INFLATED_MB',
      data: () => shp(['a.shp', 'b.shp', 'c.shp'].map((name) => ({ name, deflated: zerosDeflated(90), size: 90 * MB }))) },
    // A liar is caught at its first entry: inflated bytes that differ from the directory's are a damaged file.
    { label: 'zip of three entries declaring 1 byte, inflating to 90 MB each', path: BOUNDARY, name: 'liars.zip', fields: { level: 'grid' }, status: 422, code: 'unreadable_file',
      data: () => shp(['a.shp', 'b.shp', 'c.shp'].map((name) => ({ name, deflated: zerosDeflated(90), size: 90 * MB, declared: 1 }))) },
    { label: 'GeoJSON of 1,000,000 vertices', path: BOUNDARY, name: 'vertices.geojson', fields: { level: 'village' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_VERTICES',
      data: () => geojsonVertices(1_000_000) },
    { label: 'GeoJSON of 25,000 features', path: BOUNDARY, name: 'features.geojson', fields: { level: 'grid' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_FEATURES',
      data: () => Buffer.from(`{"type":"FeatureCollection","features":[${Array.from({ length: 25_000 }, () => '{"type":"Feature","properties":{},"geometry":null}').join(',')}]}`) },
    { label: 'KML of 25,000 placemarks', path: BOUNDARY, name: 'features.kml', fields: { level: 'grid' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_FEATURES',
      data: () => Buffer.from(`<?xml version="1.0"?><kml><Document>${'<Placemark><name>x</name></Placemark>'.repeat(25_000)}</Document></kml>`) },
    { label: '.xlsx whose sheet inflates to 4 GB', path: REGISTRY, name: 'bomb.xlsx', status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_ENTRY_MB',
      data: () => zip([deflatedEntry('xl/workbook.xml', '<workbook/>'), { name: 'xl/worksheets/sheet1.xml', deflated: zerosDeflated(4095), size: 4095 * MB, declared: 2048 }]) },
    { label: '.xlsx of 2,000,000 rows', path: REGISTRY, name: 'rows.xlsx', status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_ROWS',
      data: () => xlsxRows('姓名', 2_000_000) },
    { label: 'CSV of 2,000,000 rows', path: REGISTRY, name: 'rows.csv', status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_ROWS',
      data: () => csvRows(HEADER, 2_000_000) },
    { label: 'CSV of 1,000 columns', path: REGISTRY, name: 'wide.csv', status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_COLUMNS',
      data: () => Buffer.from(`${HEADER}${',x'.repeat(1000)}\n`) },
    { label: 'CSV with a 100,000-character cell', path: REGISTRY, name: 'long.csv', status: 413, code: 'upload_limit', limit: 'UPLOAD_MAX_CELL_CHARS',
      data: () => Buffer.from(`${HEADER}\n"${'长'.repeat(100_000)}",1\n`) },
  ];
  for (const b of bombs) it(b.label, () => explode(b).then(() => undefined), 120_000);

  it('a file that needs more memory than the worker may have kills the worker, not the server', async () => {
    const small = await createTestApp({ sharing: t, env: { UPLOAD_WORKER_MEMORY_MB: '64', UPLOAD_MAX_VERTICES: '10000000' } });
    try {
      await explode({ label: 'GeoJSON of 1,000,000 vertices in a 64 MB worker', path: BOUNDARY, name: 'oom.geojson', fields: { level: 'village' }, status: 413, code: 'upload_limit', limit: 'UPLOAD_WORKER_MEMORY_MB', data: () => geojsonVertices(1_000_000) }, small);
      expect((await fetch(`${t.base}/api/health`)).status).toBe(200);
    } finally {
      await small.close();
    }
  }, 120_000);

  it('a worker past its time is stopped', async () => {
    const quick = await createTestApp({ sharing: t, env: { UPLOAD_TIMEOUT_SECONDS: '0.001' } });
    try {
      await explode({ label: 'any file with a 1 ms time limit', path: REGISTRY, name: 'a.csv', status: 413, code: 'upload_limit', limit: 'UPLOAD_TIMEOUT_SECONDS', data: () => Buffer.from(`${HEADER}\n`) }, quick);
    } finally {
      await quick.close();
    }
  }, 60_000);

  it('with every worker busy and the queue full, an upload is told to come back (503, Retry-After)', async () => {
    const one = await createTestApp({ sharing: t, env: { UPLOAD_WORKERS: '1', UPLOAD_QUEUE: '0' } });
    try {
      const slow = post(one, BOUNDARY, 'vertices.geojson', geojsonVertices(1_000_000), { level: 'village' });
      for (let i = 0; i < 600 && uploadsInFlight() === 0; i++) await sleep(10);
      expect(uploadsInFlight()).toBe(1);
      const refused = await post(one, REGISTRY, 'a.csv', Buffer.from(`${HEADER}\n`));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('uploads_busy');
      expect((await slow).status).toBe(413);
    } finally {
      await one.close();
    }
  }, 120_000);
});

describe('a real-size import still passes the limits', () => {
  it('20,000 mediator rows (.xlsx): a committable preview; health figures printed', async () => {
    const grids = (await t.db.knex('grids').orderBy('code').limit(200).pluck('code')) as string[];
    const data = await xlsx(MEDIATOR_COLUMNS, manyMediators(20_000, grids, '示例·限额'));
    const t0 = performance.now();
    const answer = post(t, REGISTRY, 'real.xlsx', data).then(async (res) => ({ res, body: (await res.json()) as { token: string; row_count: number; committable: boolean } }));
    const health = await healthLoop(t, answer);
    const { res, body } = await answer;
    // The rows' validation reads the register on the event loop (the embedded database runs in this
    // process too): figures only, the bound is for a file being read.
    figures.push(`20,000-row .xlsx preview (${(data.length / 1024 / 1024).toFixed(1)} MB): ${res.status} in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `health ${health.length} requests p50 ${pct(health, 50).toFixed(0)} ms p99 ${pct(health, 99).toFixed(0)} ms max ${Math.max(...health).toFixed(0)} ms`);
    expect(res.status).toBe(200);
    expect(body.row_count).toBe(20_000);
    expect(body.committable).toBe(true);
    await t.db.knex('import_previews').where({ token: body.token }).del();
  }, 180_000);
});

describe('tiny and corrupt files: 400/422 with what is wrong, never 5xx', () => {
  const goodZip = () => shapefileZip([[[[114.05, 32.1], [114.06, 32.1], [114.06, 32.11], [114.05, 32.1]]]], ['411502006001']);
  const goodXlsx = () => xlsx(MEDIATOR_COLUMNS, GOOD_MEDIATORS);
  /** The zip's end record says its directory starts past the end of the file. */
  const dirPastEnd = (b: Uint8Array) => {
    const buf = Buffer.from(b);
    buf.writeUInt32LE(buf.length + 1000, buf.length - 22 + 16);
    return buf;
  };
  const cases: { label: string; path: string; name: string; data: () => Promise<Uint8Array> | Uint8Array; status: number; code: string }[] = [
    { label: '0-byte .geojson', path: BOUNDARY, name: 'a.geojson', data: () => Buffer.alloc(0), status: 422, code: 'unreadable_file' },
    { label: '2-byte .geojson', path: BOUNDARY, name: 'a.geojson', data: () => Buffer.from('{['), status: 422, code: 'unreadable_file' },
    { label: 'GeoJSON that is not JSON', path: BOUNDARY, name: 'a.geojson', data: () => Buffer.from('{"type": "FeatureCollection", features: ['), status: 422, code: 'unreadable_file' },
    { label: 'GeoJSON that is JSON but not GeoJSON', path: BOUNDARY, name: 'a.geojson', data: () => Buffer.from('[1, 2, 3]'), status: 422, code: 'unreadable_file' },
    { label: '0-byte .kml', path: BOUNDARY, name: 'a.kml', data: () => Buffer.alloc(0), status: 422, code: 'unreadable_file' },
    { label: '2-byte .kml', path: BOUNDARY, name: 'a.kml', data: () => Buffer.from('<k'), status: 422, code: 'unreadable_file' },
    { label: 'KML that is not XML', path: BOUNDARY, name: 'a.kml', data: () => Buffer.from('this is not xml at all'), status: 422, code: 'unreadable_file' },
    { label: 'KML cut in the middle', path: BOUNDARY, name: 'a.kml', data: () => Buffer.from('<?xml version="1.0"?><kml><Document><Placemark><Polygon><outer'), status: 422, code: 'unreadable_file' },
    { label: '0-byte .zip', path: BOUNDARY, name: 'a.zip', data: () => Buffer.alloc(0), status: 422, code: 'unreadable_file' },
    { label: '2-byte .zip', path: BOUNDARY, name: 'a.zip', data: () => Buffer.from('PK'), status: 422, code: 'unreadable_file' },
    { label: 'zipped Shapefile cut in half', path: BOUNDARY, name: 'a.zip', data: async () => (await goodZip()).subarray(0, 200), status: 422, code: 'unreadable_file' },
    { label: 'zipped Shapefile without its last 30 bytes', path: BOUNDARY, name: 'a.zip', data: async () => { const z = await goodZip(); return z.subarray(0, z.length - 30); }, status: 422, code: 'unreadable_file' },
    { label: 'zip whose directory offset points past its end', path: BOUNDARY, name: 'a.zip', data: async () => dirPastEnd(await goodZip()), status: 422, code: 'unreadable_file' },
    { label: 'zip whose entry is not valid deflate', path: BOUNDARY, name: 'a.zip', data: () => zip([{ name: 'a.shp', deflated: Buffer.from('not deflate data'), size: 100 }, deflatedEntry('a.dbf', 'x')]), status: 422, code: 'unreadable_file' },
    { label: '0-byte .xlsx', path: REGISTRY, name: 'a.xlsx', data: () => Buffer.alloc(0), status: 400, code: 'empty_file' },
    { label: '2-byte .xlsx', path: REGISTRY, name: 'a.xlsx', data: () => Buffer.from('PK'), status: 400, code: 'unreadable_file' },
    { label: '.xlsx that is not a zip', path: REGISTRY, name: 'a.xlsx', data: () => Buffer.from('姓名,电话\n张三,13800000000\n'), status: 400, code: 'unreadable_file' },
    { label: '.xlsx cut in half', path: REGISTRY, name: 'a.xlsx', data: async () => { const x = await goodXlsx(); return x.subarray(0, x.length >> 1); }, status: 400, code: 'unreadable_file' },
    { label: '.xlsx whose directory offset points past its end', path: REGISTRY, name: 'a.xlsx', data: async () => dirPastEnd(await goodXlsx()), status: 400, code: 'unreadable_file' },
    { label: '.xlsx that is a zip of something else', path: REGISTRY, name: 'a.xlsx', data: () => zip([deflatedEntry('readme.txt', 'hello')]), status: 400, code: 'unreadable_file' },
    { label: '0-byte .csv', path: REGISTRY, name: 'a.csv', data: () => Buffer.alloc(0), status: 400, code: 'empty_file' },
  ];
  for (const c of cases) {
    it(c.label, async () => {
      const res = await post(t, c.path, c.name, await c.data(), c.path === BOUNDARY ? { level: 'village' } : {});
      const body = (await res.json()) as { error?: { code: string; message: string } };
      figures.push(`${c.label}: ${res.status} ${body.error?.code} — ${body.error?.message}`);
      expect(res.status, JSON.stringify(body)).toBe(c.status);
      expect(body.error?.code).toBe(c.code);
      expect(body.error?.message).toMatch(/[\u4e00-\u9fff]/);
    }, 60_000);
  }

  it('a 2-byte CSV is text: a preview that lists the missing columns and cannot be committed', async () => {
    const res = await post(t, REGISTRY, 'a.csv', Buffer.from('a,'));
    const body = (await res.json()) as { committable: boolean; problems: { code: string }[] };
    expect(res.status).toBe(200);
    expect(body.committable).toBe(false);
    expect(body.problems.some((p) => p.code === 'missing_column')).toBe(true);
    await t.db.knex('import_previews').where({ file_name: 'a.csv' }).del();
  }, 60_000);
});

describe('nothing stored', () => {
  it('no refused upload left a preview', async () => {
    expect(await storedCounts()).toBe(counts);
  });
});
