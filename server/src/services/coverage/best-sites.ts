// Best k new sites, in memory and pure. Existing mediators stay; a new site at a candidate point is a
// hypothetical mediator responsible for the village it stands in (and its grids) and near every unit
// within that unit's radius. A unit is newly covered when, with the sites, it has someone responsible
// AND an active mediator within its radius (the rule of rule.ts).
//
// Greedy: k rounds, each taking the candidate with the largest gain of the objective (ties → the
// first candidate). When no uncovered unit needs two new sites together (one responsible, one near),
// the problem is a weighted maximum coverage (monotone and submodular) and greedy reaches at least (1 − 1/e) ≈
// 63.2 % of the optimum (Nemhauser, Wolsey & Fisher 1978); the answer says whether that holds for the
// data at hand. Always valid, whatever the data: the optimum of k sites is at most the greedy value plus
// the k largest "touch weights" (objective of the still uncovered units a candidate touches) after
// greedy — an a-posteriori upper bound, also given.
// Exact (k ≤ 3, no capacity): depth-first branch and bound over candidate sets, candidates sorted by
// touch weight; a branch is cut when its value plus the touch weights of the next picks cannot beat the
// best so far (valid because every newly covered unit is touched by at least one added site).
// Capacity C: a new site newly covers at most C of the objective, nearest units first (whole units);
// the units it cannot take stay as they were. The (1 − 1/e) bound does not hold then.
import { BEST_SITES_LIMITS } from '../../contract/coverage.ts';
import { MediatorIndex } from './nearest.ts';
import { radiusFor, type Radii } from './rule.ts';

export interface SiteUnit { lng: number; lat: number; urban: boolean; village_code: string; weight: number; resp: boolean; near: boolean }
export interface Candidate { lng: number; lat: number; village_code: string | null; village_name: string | null }

export interface BestSitesInput {
  units: readonly SiteUnit[];
  candidates: readonly Candidate[];
  radii: Radii;
  k: number;
  capacity?: number;
  method: 'greedy' | 'exact';
  /** Work limit of the exact search (touched-unit visits). */
  budget?: number;
}

export interface PickedSite { candidate: number; gain: number; units_gained: number }
export interface BestSitesResult {
  baseline_value: number;
  value: number;
  sites: PickedSite[];
  method: 'greedy' | 'exact';
  /** Every touched uncovered unit is covered by one candidate alone (greedy's (1 − 1/e) bound holds). */
  submodular: boolean;
  upper_bound: number;
  exact_complete: boolean;
}

interface Touch { u: number; d: number; resp: boolean; near: boolean }

class State {
  resp: Uint8Array; near: Uint8Array; covered: Uint8Array;
  constructor(units: readonly SiteUnit[]) {
    this.resp = Uint8Array.from(units, (u) => (u.resp ? 1 : 0));
    this.near = Uint8Array.from(units, (u) => (u.near ? 1 : 0));
    this.covered = Uint8Array.from(units, (u) => (u.resp && u.near ? 1 : 0));
  }
}

/** Which units each candidate touches (near: within the unit's radius; resp: in the candidate's village). */
function touches(units: readonly SiteUnit[], candidates: readonly Candidate[], radii: Radii): Touch[][] {
  const index = new MediatorIndex(units.map((u, i) => ({ id: i, lng: u.lng, lat: u.lat })));
  const byVillage = new Map<string, number[]>();
  units.forEach((u, i) => { const l = byVillage.get(u.village_code); if (l) l.push(i); else byVillage.set(u.village_code, [i]); });
  const maxR = Math.max(radii.radius_rural_m, radii.radius_urban_m);
  return candidates.map((c) => {
    const out = new Map<number, Touch>();
    for (const { i, d } of index.within(c.lng, c.lat, maxR)) {
      if (d <= radiusFor(units[i]!.urban, radii)) out.set(i, { u: i, d, resp: false, near: true });
    }
    for (const i of (c.village_code ? byVillage.get(c.village_code) : undefined) ?? []) {
      const t = out.get(i);
      if (t) t.resp = true;
      else out.set(i, { u: i, d: index.distance(i, c.lng, c.lat), resp: true, near: false });
    }
    return [...out.values()].sort((a, b) => a.d - b.d || a.u - b.u);
  });
}

function newlyCovered(ts: readonly Touch[], s: State, w: readonly number[], capacity: number | undefined): { gain: number; units: number[] } {
  let gain = 0;
  const units: number[] = [];
  for (const t of ts) {
    if (s.covered[t.u]) continue;
    if ((s.resp[t.u] || t.resp) && (s.near[t.u] || t.near)) {
      const wu = w[t.u]!;
      if (capacity !== undefined && gain + wu > capacity) continue;
      gain += wu;
      units.push(t.u);
    }
  }
  return { gain, units };
}

/** Applies a site; with `all`, every touched unit's flags change (no capacity), else only `units`. Returns an undo log. */
function apply(ts: readonly Touch[], s: State, units: number[] | null): number[] {
  const log: number[] = [];
  const take = units ? new Set(units) : null;
  for (const t of ts) {
    if (take && !take.has(t.u)) continue;
    log.push(t.u, s.resp[t.u]! | (s.near[t.u]! << 1) | (s.covered[t.u]! << 2));
    if (t.resp) s.resp[t.u] = 1;
    if (t.near) s.near[t.u] = 1;
    if (s.resp[t.u] && s.near[t.u]) s.covered[t.u] = 1;
  }
  return log;
}

