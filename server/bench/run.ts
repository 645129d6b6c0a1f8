// `npm run bench`: district-scale figures, measured in one run, printed as medians and ratios.
//   - embedded database: first start (open + migrate + load), warm restart (open an existing folder)
//   - /api/areas?level=grid through HTTP against the raw SQL it wraps; its size raw and gzipped
//   - /api/locate through HTTP against its raw SQL and an in-memory lower bound (flat point-in-polygon)
//   - POST /api/assign/preview through HTTP from the read model (client in its own process) against the floor and the
//     candidates SQL; in process against a flatbush lower bound; the backlog batch; model refresh (dispatch.ts)
//   - vector tiles: JS tiler (embedded) per tile
//   - OGC API items (1,000 grids, a bbox over the city) and z15 tiles with a personal access token (ogc.ts)
//   - bulk intake of a 5,000-row case file: preview and commit (intake.ts)
//   - one court document: render, generate + store + audit, print view (documents.ts)
//   - time until the map is drawn in headless Chromium (when Chromium is installed)
//   - the same API figures on a throwaway PostgreSQL + PostGIS server (when installed)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import { runSql } from '../src/db/sql.ts';
import type { Database } from '../src/db/connection.ts';
import { median, percentile, timeIt, ms } from './stats.ts';
import { batchFigures, previewFigures, visibilityFigures } from './dispatch.ts';
import { ogcFigures } from './ogc.ts';
import { intakeFigures } from './intake.ts';
import { documentFigures } from './documents.ts';
// @ts-expect-error: a plain .mjs helper shared with the test runner
import { findPgBin, startCluster } from '../../scripts/pg-throwaway.mjs';

const log = pino({ level: 'silent' });
const repo = path.resolve(import.meta.dirname, '../..');
const grids = JSON.parse(fs.readFileSync(path.join(repo, 'data/build/grids.geojson'), 'utf8')).features as Feature<MultiPolygon, { code: string }>[];
const probes = grids.filter((_, i) => i % 7 === 0).map((g) => pointOnFeature(g).geometry.coordinates as [number, number]);

async function apiFigures(db: Database, label: string) {
  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent' });
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The dashboard's user: the court leadership's demo account (cases tiles come aggregated per grid).
  const login = await globalThis.fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: 'Demo-leader-2026' }),
  });
  if (login.status !== 200) throw new Error(`bench login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const fetch = (url: string) => globalThis.fetch(url, { headers: { cookie } });

  const http = await timeIt(15, () => fetch(`${base}/api/areas?level=grid`).then((r) => r.text()));
  const sql = await timeIt(15, () => runSql(db.knex, 'areas-grid', { from: null, to: null, type: null }));
  const body = await (await fetch(`${base}/api/areas?level=grid`)).text();
  const gz = zlib.gzipSync(body).length;
  console.log(`[${label}] /api/areas?level=grid: HTTP median ${ms(median(http))}, raw SQL ${ms(median(sql))}, ratio ${(median(http) / median(sql)).toFixed(2)}; ${(body.length / 1e6).toFixed(2)} MB, ${(gz / 1e3).toFixed(0)} kB gzipped`);

  let i = 0;
  const next = () => probes[i++ % probes.length]!;
  const locHttp = await timeIt(200, () => { const [lng, lat] = next(); return fetch(`${base}/api/locate?lng=${lng}&lat=${lat}`).then((r) => r.text()); });
  const locSql = await timeIt(200, () => { const [lng, lat] = next(); return runSql(db.knex, 'locate', { lng, lat, sliver_m: 30 }); });
  const locMem = await timeIt(200, async () => { const [lng, lat] = next(); return grids.find((g) => booleanPointInPolygon([lng, lat], g)); });
  console.log(`[${label}] /api/locate: HTTP p50 ${ms(median(locHttp))} p99 ${ms(percentile(locHttp, 99))}; raw SQL p50 ${ms(median(locSql))} (ratio ${(median(locHttp) / median(locSql)).toFixed(2)}); in-memory scan p50 ${ms(median(locMem))}`);

  const tiles = await timeIt(30, () => fetch(`${base}/api/tiles/villages/10/836/${414 + (i++ % 3)}.mvt`).then((r) => r.arrayBuffer()));
  console.log(`[${label}] village tile z10: median ${ms(median(tiles))}`);
  const caseTiles = await timeIt(30, () => fetch(`${base}/api/tiles/cases/10/836/${414 + (i++ % 3)}.mvt`).then((r) => r.arrayBuffer()));
  console.log(`[${label}] cases tile z10 (per-grid aggregate for the leader role): median ${ms(median(caseTiles))}`);
  const stats = await timeIt(15, () => fetch(`${base}/api/stats/summary`).then((r) => r.text()));
  console.log(`[${label}] /api/stats/summary: median ${ms(median(stats))}`);
  const model = await previewFigures(db, base, label, 500, 3);
  await batchFigures(db, label, model, 2000, 1);
  await visibilityFigures(db, label, null);
  await ogcFigures(db, base, label);
  await intakeFigures(db, label);
  await documentFigures(db, label);
  server.closeAllConnections();
  server.close();
}

async function embedded() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-'));
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: '' });
  let t = performance.now();
  let started = await startDatabase(config, log);
  const first = performance.now() - t;
  await started.db.close();
  const warm: number[] = [];
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    started = await startDatabase(config, log);
    warm.push(performance.now() - t);
    if (k < 2) await started.db.close();
  }
  console.log(`[embedded] first start (create, migrate, load district) ${(first / 1000).toFixed(1)} s; warm restart median ${(median(warm) / 1000).toFixed(2)} s (${warm.map((w) => (w / 1000).toFixed(2)).join(', ')})`);
  await apiFigures(started.db, 'embedded');
  await started.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function server() {
  const bin = findPgBin();
  if (!bin) { console.log('[postgres] skipped: no PostgreSQL + PostGIS installed'); return; }
  const cluster = startCluster(bin, 55433);
  try {
    const config = loadConfig({ DATABASE_URL: cluster.url });
    const t = performance.now();
    const started = await startDatabase(config, log);
    console.log(`[postgres] first start (migrate, load district) ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await apiFigures(started.db, 'postgres');
    await started.db.close();
  } finally {
    cluster.stop();
  }
}

async function browser() {
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') || !fs.existsSync(path.join(repo, 'client/dist/index.html'))) {
    console.log('[browser] skipped: needs Chromium and a built client (npm run build)');
    return;
  }
  const { serve } = await import('../../client/e2e/serve.ts');
  const { openBrowser } = await import('../../client/e2e/browser.ts');
  const served = await serve();
  const ctx = await openBrowser();
  // Log in once (the session cookie stays in the browser context), then time fresh page loads.
  const first = await ctx.newPage();
  await first.goto(served.base + '/');
  await first.getByLabel('用户名').fill('leader');
  await first.getByLabel('密码').fill('Demo-leader-2026');
  await first.getByRole('button', { name: '登录' }).click();
  await first.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  await first.close();
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const page = await ctx.newPage();
    const t = performance.now();
    await page.goto(served.base + '/');
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
    times.push(performance.now() - t);
    await page.close();
  }
  console.log(`[browser] map drawn (navigation → areas loaded and map idle): median ${ms(median(times))} over ${times.length} loads (${times.map((x) => Math.round(x)).join(', ')})`);
  await ctx.close();
  await served.stop();
}

console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
await embedded();
await server();
await browser();
process.exit(0);
