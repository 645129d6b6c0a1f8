// Boundary import at 5,000 grids on the embedded database (goal: validated in under 30 s).
//   npx tsx server/bench/boundaries.ts            embedded database in a temporary folder
//   DATABASE_URL=postgres://… npx tsx server/bench/boundaries.ts   (a throwaway database: its grids are replaced)
// The district's 789 schematic grids are cut into 5,000 (each into 6 or 7 strips) in the database, then
// exported as one GeoJSON in CGCS2000 3-degree GK CM 114°E (so reprojection is measured too) and imported
// at grid level: parse → reproject → match → store → validity/district/parent → overlaps → gaps. The
// commit (versions, current table, every open case re-located, service areas) is timed as well.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import proj4 from 'proj4';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createPreview } from '../src/services/boundaries/preview.ts';
import { uploadLimits } from '../src/services/uploads/limits.ts';
import { commitImport } from '../src/services/boundaries/commit.ts';
import type { Step } from '../src/services/boundaries/progress.ts';
import type { Actor } from '../src/services/masking.ts';

const TARGET = 5000;
const GOAL_S = 30;

const log = pino({ level: 'silent' });
const dir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-boundaries-'));
const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
const { db } = await startDatabase(config, log);
const knex = db.knex;

// 1. 5,000 grids: the first `extra` grids in 7 vertical strips, the others in 6 (789 × 6 + 266 = 5,000).
const t0 = performance.now();
const [{ n: before }] = (await knex('grids').count({ n: '*' })) as [{ n: string | number }];
const extra = TARGET - Number(before) * 6;
await knex.transaction(async (trx) => {
  await trx.raw(`CREATE TEMP TABLE bench_grids ON COMMIT DROP AS
    WITH g AS (SELECT code, village_code, township_code, geom, row_number() OVER (ORDER BY code) - 1 AS i FROM grids),
    k AS (SELECT g.*, CASE WHEN g.i < ? THEN 7 ELSE 6 END AS k, ST_XMin(g.geom) AS x0, (ST_XMax(g.geom) - ST_XMin(g.geom)) AS w,
                 ST_YMin(g.geom) - 0.01 AS y0, ST_YMax(g.geom) + 0.01 AS y1 FROM g),
    cut AS (
      SELECT k.village_code, k.township_code, k.code AS old, s,
             ST_Multi(ST_CollectionExtract(ST_Intersection(k.geom,
               ST_MakeEnvelope(k.x0 + s * k.w / k.k, k.y0, CASE WHEN s = k.k - 1 THEN k.x0 + k.w + 0.01 ELSE k.x0 + (s + 1) * k.w / k.k END, k.y1, 4326)), 3)) AS geom
      FROM k CROSS JOIN LATERAL generate_series(0, k.k - 1) AS s
    )
    SELECT village_code || lpad((row_number() OVER (PARTITION BY village_code ORDER BY old, s))::text, 3, '0') AS code,
           village_code, township_code, geom
    FROM cut WHERE NOT ST_IsEmpty(geom)`, [extra]);
  await trx.raw(`UPDATE cases SET grid_code = NULL`);
  await trx.raw(`DELETE FROM grids`);
  await trx.raw(`INSERT INTO grids (code, village_code, township_code, name, population_est, geometry_source, geom, area_km2)
    SELECT code, village_code, township_code, '基准网格' || right(code, 3), 0, 'schematic', geom, ST_Area(geom::geography) / 1e6 FROM bench_grids`);
});
const [{ n: grids }] = (await knex('grids').count({ n: '*' })) as [{ n: string | number }];
const toGk = proj4('EPSG:4326', '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
/** The current grids as a GeoJSON in EPSG:4547, every one moved `east` metres (0: as they are, to ~1 cm). */
async function gridFile(east: number): Promise<Buffer> {
  const rows = (await knex.raw(`SELECT code, ST_AsGeoJSON(geom, 7) AS g FROM grids ORDER BY code`)).rows as { code: string; g: string }[];
  const fc = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
    features: rows.map((r) => {
      const g = JSON.parse(r.g) as GeoJSON.MultiPolygon;
      return { type: 'Feature', properties: { 网格编码: r.code }, geometry: { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((ring) => ring.map((c) => { const [x, y] = toGk.forward([c[0]!, c[1]!]); return [x! + east, y!]; }))) } };
    }),
  };
  return Buffer.from(JSON.stringify(fc));
}
// 5 cm east: every grid changes (units within 1 cm of their current boundary get no version), and the
// parts that now stick out are far thinner than the 1 m slivers the checks ignore.
const buffer = await gridFile(0.05);
const prepared = performance.now() - t0;

// 2. preview (what "validated" means), with the time of each step.
const admin = (await knex('users').where({ username: 'admin' }).first('id', 'username', 'role', 'tribunal_id', 'mediator_id')) as Actor;
const marks: [Step, number][] = [];
const p0 = performance.now();
const preview = await createPreview(knex, admin, { name: 'grids-5000-gk.geojson', buffer }, {
  level: 'grid', crs: 'auto', match_by: 'code', make_valid: false, skip_errors: false,
}, (step) => marks.push([step, performance.now()]), uploadLimits(loadConfig({})));
const previewS = (performance.now() - p0) / 1000;
const steps = marks.map(([s, at], i) => `${s} ${(((marks[i + 1]?.[1] ?? at) - at) / 1000).toFixed(2)}s`).slice(0, -1).join(', ');

// 3. commit
const c0 = performance.now();
const changes = await commitImport(knex, admin, preview.id, { valid_from: '2026-12-01', accept_warnings: true }, async () => {});
const commitS = (performance.now() - c0) / 1000;

// 4. the same grids again (exported from the database as they are now, so within ~1 cm, not equal): the
// commit compares all 5,000 with their current boundary and writes nothing.
const again = await createPreview(knex, admin, { name: 'grids-5000-again.geojson', buffer: await gridFile(0) }, {
  level: 'grid', crs: 'auto', match_by: 'code', make_valid: false, skip_errors: false,
}, () => {}, uploadLimits(loadConfig({})));
const n0 = performance.now();
const none = await commitImport(knex, admin, again.id, { valid_from: '2026-12-01', accept_warnings: true }, async () => {});
const noneS = (performance.now() - n0) / 1000;

console.log(`[${db.kind}] boundary import of ${grids} grids (file ${(buffer.length / 1e6).toFixed(1)} MB GeoJSON, ${preview.crs.used}; setup ${(prepared / 1000).toFixed(1)} s)`);
console.log(`  preview (parse, reproject, match, validate, overlaps, gaps): ${previewS.toFixed(1)} s — goal < ${GOAL_S} s: ${previewS < GOAL_S ? 'met' : 'NOT met'}`);
console.log(`  steps: ${steps}`);
console.log(`  summary: matched ${preview.summary.matched}, errors ${preview.summary.errors}, warnings ${preview.summary.warnings}, overlaps ${preview.summary.overlaps}, gaps ${preview.summary.gaps}, outside ${preview.summary.outside}`);
console.log(`  commit (versions, grids, ${changes.cases_checked} open cases re-located, service areas): ${commitS.toFixed(1)} s; ${changes.units} units changed, ${changes.cases.length} cases changed grid`);
console.log(`  the same grids again: commit ${noneS.toFixed(1)} s; ${none.units} changed, ${none.unchanged} unchanged (no version)`);

await db.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });
