// Bulk intake figures (issue 18 item 2): a 5,000-row case file through HTTP as the dispatcher, preview
// (upload, read in the worker, map, locate every row, duplicates, answer) and commit (check again, write
// all cases with parties, events and audit rows in one transaction). Every address locates (village and
// township names, a fifth of the rows by coordinates). Goal: preview < 10 s, commit < 10 s (embedded).
//   npx tsx server/bench/intake.ts             embedded database in a temporary folder
//   `intakeFigures(db, label)` is also run by server/bench/run.ts (`npm run bench`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { pointOnFeature } from '@turf/turf';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { createApp } from '../src/app.ts';
import type { Database } from '../src/db/connection.ts';
import { DEMO_ACCOUNTS } from '../src/db/seed-users.ts';
import type { IntakeCommitAnswer, IntakePreview } from '../src/contract/intake.ts';
import { HEADERS, xlsx } from '../test/fixtures/intake/make.ts';
import { median } from './stats.ts';

const log = pino({ level: 'silent' });
const YEAR = 2087;
const CAUSES = ['民间借贷纠纷', '物业服务合同纠纷', '机动车交通事故责任纠纷', '劳动争议', '医疗损害责任纠纷', '离婚纠纷', '相邻关系纠纷', '买卖合同纠纷', '继承纠纷', '赡养纠纷'];

async function rowsFor(db: Database, n: number, run: number): Promise<string[][]> {
  const places = (await db.knex.raw(`SELECT t.name AS township, v.display_name AS village FROM villages v JOIN townships t ON t.code = v.township_code ORDER BY v.code`)).rows as { township: string; village: string }[];
  const grids = (await db.knex.raw(`SELECT ST_AsGeoJSON(geom) AS g FROM grids ORDER BY code`)).rows as { g: string }[];
  const points = grids.filter((_g, i) => i % 3 === 0).map((g) => pointOnFeature(JSON.parse(g.g)).geometry.coordinates as [number, number]);
  return Array.from({ length: n }, (_x, i) => {
    const p = places[i % places.length]!;
    const byPoint = i % 5 === 4;
    const day = `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const pt = points[i % points.length]!;
    return [
      `（${YEAR}）豫1502民诉前调${run * n + i + 1}号`, CAUSES[i % CAUSES.length]!, `示例·压测甲${run}_${i}（申请人）、示例·压测乙${run}_${i}（被申请人）`,
      `138${String(10_000_000 + i).slice(-8)}；0376-6${String(100_000 + i).slice(-6)}`, '', byPoint ? '' : `${p.township}${p.village}`, day, '人民法院调解平台',
      byPoint ? String(pt[0]) : '', byPoint ? String(pt[1]) : '',
    ];
  });
}

export async function intakeFigures(db: Database, label: string, n = 5000, runs = 3): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent' });
  const { app } = createApp({ db, config, log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const who = DEMO_ACCOUNTS.find((a) => a.username === 'dispatcher')!;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who.username, password: who.password }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const previews: number[] = [];
  const commits: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const file = await xlsx(await rowsFor(db, n, run), [...HEADERS, '经度', '纬度']);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'bench.xlsx');
      let t0 = performance.now();
      const p = await fetch(`${base}/api/intake/upload`, { method: 'POST', headers, body: form });
      const preview = (await p.json()) as IntakePreview;
      previews.push(performance.now() - t0);
      if (p.status !== 201 || preview.counts.ok !== n) throw new Error(`preview: ${p.status} ${JSON.stringify(preview.counts ?? preview).slice(0, 300)} ${JSON.stringify(preview.rows?.find((r) => r.outcome !== 'ok'))?.slice(0, 400)}`);
      t0 = performance.now();
      const c = await fetch(`${base}/api/intake/${preview.id}/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      const done = (await c.json()) as IntakeCommitAnswer;
      commits.push(performance.now() - t0);
      if (c.status !== 200 || done.created !== n) throw new Error(`commit: ${c.status} ${JSON.stringify(done).slice(0, 300)}`);
      await db.knex('cases').where({ intake_id: preview.id }).delete();
    }
  } finally {
    await db.knex('case_number_counters').where({ year: YEAR }).delete();
    server.closeAllConnections();
    server.close();
  }
  const s = (xs: number[]) => `median ${(median(xs) / 1000).toFixed(2)} s (runs ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;
  console.log(`[${label}] intake of ${n} case rows (.xlsx, every address located): preview ${s(previews)}; commit ${s(commits)}   goal: preview < 10 s, commit < 10 s`);
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const dir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-intake-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : {}) });
  const { db } = await startDatabase(config, log);
  await intakeFigures(db, db.kind, Number(process.env.INTAKE_ROWS ?? 5000), Number(process.env.INTAKE_RUNS ?? 3));
  await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
