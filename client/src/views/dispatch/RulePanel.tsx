// 分派规则: the assignment rule on screen, collapsible, as the server applies it (GET /api/assign/rule: tiers,
// specialist types, weights, radius). Before it answers (or if it cannot), a summary from the contract's
// vocabularies, without figures.
import { ASSIGNMENT_TIERS, EXCLUSION_REASONS, type AssignmentTier } from '../../../../server/src/contract/cases.ts';
import { DISPUTE_TYPES, SPECIALIST_DISPUTE_TYPES } from '../../../../server/src/contract/vocab.ts';
import type { AssignmentRuleInfo } from '../../api/cases.ts';
import { formatDistance } from './model.ts';

export function RulePanel({ rule }: { rule: AssignmentRuleInfo | null }) {
  if (!rule) {
    const specialist = SPECIALIST_DISPUTE_TYPES.map((t) => DISPUTE_TYPES[t]).join('、');
    return (
      <details className="rule-panel panel" data-testid="rule-panel">
        <summary>分派规则</summary>
        <div className="rule-body">
          <p><b>可分派</b>：在岗（非{EXCLUSION_REASONS.on_leave}、非{EXCLUSION_REASONS.withdrawn}），在办案件未达容量；{specialist}优先分给专业对口的调解员。</p>
          <p><b>责任层级</b>（由近及远）：</p>
          <ol>
            {(Object.keys(ASSIGNMENT_TIERS).map(Number) as AssignmentTier[]).map((t) => <li key={t}>{ASSIGNMENT_TIERS[t]}</li>)}
          </ol>
          <p><b>排序</b>：先看责任层级，再看专业对口，然后综合距离与在办案件量。</p>
        </div>
      </details>
    );
  }
  const W = rule.weights;
  return (
    <details className="rule-panel panel" data-testid="rule-panel">
      <summary>分派规则</summary>
      <div className="rule-body">
        <p><b>责任层级</b>（由近及远，先近后远）：</p>
        <ol data-testid="rule-tiers">
          {rule.tiers.map((t) => (
            <li key={t.tier} title={t.description}><b>{t.label}</b>：{t.description}</li>
          ))}
        </ol>
        <p><b>需专业调解的纠纷</b>：{rule.specialist_types.map((s) => s.label).join('、')}</p>
        <p>
          <b>得分</b>：层级 {W.tier} × (6 − 层级) + 专业对口 {W.specialty} × (0/1/2) + 距离 {W.distance} × (1 − 距离 / {formatDistance(rule.distance_scale_m)}) + 空闲 {W.load} × (1 − 在办 / 容量)
        </p>
        <p>
          <b>周边范围</b>：{formatDistance(rule.radius_m)}（最近 {rule.nearby_limit} 名）；<b>边界提示</b>：{rule.boundary_warning_m} 米内；
          <b>候选人</b>最多 {rule.max_candidates} 名；<b>调解期限</b>：分派后 {rule.pre_litigation_days} 天
        </p>
        <p><b>不列入的原因</b>：{rule.exclusions.map((e) => e.label).join('、')}</p>
        <ul className="rule-lines">
          {rule.description.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      </div>
    </details>
  );
}
