// GIS interoperability figures: an OGC API items page of 1,000 grids (the district has fewer: the page
// holds them all), a bbox query over the city, a GeoPackage (and a Gauss-Krüger Shapefile) export of all
// grids, and z15 vector tiles (over-zoom on the embedded database),
// through HTTP with a personal access token (HTTP Basic, as QGIS and GDAL send it).
//   npx tsx server/bench/ogc.ts                 embedded database in a temporary folder
//   DATABASE_URL=postgres://… npx tsx server/bench/ogc.ts
// `ogcFigures(db, base, label)` is exported for server/bench/run.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import type { Database } from '../src/db/connection.ts';
import { median, ms, percentile, timeIt } from './stats.ts';

/** The city (浉河 urban subdistricts around the court): where a bbox query is most crowded. */
const CITY_BBOX = '114.02,32.08,114.12,32.16';

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

/** A token of the leader's account (logs in, creates it), sent as HTTP Basic. */
async function tokenFetch(base: string): Promise<(url: string) => Promise<Response>> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'Demo-leader-2026' }),
  });
  if (login.status !== 200) throw new Error(`bench login failed: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/api/auth/tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'bench' }),
  });
  const { token } = (await res.json()) as { token: string };
  const authorization = `Basic ${Buffer.from(`leader:${token}`).toString('base64')}`;
  return (url: string) => fetch(url, { headers: { authorization } });
}

export async function ogcFigures(db: Database, base: string, label: string): Promise<void> {
  const get = await tokenFetch(base);
  const grids = Number((await db.knex('grids').count({ n: '*' }))[0]!.n);
  const page = await timeIt(15, () => get(`${base}/api/ogc/collections/grids/items?limit=1000`).then((r) => r.text()));
  const size = (await (await get(`${base}/api/ogc/collections/grids/items?limit=1000`)).text()).length;
  console.log(`[${label}] OGC items, limit=1000 grids (${grids} in the district): median ${ms(median(page))}, p90 ${ms(percentile(page, 90))}; ${(size / 1e6).toFixed(2)} MB`);
  const one = await (await get(`${base}/api/ogc/collections/grids/items?limit=1000&bbox=${CITY_BBOX}`)).json() as { numberMatched: number };
  const bbox = await timeIt(30, () => get(`${base}/api/ogc/collections/grids/items?limit=1000&bbox=${CITY_BBOX}`).then((r) => r.text()));
  const mediators = await timeIt(30, () => get(`${base}/api/ogc/collections/mediators/items?limit=1000&bbox=${CITY_BBOX}`).then((r) => r.text()));
  console.log(`[${label}] OGC bbox over the city (${CITY_BBOX}): grids (${one.numberMatched}) median ${ms(median(bbox))}; mediators median ${ms(median(mediators))}`);
  let k = 0;
  const z15 = () => { const [x, y] = tileOf(114.05 + (k % 5) * 0.012, 32.1 + (Math.floor(k / 5) % 4) * 0.012, 15); k++; return [x, y]; };
  const grid15 = await timeIt(40, () => { const [x, y] = z15(); return get(`${base}/api/tiles/grids/15/${x}/${y}.mvt`).then((r) => r.arrayBuffer()); });
  const case15 = await timeIt(40, () => { const [x, y] = z15(); return get(`${base}/api/tiles/cases/15/${x}/${y}.mvt`).then((r) => r.arrayBuffer()); });
  console.log(`[${label}] z15 tiles in the city: grids median ${ms(median(grid15))}, cases (leader: per-grid counts) median ${ms(median(case15))}`);
  let gpkgBytes = 0;
  const gpkg = await timeIt(10, () => get(`${base}/api/export/grids?format=gpkg&crs=4490`).then(async (r) => { gpkgBytes = (await r.arrayBuffer()).byteLength; }));
  const gk = await timeIt(10, () => get(`${base}/api/export/grids?format=shp&crs=4547&encoding=gbk`).then((r) => r.arrayBuffer()));
  console.log(`[${label}] export of all ${grids} grids: GeoPackage (EPSG:4490) median ${ms(median(gpkg))}, p90 ${ms(percentile(gpkg, 90))}, ${(gpkgBytes / 1e6).toFixed(2)} MB; Shapefile zip in EPSG:4547, GBK, median ${ms(median(gk))}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = pino({ level: 'silent' });
  const dir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-ogc-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
  const { db } = await startDatabase(config, log);
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  await ogcFigures(db, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, db.kind);
  server.closeAllConnections();
  server.close();
  await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
