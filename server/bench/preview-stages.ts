// The in-process preview split into its stages (facts, rank, answer, JSON.stringify) over every grid
// centre × every dispute type, against the flatbush lower bound of dispatch.ts; medians per stage over
// `ROUNDS` passes. `GOLDEN=file` writes every answer's JSON to the file (first run) or compares with it
// (later runs): a change of speed must not change one byte of an answer. The stages are those of
// preview.ts previewFromModel (distances estimated, the first LIMIT candidates listed: PREVIEW_FIRST
// unless given; LIMIT=20 lists all, as before the preview listed the first ten).
//   DATABASE_URL=postgres://… node --expose-gc --max-semi-space-size=64 --import tsx server/bench/preview-stages.ts
//   node … server/bench/preview-stages.ts                        district, embedded, temporary folder
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { startDatabase } from '../src/start.ts';
import { dispatchModel } from '../src/services/dispatch/model.ts';
import { rank } from '../src/services/dispatch/rule.ts';
import { previewAnswer } from '../src/services/assignment.ts';
import { intersects } from '../src/services/dispatch/locate.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { PREVIEW_FIRST } from '../src/contract/cases.ts';
import { median } from './stats.ts';
import type { DispatchModel } from '../src/services/dispatch/model.ts';

const types = Object.keys(DISPUTE_TYPES) as DisputeType[];

function centres(model: DispatchModel): [number, number][] {
  return model.units.index.grids.map((g) => {
    const r = g.shape[0]![0]!;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = 0; k < r.length; k += 2) { x0 = Math.min(x0, r[k]!); x1 = Math.max(x1, r[k]!); y0 = Math.min(y0, r[k + 1]!); y1 = Math.max(y1, r[k + 1]!); }
    return [(x0 + x1) / 2, (y0 + y1) / 2];
  });
}

function lowerBound(model: DispatchModel, lng: number, lat: number): number {
  const idx = model.units.index as unknown as { tree: { search(a: number, b: number, c: number, d: number): number[] } };
  let hit = -1;
  for (const i of idx.tree.search(lng, lat, lng, lat)) if (intersects(model.units.index.grids[i]!.shape, lng, lat)) { hit = i; break; }
  return hit + (model.mediators.tree?.neighbors(lng, lat, 30) ?? []).length;
}

async function main() {
  const url = process.env.DATABASE_URL ?? null;
  const dir = url ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bench-stages-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', LOAD_DISTRICT: 'auto', ...(dir ? { DATA_DIR: dir, DATABASE_URL: '' } : { DATABASE_URL: url! }) });
  const { db } = await startDatabase(config, pino({ level: 'silent' }));
  const model = await dispatchModel(db.knex).refresh();
  const pts = centres(model);
  // a few points off the centres too: near edges (boundary neighbours), outside, slivers
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const [x0, y0, x1, y1] = pts.reduce(([a, b, c, d], [x, y]) => [Math.min(a, x), Math.min(b, y), Math.max(c, x), Math.max(d, y)], [Infinity, Infinity, -Infinity, -Infinity]);
  for (let k = 0; k < 400; k++) pts.push([x0 + (x1 - x0) * rnd(), y0 + (y1 - y0) * rnd()]);
  const stage = { facts: [] as number[], rank: [] as number[], answer: [] as number[], json: [] as number[], total: [] as number[], bound: [] as number[] };
  const golden: string[] = [];
  let sink = 0;
  let bytes = 0, shown = 0, exact = 0, pooled = 0;
  const rounds = Number(process.env.ROUNDS ?? 5);
  const limit = Number(process.env.LIMIT ?? PREVIEW_FIRST);
  for (let r = 0; r < rounds; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const per = { facts: [] as number[], rank: [] as number[], answer: [] as number[], json: [] as number[], total: [] as number[], bound: [] as number[] };
    let k = 0;
    for (const [lng, lat] of pts) for (let j = 0; j < 2; j++) {
      const type = types[(k++ * 5 + j * 7) % types.length]!;
      const t0 = performance.now();
      const f = model.facts(lng, lat, type, undefined, { estimate: true } as never);
      const t1 = performance.now();
      if (r === 0 && f.estimate) { const ex = f.estimate.exact; f.estimate.exact = (m) => { exact++; return ex(m); }; pooled += f.pool.filter((m) => m.distance_m !== null).length; }
      const rk = rank(f, type, undefined, { limit });
      const t2 = performance.now();
      const a = previewAnswer(rk, lng, lat, type);
      const t3 = performance.now();
      const s = JSON.stringify(a);
      const t4 = performance.now();
      const lb = lowerBound(model, lng, lat);
      const t5 = performance.now();
      per.facts.push(t1 - t0); per.rank.push(t2 - t1); per.answer.push(t3 - t2); per.json.push(t4 - t3); per.total.push(t4 - t0); per.bound.push(t5 - t4); sink += lb;
      if (r === 0) { golden.push(s); bytes += s.length; shown += a.candidates.length; }
    }
    for (const key of Object.keys(stage) as (keyof typeof stage)[]) stage[key].push(median(per[key]));
  }
  const us = (xs: number[]) => (median(xs) * 1000).toFixed(1);
  const n = golden.length;
  console.log(`${db.kind}, load ${os.loadavg()[0]!.toFixed(1)}, ${n} previews × ${rounds} rounds, median answer ${median(golden.map((g) => g.length))} B (mean ${(bytes / n).toFixed(0)}), mean ${(shown / n).toFixed(1)} candidates; exact distances worked out ${(exact / n).toFixed(1)} of ${(pooled / n).toFixed(1)} pool members with a location`);
  console.log(`µs p50: facts ${us(stage.facts)}  rank ${us(stage.rank)}  answer ${us(stage.answer)}  json ${us(stage.json)}  total ${us(stage.total)}  bound ${us(stage.bound)}  ratio ${(median(stage.total) / median(stage.bound)).toFixed(1)}× [${sink % 2}]`);
  const file = process.env.GOLDEN;
  if (file) {
    if (!fs.existsSync(file)) { fs.writeFileSync(file, golden.join('\n')); console.log(`golden written: ${file}`); }
    else {
      const old = fs.readFileSync(file, 'utf8').split('\n');
      const diff = golden.filter((g, i) => g !== old[i]).length;
      console.log(diff ? `GOLDEN DIFFERS: ${diff} of ${n} answers` : `golden: all ${n} answers identical`);
    }
  }
  await db.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

await main();