function undo(s: State, log: number[]) {
  for (let j = log.length - 2; j >= 0; j -= 2) {
    const u = log[j]!, f = log[j + 1]!;
    s.resp[u] = f & 1; s.near[u] = (f >> 1) & 1; s.covered[u] = (f >> 2) & 1;
  }
}

const touchWeight = (ts: readonly Touch[], s: State, w: readonly number[]) => {
  let sum = 0;
  for (const t of ts) if (!s.covered[t.u]) sum += w[t.u]!;
  return sum;
};

function topSum(values: number[], k: number): number {
  return [...values].sort((a, b) => b - a).slice(0, k).reduce((a, b) => a + b, 0);
}

export function bestSites(input: BestSitesInput): BestSitesResult {
  const { units, candidates, radii, k, capacity } = input;
  const w = units.map((u) => u.weight);
  const T = touches(units, candidates, radii);
  const s = new State(units);
  const baseline = units.reduce((a, u, i) => a + (s.covered[i] ? u.weight : 0), 0);
  // Two sites are needed together only for a unit with a "responsible but not near" site AND a "near
  // but not responsible" site; without such a unit, a unit is covered iff the set holds a site that
  // covers it alone: a weighted maximum-coverage problem (monotone, submodular).
  const respOnly = new Uint8Array(units.length), nearOnly = new Uint8Array(units.length);
  for (const ts of T) for (const t of ts) {
    if (s.covered[t.u]) continue;
    if (t.resp && !t.near && !s.near[t.u]) respOnly[t.u] = 1;
    if (t.near && !t.resp && !s.resp[t.u]) nearOnly[t.u] = 1;
  }
  const submodular = !respOnly.some((x, u) => x === 1 && nearOnly[u] === 1);

  // Greedy.
  const chosen = new Set<number>();
  const sites: PickedSite[] = [];
  let value = baseline;
  for (let round = 0; round < k; round++) {
    let best = -1, bestGain = 0, bestUnits: number[] = [];
    for (let c = 0; c < T.length; c++) {
      if (chosen.has(c)) continue;
      const g = newlyCovered(T[c]!, s, w, capacity);
      if (g.gain > bestGain) { best = c; bestGain = g.gain; bestUnits = g.units; }
    }
    if (best < 0) break; // nothing left to gain
    chosen.add(best);
    apply(T[best]!, s, capacity === undefined ? null : bestUnits);
    value += bestGain;
    sites.push({ candidate: best, gain: bestGain, units_gained: bestUnits.length });
  }
  const upper = value + topSum(T.map((ts, c) => (chosen.has(c) ? 0 : touchWeight(ts, s, w))), k);
  const greedy: BestSitesResult = { baseline_value: baseline, value, sites, method: 'greedy', submodular: submodular && capacity === undefined, upper_bound: upper, exact_complete: false };
  if (input.method !== 'exact') return greedy;
  return exact(units, T, w, k, greedy, input.budget ?? 50_000_000);
}

function exact(units: readonly SiteUnit[], T: Touch[][], w: number[], k: number, greedy: BestSitesResult, budget: number): BestSitesResult {
  if (k > BEST_SITES_LIMITS.exact_k_max) throw new Error(`exact search limited to k ≤ ${BEST_SITES_LIMITS.exact_k_max}`);
  const s = new State(units);
  const tw = T.map((ts) => touchWeight(ts, s, w));
  const order = T.map((_, c) => c).filter((c) => tw[c]! > 0).sort((a, b) => tw[b]! - tw[a]! || a - b);
  let bestValue = greedy.value, bestSet: number[] = greedy.sites.map((p) => p.candidate);
  let work = 0, complete = true;
  const picked: number[] = [];
  const dfs = (start: number, depth: number, value: number) => {
    if (value > bestValue) { bestValue = value; bestSet = [...picked]; }
    if (depth === k) return;
    for (let j = start; j < order.length; j++) {
      let bound = value;
      for (let q = j; q < Math.min(order.length, j + (k - depth)); q++) bound += tw[order[q]!]!;
      if (bound <= bestValue) break; // later candidates touch even less
      if (work > budget) { complete = false; return; }
      const ts = T[order[j]!]!;
      work += ts.length;
      const g = newlyCovered(ts, s, w, undefined);
      const log = apply(ts, s, null);
      picked.push(order[j]!);
      dfs(j + 1, depth + 1, value + g.gain);
      picked.pop();
      undo(s, log);
      if (!complete) return;
    }
  };
  dfs(0, 0, greedy.baseline_value);
  // Marginal gains of the chosen set, in the order a greedy pass over it would take them.
  const s2 = new State(units);
  const rest = new Set(bestSet);
  const sites: PickedSite[] = [];
  while (rest.size) {
    let pick = -1, g: { gain: number; units: number[] } = { gain: -1, units: [] };
    for (const c of rest) { const x = newlyCovered(T[c]!, s2, w, undefined); if (x.gain > g.gain || (x.gain === g.gain && c < pick)) { pick = c; g = x; } }
    rest.delete(pick);
    apply(T[pick]!, s2, null);
    sites.push({ candidate: pick, gain: g.gain, units_gained: g.units.length });
  }
  return { ...greedy, value: bestValue, sites, method: 'exact', exact_complete: complete, upper_bound: complete ? bestValue : greedy.upper_bound };
}
