// What-if answers and best-sites searches over the cached model (model.ts): the requests of the
// planning view. Nothing here writes.
import type { Knex } from '../../db/types.ts';
import {
  BEST_SITES_LIMITS, bestSitesBody, whatIfBody, type BestSitesAnswer, type ScenarioChange, type WhatIfAnswer,
} from '../../contract/coverage.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';
import type { z } from 'zod';
import { totalsOf } from './baseline.ts';
import { bestSites, type Candidate } from './best-sites.ts';
import { locateVillages, modelFor, type Model } from './model.ts';
import { radiusFor } from './rule.ts';
import { evaluateScenario, type ScenarioResult } from './scenario.ts';

/** A scenario's units over a model; the hypothetical mediators are located first (one query). */
export async function scenarioOver(knex: Knex, model: Model, changes: readonly ScenarioChange[]): Promise<ScenarioResult & { names: Map<string, string | null> }> {
  if (!changes.length) return { units: model.units, added: [], warnings: [], names: new Map() }; // the baseline as it is
  const adds = changes.filter((c): c is Extract<ScenarioChange, { op: 'add' }> => c.op === 'add');
  const located = await locateVillages(knex, adds);
  const byKey = new Map(adds.map((a, i) => [a.key, located[i]!]));
  const result = evaluateScenario({
    units: model.rows, mediators: model.mediators, radii: model.radii, changes, nearest: model.nearest,
    villageOf: (key) => byKey.get(key)?.village_code ?? null,
  });
  return { ...result, names: new Map(adds.map((a, i) => [a.key, located[i]!.village_name])) };
}

export async function whatIf(knex: Knex, raw: unknown): Promise<WhatIfAnswer> {
  const t = performance.now();
  const body = raw as z.infer<typeof whatIfBody>;
  const model = await modelFor(knex, body.params);
  const base = model.units;
  const s = await scenarioOver(knex, model, body.changes);
  const answer: WhatIfAnswer = {
    settings: model.settings,
    baseline: totalsOf(base),
    scenario: totalsOf(s.units),
    added: s.added.map((h) => ({ ...h, village_name: s.names.get(h.key) ?? null })),
    warnings: s.warnings,
    elapsed_ms: 0,
  };
  if (body.with_units) answer.changed = s.units.filter((u, i) => u.covered !== base[i]!.covered || u.reasons.join() !== base[i]!.reasons.join());
  answer.elapsed_ms = Math.round((performance.now() - t) * 10) / 10;
  return answer;
}

const DEG = Math.PI / 180;

async function candidatesFor(knex: Knex, body: z.infer<typeof bestSitesBody>): Promise<Candidate[]> {
  let stepLng = 1, stepLat = 1;
  if (body.candidates === 'lattice') {
    const spacing = body.spacing_m ?? 1000;
    const [mid] = (await knex.raw(`SELECT (ST_YMin(e) + ST_YMax(e)) / 2 AS lat FROM (SELECT ST_Extent(geom)::geometry e FROM district) d`)).rows as [{ lat: number | null }];
    const lat = mid?.lat ?? 32;
    stepLat = spacing / 110574;
    stepLng = spacing / (111320 * Math.cos(lat * DEG));
  }
  const rows = await runSql<Candidate>(knex, 'coverage-candidates', { lattice: body.candidates === 'lattice', step_lng: stepLng, step_lat: stepLat });
  return rows;
}

