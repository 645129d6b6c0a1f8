// 覆盖规划 (issue 6): uncovered units, what-if scenarios, best new sites.
// (Scaffold: filled in by the work.)
import type { Role } from '../../../../server/src/contract/auth.ts';

export function PlanningView(_props: { role?: Role }) {
  return <div className="view-center">建设中</div>;
}
