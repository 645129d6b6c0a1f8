// The assignment rule (分派规则), once: who is eligible, specialist first with its fallback, the score,
// the tie-break, the reasons a dispatcher reads, the exclusions and the advice. One pure function,
// `rank(facts, type, rule)`, run on facts from either source — the candidates SQL (db/sql/candidates.sql,
// services/dispatch/facts.ts) or the in-memory model (services/dispatch/model.ts) — and by the backlog
// batch on its pools. Nothing else decides who ranks where. The settings (radius, weights, …) are
// services/assignment-rule.ts; README "Assignment rule" describes both.
//
// Eligible: status `active`; open cases below `capacity`. Of the pool, district-wide mediators (tier 4)
//   count only when qualified, nearby ones (tier 5) only within `radius_m`.
// Qualified (match): 2 member of an organisation of the dispute's industry, 1 personal specialty, 0 none;
//   only specialist types have a match. A specialist type goes to qualified mediators while any is
//   eligible; the unqualified of tiers 1–3 are then excluded as `wrong_specialty`; when none is, the
//   others are offered, flagged (fallback).
// Score, highest first: W.tier × (6 − tier) + W.specialty × match + W.distance × proximity + W.load × spare,
//   proximity = max(0, 1 − distance / distance_scale_m) (no location: 0), spare = 1 − open / capacity;
//   rounded to 0.1. Ties: nearer (unrounded distance; none last), then lower id.
// By village (located.grid_code null: the place is known only to its village): the pool has no grid tier
//   and no nearby tier and no distances (proximity 0 for all), so within a tier the specialty, then the
//   spare capacity, then the id decide; no distance reason, no boundary warning.
import type { AssignmentTier, BoundaryWarning, ExclusionReason } from '../../contract/cases.ts';
import { EXCLUSION_REASONS } from '../../contract/cases.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import { DISPUTE_TYPES, SPECIALTIES } from '../../contract/vocab.ts';
import { ASSIGNMENT_RULE, formatDistance, isSpecialistType, type AssignmentRule } from '../assignment-rule.ts';

/** What the rule needs to know about one mediator of the pool (both fact sources give exactly this). */
export interface MediatorFact {
  mediator_id: number;
  name: string;
  status: string;
  organisation: string | null;
  organisation_industry: string | null;
  specialties: readonly string[];
  tier: AssignmentTier;
  /** The unit the tier refers to (grid/village/township name). */
  unit_name: string | null;
  /** Metres on the WGS84 spheroid, unrounded; null without a location. */
  distance_m: number | null;
  open_cases: number;
  capacity: number;
}

/**
 * Where the dispute is. `grid_code` null: known only to its village (an address the gazetteer matched to
 * a village): the ranking is then by village — no grid tier, no nearby tier, no distances, no boundary.
 */
export interface LocatedFact {
  grid_code: string | null; grid_name: string | null; village_code: string; village_name: string;
  township_code: string; township_name: string; tribunal_id: number | null; tribunal_name: string | null;
}

export interface NeighbourFact {
  code: string; name: string; village_code: string; village_name: string; township_code: string; township_name: string;
  /** Metres, rounded to 0.1. */
  distance_m: number;
}

export interface DispatchFacts<F extends MediatorFact = MediatorFact> {
  /** null: outside the district. */
  located: LocatedFact | null;
  pool: F[];
  /** Grids within boundary_warning_m (absent: no boundary check, as in the batch). */
  neighbours?: NeighbourFact[];
  /**
   * Distances estimated (the model's preview, model.ts `opts.estimate`): each pool member's `distance_m`
   * is then within `error(d)` metres of the exact one, and `exact(f)` gives the exact one (the same bits
   * as exact facts). rank asks for it only where it can change its answer: a nearby mediator near the
   * radius, and the members that can still be among the candidates it shows.
   */
  estimate?: { error: (d: number) => number; exact: (f: F) => number };
}

export interface RankedCandidate<F extends MediatorFact = MediatorFact> {
  fact: F;
  match: 0 | 1 | 2;
  fallback: boolean;
  score: number;
  /** Rounded to 0.1. */
  distance_m: number | null;
  reasons: string[];
}

export interface RankedExclusion {
  mediator_id: number; name: string; tier: AssignmentTier; reason: ExclusionReason; reason_text: string; open_cases: number; capacity: number;
}

export type Ranking<F extends MediatorFact = MediatorFact> =
  | { outcome: 'outside_district'; located: null; candidates: []; excluded: []; advice: string }
  | {
      outcome: 'candidates' | 'no_eligible_mediator';
      located: LocatedFact;
      candidates: RankedCandidate<F>[];
      /** How many more the rule ranks beyond `opts.limit` (at most max_candidates in all). */
      more: number;
      excluded: RankedExclusion[];
      boundary_warning?: BoundaryWarning;
      advice?: string;
    };

export const OUTSIDE_ADVICE = '该位置不在浉河区范围内：请核对坐标（高德、腾讯地图的坐标须选择 GCJ-02 坐标系）或改用地址定位；辖区外的纠纷请告知当事人向属地法院或调解组织申请。';

/**
 * PostgreSQL's `round(float8::numeric, 1)` (15 significant digits, then half away from zero), kept so stored values do not change.
 * Fast path, the same bits: cutting y to 15 significant digits moves it by at most 5e-15·|y|, so away from a
 * half (by far more than that) `Math.round` rounds y and its 15-digit form alike; only near a half is the
 * string form (0.3 µs) needed.
 */
export function round1(x: number): number {
  const y = x * 10;
  if (Math.abs(y - Math.floor(y) - 0.5) > 1e-9 * (1 + Math.abs(y))) return Math.round(y) / 10;
  return Math.round(Number(y.toPrecision(15))) / 10;
}

/** 2 organisation of the industry, 1 personal specialty, 0 none (and always 0 for a common type). */
export function matchOf(f: Pick<MediatorFact, 'organisation_industry' | 'specialties'>, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): 0 | 1 | 2 {
  if (!isSpecialistType(type, rule)) return 0;
  if (f.organisation_industry === type) return 2;
  return f.specialties.includes(type) ? 1 : 0;
}

function unavailable(f: MediatorFact): ExclusionReason | null {
  if (f.status === 'on_leave') return 'on_leave';
  if (f.status === 'withdrawn') return 'withdrawn';
  return f.open_cases >= f.capacity ? 'at_capacity' : null;
}

/**
 * The ranking of a pool for a dispute type: candidates best first (at most `rule.max_candidates`, or
 * `opts.limit`), the responsible mediators left out with their reason, the boundary warning and advice.
 */
export function rank<F extends MediatorFact>(facts: DispatchFacts<F>, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE, opts: { limit?: number } = {}): Ranking<F> {
  if (!facts.located) return { outcome: 'outside_district', located: null, candidates: [], excluded: [], advice: OUTSIDE_ADVICE };
  const specialist = isSpecialistType(type, rule);
  const byVillage = facts.located.grid_code === null;
  const W = rule.weights;
  const est = facts.estimate;
  // the score at a distance: monotone (never higher farther away), so bounds of d give bounds of the score
  const scoreAt = (f: F, match: number, d: number | null) => {
    const proximity = Math.max(0, 1 - (d ?? rule.distance_scale_m) / rule.distance_scale_m);
    return round1(W.tier * (6 - f.tier) + W.specialty * match + W.distance * proximity + W.load * (1 - f.open_cases / Math.max(f.capacity, 1)));
  };
  const excluded: RankedExclusion[] = [];
  const available: Scored<F>[] = [];
  for (const f of facts.pool) {
    const match = matchOf(f, type, rule);
    // district-wide mediators are responsible only for their specialty; tier 5 stops at the radius
    if (f.tier === 4 && match === 0) continue;
    const why = unavailable(f);
    if (f.tier === 5 && why) continue; // (a nearby mediator is never listed as excluded)
    let d = f.distance_m;
    let exact = !est || d === null;
    if (f.tier === 5) {
      if (d === null) continue;
      if (!exact && Math.abs(d - rule.radius_m) <= est!.error(d)) { d = est!.exact(f); exact = true; }
      if (d - (exact ? 0 : est!.error(d)) > rule.radius_m) continue;
    }
    if (why) {
      excluded.push(exclusion(f, why, type));
      continue;
    }
    const e = exact ? 0 : est!.error(d!);
    const lo = scoreAt(f, match, d === null ? null : d + e);
    available.push({ fact: f, match, d, exact, score: lo, hi: exact ? lo : scoreAt(f, match, Math.max(0, d! - e)) });
  }
  const anyQualified = available.some((a) => a.match > 0);
  let ranked = available.filter((a) => {
    // a specialist type goes to qualified mediators while any is available; the others only then
    if (specialist && anyQualified && a.match === 0) {
      if (a.fact.tier <= 3) excluded.push(exclusion(a.fact, 'wrong_specialty', type));
      return false;
    }
    return true;
  });
  const limit = Math.min(opts.limit ?? rule.max_candidates, rule.max_candidates);
  const more = Math.max(0, Math.min(ranked.length, rule.max_candidates) - limit);
  if (est) {
    // Only who can still be shown needs the exact distance: with T the limit-th best lower bound, a member
    // whose upper bound is below T has `limit` members scoring strictly more, each with an upper bound
    // ≥ T, so kept here; the exact scores of those kept order them as the exact scores of all would.
    if (ranked.length > limit) {
      const T = ranked.map((a) => a.score).sort((x, y) => y - x)[limit - 1]!;
      ranked = ranked.filter((a) => a.hi >= T);
    }
    for (const a of ranked) {
      if (a.exact) continue;
      a.d = est.exact(a.fact);
      a.score = a.hi = scoreAt(a.fact, a.match, a.d);
      a.exact = true;
    }
  }
  ranked.sort(byRank);
  const candidates = ranked.slice(0, limit).map((a): RankedCandidate<F> => {
    const fallback = specialist && a.match === 0;
    const distance = a.d === null ? null : round1(a.d);
    return { fact: a.fact, match: a.match, fallback, score: a.score, distance_m: distance, reasons: reasonsOf(a.fact, a.match, fallback, byVillage ? undefined : distance, type, rule) };
  });
  excluded.sort((a, b) => a.tier - b.tier || a.mediator_id - b.mediator_id);
  const warning = facts.neighbours && !byVillage ? boundaryWarning(facts.located, facts.neighbours, rule) : undefined;
  return {
    outcome: candidates.length ? 'candidates' : 'no_eligible_mediator',
    located: facts.located,
    candidates,
    more,
    excluded,
    ...(warning ? { boundary_warning: warning } : {}),
    ...(candidates.length ? {} : { advice: noEligibleAdvice(type, excluded.length, rule) }),
  };
}

/** An available pool member: its score (with an estimated distance: the lower bound, `hi` the upper). */
interface Scored<F extends MediatorFact> { fact: F; match: 0 | 1 | 2; d: number | null; exact: boolean; score: number; hi: number }

function byRank(a: Scored<MediatorFact>, b: Scored<MediatorFact>): number {
  if (a.score !== b.score) return b.score - a.score;
  const da = a.d, db = b.d;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return da - db;
  }
  return a.fact.mediator_id - b.fact.mediator_id;
}

function exclusion(f: MediatorFact, reason: ExclusionReason, type: DisputeType): RankedExclusion {
  return { mediator_id: f.mediator_id, name: f.name, tier: f.tier, reason, reason_text: exclusionText(reason, f, type), open_cases: f.open_cases, capacity: f.capacity };
}

/** The reasons a dispatcher reads, in Chinese, most important first (`distance` undefined: ranked by village, no distance). */
function reasonsOf(f: MediatorFact, match: number, fallback: boolean, distance: number | null | undefined, type: DisputeType, rule: AssignmentRule): string[] {
  const out: string[] = [];
  switch (f.tier) {
    case 1: out.push(`负责本网格（${f.unit_name ?? ''}）`); break;
    case 2: out.push(`负责本村（社区）（${f.unit_name ?? ''}）`); break;
    case 3: out.push(`负责本乡镇（街道）（${f.unit_name ?? ''}）`); break;
    case 4: out.push(`区级专业调解力量（${DISPUTE_TYPES[type]}）`); break;
    case 5: out.push(`周边 ${rule.radius_m / 1000} 公里内的调解员`); break;
  }
  if (match === 2) out.push(`专业对口：所属${f.organisation ?? '行业调解组织'}`);
  else if (match === 1) out.push(`专业对口：擅长${SPECIALTIES[type as keyof typeof SPECIALTIES] ?? DISPUTE_TYPES[type]}`);
  if (fallback) out.push('无可用的专业对口调解员，由负责本区域的调解员承接');
  if (distance !== undefined) out.push(`距离 ${formatDistance(distance)}`);
  out.push(`在办 ${f.open_cases}/${f.capacity} 件`);
  return out;
}

export function exclusionText(reason: ExclusionReason, r: { open_cases: number; capacity: number }, type: DisputeType): string {
  switch (reason) {
    case 'at_capacity': return `${EXCLUSION_REASONS.at_capacity}（在办 ${r.open_cases}/${r.capacity} 件）`;
    case 'wrong_specialty': return `${EXCLUSION_REASONS.wrong_specialty}（${DISPUTE_TYPES[type]}需专业对口调解员）`;
    default: return EXCLUSION_REASONS[reason];
  }
}

/** What to do when nobody is eligible: a dispatcher can act on this. */
export function noEligibleAdvice(type: DisputeType, excludedCount: number, rule: AssignmentRule = ASSIGNMENT_RULE): string {
  const parts = [`该位置 ${formatDistance(rule.radius_m)} 内没有可分派的调解员`];
  if (excludedCount > 0) parts.push(`负责本区域的 ${excludedCount} 名调解员均不可用（见排除名单）`);
  parts.push('可以：联系所属乡镇（街道）调委会或司法所增派人员；待在办案件结案后再分派；或在调解员名册中调整其容量或状态后重试');
  if (isSpecialistType(type, rule)) parts.push(`${DISPUTE_TYPES[type]}也可直接联系区级行业性调解组织`);
  return parts.join('；') + '。';
}

/** A point within boundary_warning_m of other grids: name them, and their village/township when different. */
export function boundaryWarning(here: LocatedFact, neighbours: NeighbourFact[], rule: AssignmentRule = ASSIGNMENT_RULE): BoundaryWarning | undefined {
  if (!neighbours.length) return undefined;
  const out: BoundaryWarning['neighbours'] = [];
  const seen = new Set<string>();
  const add = (level: 'grid' | 'village' | 'township', code: string, name: string, d: number) => {
    if (seen.has(`${level}:${code}`)) return;
    seen.add(`${level}:${code}`);
    out.push({ level, code, name, distance_m: d });
  };
  for (const n of neighbours) {
    add('grid', n.code, n.name, n.distance_m);
    if (n.village_code !== here.village_code) add('village', n.village_code, n.village_name, n.distance_m);
    if (n.township_code !== here.township_code) add('township', n.township_code, n.township_name, n.distance_m);
  }
  const near = out.filter((n) => n.level !== 'grid' || !out.some((o) => o.level === 'village' && n.code.startsWith(o.code)));
  const list = near.map((n) => `${n.name}（约 ${formatDistance(n.distance_m)}）`).join('、');
  return {
    message: `该位置靠近边界，距相邻的${list}不足 ${rule.boundary_warning_m} 米：请核实纠纷发生地属于${here.grid_name}（${here.village_name}）还是相邻单元`,
    neighbours: out,
  };
}
