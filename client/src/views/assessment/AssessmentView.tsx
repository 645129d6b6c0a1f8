// 考核统计 (issue 7): performance, training, legal publicity.
// (Scaffold: filled in by the work.)
import type { Role } from '../../../../server/src/contract/auth.ts';

export function AssessmentView(_props: { role?: Role }) {
  return <div className="view-center">建设中</div>;
}
