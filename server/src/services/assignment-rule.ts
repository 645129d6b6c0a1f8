// The assignment rule (分派规则), in one place: who may take a dispute, in which order, and why.
// The candidates SQL (db/sql/candidates.sql) receives these values as parameters; the reasons a
// dispatcher reads are written here. The README section "Assignment rule" describes this file.
//
// Eligible: status `active`; open cases (pending/assigned/mediating with this mediator) below
//   `capacity`; qualified: for a specialist dispute type (SPECIALIST_DISPUTE_TYPES) only mediators with
//   the specialty or of an organisation of that industry, as long as at least one such mediator is
//   eligible; otherwise the other responsible mediators are offered, flagged "无专业对口调解员".
// Tiers, nearest responsibility first:
//   1 the mediators of the grid the point is in (service area level grid)
//   2 of its village (level village)   3 of its township (level township)
//   4 district-wide mediators (level district) whose specialty or organisation matches the type
//   5 any other eligible mediator within `radius_m` of the point (geodesic): the `nearby_limit`
//     nearest active ones by KNN, then cut at the radius; for a specialist type only qualified ones
// Rank: by score, highest first (ties: nearer, then lower id). The score is built so that the tier
//   always decides first, then specialty match, then distance and load weighed together:
//     score = W.tier × (6 − tier) + W.specialty × match + W.distance × proximity + W.load × spare
//   match 2 = member of an organisation of the dispute's industry, 1 = personal specialty, 0 = none;
//   proximity = max(0, 1 − distance / distance_scale_m); spare = 1 − open_cases / capacity.
//   With the defaults W.tier 1000 > 2 × W.specialty 100 > W.distance 80 + W.load 10, so no distance or
//   load ever outweighs a tier or a specialty. 1 km nearer is worth 8 points, a free share of the
//   whole capacity 10 points: load only decides between mediators less than about 1.25 km apart.
// Distance: metres on the WGS84 spheroid (PostGIS geography) from the case to the mediator's location.
import type { DisputeType } from '../contract/vocab.ts';
import { DISPUTE_TYPES, SPECIALIST_DISPUTE_TYPES, SPECIALTIES } from '../contract/vocab.ts';
import type { AssignmentRuleAnswer, AssignmentTier, ExclusionReason } from '../contract/cases.ts';
import { ASSIGNMENT_TIERS, EXCLUSION_REASONS } from '../contract/cases.ts';

export interface AssignmentRule {
  /** Tier 5 reaches this far (metres, geodesic). */
  radius_m: number;
  /** A point this close to a grid or village boundary gets a boundary warning (metres). */
  boundary_warning_m: number;
  /** At most this many nearby (tier 5) mediators are looked at, nearest first (KNN). */
  nearby_limit: number;
  /** At most this many candidates are returned. */
  max_candidates: number;
  /** Proximity falls linearly from 1 at the point to 0 at this distance (metres). */
  distance_scale_m: number;
  weights: { tier: number; specialty: number; distance: number; load: number };
  /** Dispute types that need a matching specialist first. */
  specialist_types: readonly DisputeType[];
}

export const ASSIGNMENT_RULE: Readonly<AssignmentRule> = Object.freeze({
  radius_m: 5_000,
  boundary_warning_m: 200,
  nearby_limit: 30,
  max_candidates: 20,
  distance_scale_m: 10_000,
  weights: Object.freeze({ tier: 1000, specialty: 100, distance: 80, load: 10 }),
  specialist_types: SPECIALIST_DISPUTE_TYPES,
});

export const isSpecialistType = (type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE) => rule.specialist_types.includes(type);

/** The SQL parameters of the rule for one dispute type (db/sql/candidates.sql). */
export function ruleParams(type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE) {
  return {
    type,
    specialist: isSpecialistType(type, rule),
    radius_m: rule.radius_m,
    boundary_m: rule.boundary_warning_m,
    nearby_limit: rule.nearby_limit,
    max_candidates: rule.max_candidates,
    distance_scale_m: rule.distance_scale_m,
    w_tier: rule.weights.tier,
    w_specialty: rule.weights.specialty,
    w_distance: rule.weights.distance,
    w_load: rule.weights.load,
  };
}

