// Assessment figures: every dashboard figure (GET /api/dashboard, one query) for several periods, and the
// performance tables, at district scale on the embedded database (goal: under 300 ms) and at province
// scale on a throwaway PostgreSQL (goal: under 2 s; server/bench/province-data.ts on port 55436, plus
// synthetic training and publicity rows; skipped without PostgreSQL + PostGIS). Prints medians.
//   npx tsx server/bench/assessment.ts              district (embedded) then province (PostgreSQL)
//   BENCH_SCALE=district|province npx tsx server/bench/assessment.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Knex } from 'knex';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import type { Database } from '../src/db/connection.ts';
import { DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import { readDatasetInfo } from '../src/services/dataset.ts';
import { dashboard } from '../src/services/assessment/dashboard.ts';
import { performance as perf } from '../src/services/assessment/performance.ts';
import { PERFORMANCE_DIMENSIONS, type PerformanceDimension } from '../src/contract/assessment.ts';
import { startProvince } from './province-data.ts';
import { median, percentile, ms, timeIt } from './stats.ts';

const log = pino({ level: 'silent' });
const scale = process.env.BENCH_SCALE ?? 'both';

function periods(anchor: string): { label: string; from?: string; to?: string }[] {
  const y = Number(anchor.slice(0, 4));
  return [
    { label: 'default (12 months)' },
    { label: 'this month', from: `${anchor.slice(0, 7)}-01`, to: anchor },
    { label: '24 months', from: `${y - 2}-${anchor.slice(5, 7)}-01`, to: anchor },
    { label: 'first half-year', from: `${y}-01-01`, to: `${y}-06-30` },
    { label: 'empty (2000)', from: '2000-01-01', to: '2000-12-31' },
  ];
}

async function figures(db: Database, label: string, n: number, dimensions: readonly PerformanceDimension[]) {
  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent' });
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const account = DEMO_ACCOUNTS.find((a) => a.username === 'leader')!;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const info = await readDatasetInfo(db.knex);
  for (const p of periods(info.anchor_date)) {
    const q = new URLSearchParams(Object.entries({ from: p.from, to: p.to }).filter((e): e is [string, string] => !!e[1])).toString();
    const http = await timeIt(n, () => fetch(`${base}/api/dashboard${q ? `?${q}` : ''}`, { headers: { cookie } }).then((r) => { if (!r.ok) throw new Error(`dashboard ${r.status}`); return r.text(); }));
    const svc = await timeIt(n, () => dashboard(db.knex, p, info, 30));
    console.log(`[${label}] GET /api/dashboard ${p.label}: HTTP median ${ms(median(http))} (p90 ${ms(percentile(http, 90))}); service median ${ms(median(svc))}`);
  }
  for (const d of dimensions) {
    const t = await timeIt(Math.max(3, Math.floor(n / 5)), () => perf(db.knex, d, {}, info.anchor_date, 30));
    console.log(`[${label}] performance by ${d} (${PERFORMANCE_DIMENSIONS[d]}), default period: median ${ms(median(t))}`);
  }
  server.closeAllConnections();
  server.close();
}

/** Training and publicity rows for the province: 2 sessions per county with 30 % of mediators, 4 schools and 2 enterprises per township, events for 80 % of schools a quarter. */
export async function provinceAssessment(knex: Knex) {
  const t = performance.now();
  await knex.raw(`
    SELECT setseed(0.7);
    INSERT INTO training_sessions (held_on, topic, hours, organiser, place, audience, is_demo)
    SELECT (now() - (k || ' days')::interval)::date, '示例培训' || k, 3, '示例主办', '示例地点', 'mediators', true FROM generate_series(1, 50) k;
    INSERT INTO training_attendance (session_id, mediator_id)
    SELECT 1 + (m.id % 50), m.id FROM mediators m WHERE random() < 0.3;
    INSERT INTO schools (name, kind, township_code, location, is_demo)
    SELECT '示例学校' || t.code || '-' || k, 'primary', t.code, ST_PointOnSurface(t.geom), true FROM townships t, generate_series(1, 4) k;
    INSERT INTO enterprises (name, industry, above_size, township_code, location, is_demo)
    SELECT '示例企业' || t.code || '-' || k, '示例', k = 1, t.code, ST_PointOnSurface(t.geom), true FROM townships t, generate_series(1, 2) k;
    INSERT INTO publicity_events (kind, held_at, title, township_code, location, audience, department, school_id, is_demo)
    SELECT 'school', now() - (floor(random() * 700) || ' days')::interval, '示例宣传', s.township_code, s.location, 100, '调解团队', s.id, true
    FROM schools s, generate_series(1, 8) q WHERE random() < 0.8;
    INSERT INTO judges (name, tribunal_id, department, is_demo) SELECT '示例法官' || k, 1 + (k % 25), '民一庭', true FROM generate_series(1, 100) k;
    INSERT INTO guidance_requests (case_id, mode, requested_at, held_at, judge_id)
    SELECT c.id, 'legal_guidance', c.created_at + interval '1 hour', c.created_at + interval '1 day', 1 + (c.id % 100)
    FROM cases c WHERE c.id % 40 = 0;
    ANALYZE;`);
  const c = (await knex.raw(`SELECT (SELECT count(*) FROM training_attendance)::int a, (SELECT count(*) FROM publicity_events)::int e, (SELECT count(*) FROM guidance_requests)::int g`)).rows[0];
  console.log(`[province] assessment rows in ${((performance.now() - t) / 1000).toFixed(1)} s: ${c.a} attendances, ${c.e} publicity events, ${c.g} guidance requests`);
}

const main = import.meta.url === `file://${process.argv[1]}`;
if (main && scale !== 'province') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-assessment-'));
  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', DATA_DIR: dir, DATABASE_URL: '' });
  const { db } = await startDatabase(config, log);
  await figures(db, 'district, embedded', 30, Object.keys(PERFORMANCE_DIMENSIONS) as PerformanceDimension[]);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
if (main && scale !== 'district') {
  const province = await startProvince(55436, 'province');
  if (province) {
    try {
      await provinceAssessment(province.db.knex);
      await figures(province.db, 'province, PostgreSQL', 7, ['township', 'tribunal', 'judge', 'organisation']);
    } finally {
      await province.stop();
    }
  }
}
