// Planning (coverage) figures, medians:
//   district scale (embedded database by default, or DATABASE_URL): coverage of every village and every
//   grid (computeCoverage: the layered model + the rule; first ever, after a case write, after a
//   mediator write, cached), GET /api/coverage/summary's function, a what-if change
//   (a hypothetical mediator dragged to a new point each time: the drag of the planning view);
//   province scale (server/bench/province-data.ts on a throwaway PostgreSQL, port 55435; skipped without
//   PostgreSQL or with COVERAGE_BENCH_PROVINCE=0): coverage of 50,000 villages and 200,000 grids (the
//   same four figures), best 20 sites out of about 5,000 lattice candidates (greedy, by cases), a
//   dragged what-if per level. COVERAGE_PROVINCE_URL=postgres://… reuses an already built province.
//   npx tsx server/bench/coverage.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Knex } from 'knex';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { bestSitesBody, whatIfBody } from '../src/contract/coverage.ts';
import { computeCoverage, coverageSummary } from '../src/services/coverage/index.ts';
import { findBestSites, whatIf } from '../src/services/coverage/planning.ts';
import { clearModels, dataVersion } from '../src/services/coverage/model.ts';
import { startCoverageWarmer } from '../src/services/coverage/warm.ts';
import { median, ms, timeIt } from './stats.ts';
import { openDatabase } from '../src/db/connection.ts';
import { startProvince, GX, GY, CELL, LNG0, LAT0 } from './province-data.ts';

/**
 * Coverage of every unit of both levels (computeCoverage: the model + a copy of every unit), median of
 * `n` runs each: first ever (every cached layer dropped), first request after a write to cases (one
 * case touched: only the case counts reload), after a mediator write (one active mediator moved by
 * ~10 m and back: mediators, service areas and a partial nearest search), and cached (data unchanged).
 */
async function coverageFigures(knex: Knex, label: string, n: number) {
  const [{ id: caseId }] = (await knex.raw(`SELECT min(id) AS id FROM cases`)).rows as [{ id: number }];
  const [{ id: medId }] = (await knex.raw(`SELECT min(id) AS id FROM mediators WHERE status = 'active' AND location IS NOT NULL`)).rows as [{ id: number }];
  let flip = 1;
  const writes = {
    case: () => knex.raw(`UPDATE cases SET updated_at = now() WHERE id = ?`, [caseId]),
    mediator: () => knex.raw(`UPDATE mediators SET location = ST_Translate(location, ?, 0) WHERE id = ?`, [0.0001 * (flip = -flip), medId]),
  };
  for (const level of ['village', 'grid'] as const) {
    let count = 0;
    const run = async (before: () => Promise<unknown>) => {
      await before();
      const t = performance.now();
      count = (await computeCoverage(knex, { level })).length;
      return performance.now() - t;
    };
    const series = async (before: () => Promise<unknown>) => { const xs: number[] = []; for (let i = 0; i < n; i++) xs.push(await run(before)); return xs; };
    const first = await series(async () => clearModels());
    const afterCase = await series(writes.case);
    const afterMediator = await series(writes.mediator);
    const cached = await series(async () => {});
    console.log(`[${label}] coverage of all ${count} ${level}s (computeCoverage), medians of ${n}: first ever ${ms(median(first))}, ` +
      `after a case write ${ms(median(afterCase))}, after a mediator write ${ms(median(afterMediator))}, cached ${ms(median(cached))}`);
  }
  if (flip === -1) await writes.mediator(); // the mediator back where it was
  await warmedFigures(knex, label, n, writes.case);
}

/**
 * The same requests with the warmer of the server (services/coverage/warm.ts) running: the first
 * request after a start, and after a case write once a tick has run (as a request a few seconds
 * after a write finds it); the cold build the warmer absorbs at start is timed too.
 */
async function warmedFigures(knex: Knex, label: string, n: number, write: () => Promise<unknown>) {
  const first: number[] = [], afterWrite: number[] = [], builds: number[] = [];
  for (let i = 0; i < n; i++) {
    clearModels();
    let t = performance.now();
    const warmer = startCoverageWarmer(knex, pino({ level: 'silent' }), 100);
    try {
      await warmer.idle();
      builds.push(performance.now() - t);
      t = performance.now();
      for (const level of ['village', 'grid'] as const) await computeCoverage(knex, { level });
      first.push(performance.now() - t);
      await write();
      const v = await dataVersion(knex);
      while (warmer.version !== v) await new Promise((r) => setTimeout(r, 20));
      t = performance.now();
      for (const level of ['village', 'grid'] as const) await computeCoverage(knex, { level });
      afterWrite.push(performance.now() - t);
    } finally {
      warmer.stop();
      await warmer.idle();
    }
  }
  console.log(`[${label}] with the warmer (COVERAGE_WARM_SECONDS), villages + grids, medians of ${n}: build at start (in the background) ${ms(median(builds))}; ` +
    `first request after the start ${ms(median(first))}; after a case write, once a tick has run ${ms(median(afterWrite))}`);
}