/** "1.2 公里" / "350 米". */
export function formatDistance(m: number | null): string {
  if (m === null || !Number.isFinite(m)) return '位置未登记';
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`;
}

export interface RankedRow {
  tier: AssignmentTier;
  match: number;
  distance_m: number | null;
  open_cases: number;
  capacity: number;
  organisation: string | null;
  organisation_industry: string | null;
  specialties: string[];
  /** The unit the tier refers to (grid/village/township name). */
  unit_name: string | null;
  /** True when no qualified specialist was eligible and this mediator is offered instead. */
  fallback: boolean;
}

/** The reasons a dispatcher reads, in Chinese, most important first. */
export function candidateReasons(r: RankedRow, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): string[] {
  const out: string[] = [];
  switch (r.tier) {
    case 1: out.push(`负责本网格（${r.unit_name ?? ''}）`); break;
    case 2: out.push(`负责本村（社区）（${r.unit_name ?? ''}）`); break;
    case 3: out.push(`负责本乡镇（街道）（${r.unit_name ?? ''}）`); break;
    case 4: out.push(`区级专业调解力量（${DISPUTE_TYPES[type]}）`); break;
    case 5: out.push(`周边 ${rule.radius_m / 1000} 公里内的调解员`); break;
  }
  if (r.match === 2) out.push(`专业对口：所属${r.organisation ?? '行业调解组织'}`);
  else if (r.match === 1) out.push(`专业对口：擅长${SPECIALTIES[type as keyof typeof SPECIALTIES] ?? DISPUTE_TYPES[type]}`);
  if (r.fallback) out.push('无可用的专业对口调解员，由负责本区域的调解员承接');
  out.push(`距离 ${formatDistance(r.distance_m)}`);
  out.push(`在办 ${r.open_cases}/${r.capacity} 件`);
  return out;
}

export function exclusionText(reason: ExclusionReason, r: { open_cases: number; capacity: number }, type: DisputeType): string {
  switch (reason) {
    case 'at_capacity': return `${EXCLUSION_REASONS.at_capacity}（在办 ${r.open_cases}/${r.capacity} 件）`;
    case 'wrong_specialty': return `${EXCLUSION_REASONS.wrong_specialty}（${DISPUTE_TYPES[type]}需专业对口调解员）`;
    default: return EXCLUSION_REASONS[reason];
  }
}

export const tierLabel = (t: AssignmentTier) => ASSIGNMENT_TIERS[t];

/** What to do when nobody is eligible: a dispatcher can act on this. */
export function noEligibleAdvice(type: DisputeType, excludedCount: number, rule: AssignmentRule = ASSIGNMENT_RULE): string {
  const parts = [`该位置 ${formatDistance(rule.radius_m)} 内没有可分派的调解员`];
  if (excludedCount > 0) parts.push(`负责本区域的 ${excludedCount} 名调解员均不可用（见排除名单）`);
  parts.push('可以：联系所属乡镇（街道）调委会或司法所增派人员；待在办案件结案后再分派；或在调解员名册中调整其容量或状态后重试');
  if (isSpecialistType(type, rule)) parts.push(`${DISPUTE_TYPES[type]}也可直接联系区级行业性调解组织`);
  return parts.join('；') + '。';
}

/** The rule as GET /api/assign/rule answers it: the values, the vocabularies and a description. */
export function ruleAnswer(preLitigationDays: number, rule: AssignmentRule = ASSIGNMENT_RULE): AssignmentRuleAnswer {
  const specialist = rule.specialist_types.map((t) => ({ type: t, label: DISPUTE_TYPES[t] }));
  const names = specialist.map((s) => s.label).join('、');
  const W = rule.weights;
  const tierText: Record<AssignmentTier, string> = {
    1: '纠纷发生地所在网格的调解员（网格员）',
    2: '所在村（社区）的调解员',
    3: '所在乡镇（街道）的调解员',
    4: `区级行业性、专业性调解组织的调解员（仅${names}等需专业调解的纠纷，须专业对口）`,
    5: `周边 ${formatDistance(rule.radius_m)}内的其他在岗调解员（取最近的 ${rule.nearby_limit} 名，排在以上各层之后）`,
  };
  const tiers = ([1, 2, 3, 4, 5] as const).map((t) => ({ tier: t, label: ASSIGNMENT_TIERS[t], description: tierText[t] }));
  return {
    radius_m: rule.radius_m,
    boundary_warning_m: rule.boundary_warning_m,
    nearby_limit: rule.nearby_limit,
    max_candidates: rule.max_candidates,
    distance_scale_m: rule.distance_scale_m,
    weights: { ...W },
    tiers,
    specialist_types: specialist,
    exclusions: (Object.keys(EXCLUSION_REASONS) as ExclusionReason[]).map((r) => ({ reason: r, label: EXCLUSION_REASONS[r] })),
    pre_litigation_days: preLitigationDays,
    description: [
      `可分派：在岗（非休假、非退出），且在办案件未达本人容量。`,
      `专业对口：${names}纠纷优先分给对应行业性、专业性调解组织的调解员或擅长该类纠纷的调解员；没有可用的专业对口调解员时，才由负责本区域的其他调解员承接（标注“无专业对口”）。`,
      `责任层级（由近及远）：${tiers.map((t) => `${t.tier}. ${t.description}`).join('；')}。`,
      `排序：先看责任层级，再看专业对口，然后综合距离（纠纷发生地到调解员所在地的 WGS84 椭球面距离）与在办案件量；得分 = ${W.tier}×(6−层级) + ${W.specialty}×专业对口(0/1/2) + ${W.distance}×(1−距离/${formatDistance(rule.distance_scale_m)}) + ${W.load}×(1−在办/容量)，距离和案件量永远不会压过层级和专业对口。`,
      `边界提示：纠纷发生地距网格或村（社区）边界不足 ${rule.boundary_warning_m} 米时，提示相邻单元，请核实归属。`,
      `无可分派调解员时给出处理建议，并列出未列入的负责调解员及原因（${Object.values(EXCLUSION_REASONS).join('、')}）；最多列出 ${rule.max_candidates} 名候选人。`,
      `调解期限：分派后 ${preLitigationDays} 天（诉前调解），可说明理由后延长。`,
    ],
  };
}
