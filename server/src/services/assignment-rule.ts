// The assignment rule's settings (分派规则): radius, weights, limits, the specialist types, and the rule
// as GET /api/assign/rule describes it. The rule itself — eligibility, score, order, reasons — is the
// pure function services/dispatch/rule.ts `rank`. The README section "Assignment rule" describes both.
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
import { DISPUTE_TYPES, SPECIALIST_DISPUTE_TYPES } from '../contract/vocab.ts';
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

/** "1.2 公里" / "350 米". */
export function formatDistance(m: number | null): string {
  if (m === null || !Number.isFinite(m)) return '位置未登记';
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`;
}

export const tierLabel = (t: AssignmentTier) => ASSIGNMENT_TIERS[t];

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
