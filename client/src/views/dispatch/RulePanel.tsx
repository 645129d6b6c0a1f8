// 分派规则: the assignment rule on screen, collapsible. The server's own description when it gives one
// (GET /api/assign/rule), else built from the contract's vocabularies (tiers, exclusions, specialist types).
import { ASSIGNMENT_TIERS, EXCLUSION_REASONS, type AssignmentTier } from '../../../../server/src/contract/cases.ts';
import { DISPUTE_TYPES, SPECIALIST_DISPUTE_TYPES, type DisputeType } from '../../../../server/src/contract/vocab.ts';
import type { AssignmentRuleInfo } from '../../api/cases.ts';
import { formatDistance } from './model.ts';

export function RulePanel({ rule }: { rule: AssignmentRuleInfo | null }) {
  const specialist = (rule?.specialist_types ?? SPECIALIST_DISPUTE_TYPES).map((t: DisputeType) => DISPUTE_TYPES[t]).join('、');
  const radius = rule ? `${formatDistance(rule.radius_m)}内` : '一定范围内';
  const tiers = (Object.keys(ASSIGNMENT_TIERS).map(Number) as AssignmentTier[]).map((t) => ({
    t,
    label: ASSIGNMENT_TIERS[t],
    note: t === 4 ? `（${specialist}等需专业调解的纠纷）` : t === 5 ? `（${radius}的其他可分派调解员）` : '',
  }));
  return (
    <details className="rule-panel panel" data-testid="rule-panel">
      <summary>分派规则</summary>
      {rule?.description?.length ? (
        <ul className="rule-lines">
          {rule.description.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ) : (
        <div className="rule-body">
          <p><b>可分派</b>：在岗（非{EXCLUSION_REASONS.on_leave}、非{EXCLUSION_REASONS.withdrawn}），在办案件未达容量；{specialist}优先分给对应行业性、专业性调解组织的调解员或擅长该类纠纷的调解员。</p>
          <p><b>责任层级</b>（由近及远）：</p>
          <ol>
            {tiers.map((x) => (
              <li key={x.t}>{x.label}{x.note}</li>
            ))}
          </ol>
          <p><b>排序</b>：先看责任层级，再看专业对口，然后综合距离（WGS84 椭球面距离）与在办案件量。</p>
          <p><b>边界提示</b>：纠纷发生地靠近网格或村（社区）边界{rule ? `（${rule.boundary_warning_m} 米内）` : ''}时提示相邻单元，请核实归属。</p>
          <p><b>无可分派调解员</b>时给出处理建议，并列出未列入的调解员及原因（{Object.values(EXCLUSION_REASONS).join('、')}）。</p>
          {rule?.pre_litigation_days && <p><b>调解期限</b>：分派后 {rule.pre_litigation_days} 天，经同意可延长。</p>}
        </div>
      )}
    </details>
  );
}