async function figures(knex: Knex, label: string, n: number, box: { lng0: number; lat0: number; w: number; h: number }) {
  await coverageFigures(knex, label, n);
  const s = await timeIt(n, () => coverageSummary(knex, { level: 'village' }));
  console.log(`[${label}] coverage summary, villages: median ${ms(median(s))} (n=${n})`);
  let i = 0;
  const drag = () => {
    const k = i++;
    const lng = box.lng0 + box.w * (0.3 + 0.4 * ((k * 0.618) % 1)), lat = box.lat0 + box.h * (0.3 + 0.4 * ((k * 0.382) % 1));
    return whatIf(knex, whatIfBody.parse({ params: { level: 'village' }, changes: [{ op: 'add', key: 'drag', lng, lat }], with_units: true }));
  };
  const w = await timeIt(n * 3, drag);
  console.log(`[${label}] what-if: one hypothetical mediator dragged (model cached, data version checked): median ${ms(median(w))} (n=${n * 3})`);
}

const log = pino({ level: 'silent' });
const dir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-coverage-'));
const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
const { db } = await startDatabase(config, log);
if (process.env.COVERAGE_BENCH_DISTRICT !== '0') await figures(db.knex, `district ${db.kind}`, 20, { lng0: 113.72, lat0: 31.75, w: 0.49, h: 0.59 });
await db.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });

if (process.env.COVERAGE_BENCH_PROVINCE !== '0') {
  const reuse = process.env.COVERAGE_PROVINCE_URL;
  const province = reuse
    ? await (async () => { const db = await openDatabase({ url: reuse, poolMax: 10 }); return { db, url: reuse, stop: () => db.close() }; })()
    : await startProvince(55435, 'province');
  if (province) {
    try {
      const knex = province.db.knex;
      const box = { lng0: LNG0, lat0: LAT0, w: GX * CELL, h: GY * CELL };
      await coverageFigures(knex, 'province', Number(process.env.COVERAGE_BENCH_RUNS ?? 5));
      // ~5,000 candidates: the province is 5° × 4° ≈ 474 km × 445 km → a 6.5 km lattice. At the default
      // radii every synthetic village is covered (nothing to gain), and its population_est is 0: the
      // search runs by cases at a 600 m radius, where most villages are too far from their mediators.
      const params = { level: 'village' as const, radius_m: 600 };
      let answer = { candidates: 0, value: 0, baseline_value: 0, sites: [] as unknown[] };
      const cold = performance.now();
      answer = await findBestSites(knex, bestSitesBody.parse({ params, k: 20, objective: 'cases', candidates: 'lattice', spacing_m: 6500 }));
      console.log(`[province] best 20 sites, first request (builds the model): ${ms(performance.now() - cold)}`);
      const b = await timeIt(3, async () => {
        answer = await findBestSites(knex, bestSitesBody.parse({ params, k: 20, objective: 'cases', candidates: 'lattice', spacing_m: 6500 }));
      });
      console.log(`[province] best 20 sites out of ${answer.candidates} lattice candidates (greedy, cases, radius 600 m; model cached): median ${ms(median(b))} (n=3); ` +
        `${answer.sites.length} sites, covered cases ${answer.baseline_value} → ${answer.value}`);
      for (const level of ['village', 'grid'] as const) {
        let k = 0;
        const w = await timeIt(5, () => {
          const j = k++;
          const lng = box.lng0 + box.w * (0.3 + 0.4 * ((j * 0.618) % 1)), lat = box.lat0 + box.h * (0.3 + 0.4 * ((j * 0.382) % 1));
          return whatIf(knex, whatIfBody.parse({ params: { level }, changes: [{ op: 'add', key: 'x', lng, lat }], with_units: true }));
        });
        console.log(`[province] what-if, ${level}s, one hypothetical mediator dragged (model cached): median ${ms(median(w))} (n=5)`);
      }
    } finally {
      await province.stop();
    }
  }
}