export async function findBestSites(knex: Knex, raw: unknown): Promise<BestSitesAnswer> {
  const t = performance.now();
  const body = raw as z.infer<typeof bestSitesBody>;
  if (body.method === 'exact') {
    if (body.k > BEST_SITES_LIMITS.exact_k_max) throw new HttpError(422, 'exact_too_large', `精确求解只支持 k ≤ ${BEST_SITES_LIMITS.exact_k_max}；请减小 k 或改用贪心算法`, { k: body.k });
    if (body.capacity !== undefined) throw new HttpError(422, 'exact_with_capacity', '精确求解不支持容量限制；请去掉容量或改用贪心算法');
  }
  const model = await modelFor(knex, body.params);
  const s = await scenarioOver(knex, model, body.changes ?? []);
  const candidates = await candidatesFor(knex, body);
  if (candidates.length > BEST_SITES_LIMITS.candidates_max) {
    throw new HttpError(422, 'too_many_candidates', `候选点 ${candidates.length} 个，超过上限 ${BEST_SITES_LIMITS.candidates_max}；请加大格点间距`, { candidates: candidates.length });
  }
  if (body.method === 'exact' && candidates.length > BEST_SITES_LIMITS.exact_candidates_max) {
    throw new HttpError(422, 'exact_too_large', `精确求解最多 ${BEST_SITES_LIMITS.exact_candidates_max} 个候选点（现有 ${candidates.length} 个）；请加大格点间距或改用贪心算法`, { candidates: candidates.length });
  }
  const units = model.rows.map((u, i) => {
    const x = s.units[i]!;
    return {
      lng: u.lng, lat: u.lat, urban: u.urban, village_code: u.village_code,
      weight: body.objective === 'population' ? u.population_est : u.case_count,
      resp: x.responsible_mediators.length > 0,
      near: x.nearest_mediator_m !== null && x.nearest_mediator_m <= radiusFor(u.urban, model.radii),
    };
  });
  const r = bestSites({ units, candidates, radii: model.radii, k: body.k, capacity: body.capacity, method: body.method });
  let cumulative = r.baseline_value;
  const sites = r.sites.map((p, i) => {
    const c = candidates[p.candidate]!;
    cumulative += p.gain;
    return { rank: i + 1, lng: c.lng, lat: c.lat, village_code: c.village_code, village_name: c.village_name, gain: p.gain, units_gained: p.units_gained, cumulative };
  });
  const unit = body.objective === 'population' ? '人' : '件';
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  // Issue 17: plain words on screen, the exact statement (below) one click away; numbers formatted.
  const gap = Math.max(0, r.upper_bound - r.value);
  const guarantee_plain = r.method === 'exact'
    ? r.exact_complete
      ? `这是最优选址：在 ${fmt(candidates.length)} 个候选点中，没有哪 ${body.k} 个新站点能覆盖得更多。`
      : `计算量太大，已提前停止：这是目前找到的最好选址，最优选址最多比它多覆盖 ${fmt(gap)} ${unit}。`
    : `快速选址：逐个挑选能新增覆盖最多的地点${r.submodular ? '，结果至少达到最优选址的六成' : ''}；最优选址最多比它多覆盖 ${fmt(gap)} ${unit}。`;
  const guarantee = r.method === 'exact'
    ? r.exact_complete
      ? `精确解：在 ${fmt(candidates.length)} 个候选点中，${body.k} 个新站点能达到的最大覆盖量就是 ${fmt(r.value)} ${unit}（分支定界，已穷尽）。`
      : `精确求解超出计算量上限而中止：给出的是目前最好的解（不劣于贪心），最优值不超过 ${fmt(r.upper_bound)} ${unit}。`
    : (r.submodular
      ? `贪心算法：本数据中每个新站点都能单独覆盖它所触及的未覆盖单元（加权最大覆盖问题，单调子模），结果不低于最优解的 (1 − 1/e) ≈ 63.2%。`
      : body.capacity !== undefined
        ? `贪心算法（含容量限制）：容量限制下 (1 − 1/e) 近似界不成立，结果为启发式解。`
        : `贪心算法：部分单元需要两个新站点配合（一个负责、一个就近）才能覆盖，(1 − 1/e) 近似界不保证成立。`)
      + `事后上界：${body.k} 个新站点的最优覆盖量不超过 ${fmt(r.upper_bound)} ${unit}（当前 ${fmt(r.value)} ${unit}）。`;
  return {
    settings: model.settings, objective: body.objective, method: r.method, candidates: candidates.length,
    baseline_value: r.baseline_value, value: r.value, sites, guarantee, guarantee_plain,
    elapsed_ms: Math.round((performance.now() - t) * 10) / 10,
  };
}
