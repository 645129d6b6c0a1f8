// 领导驾驶舱 (issue 7): the one-screen view for court leadership.
// (Scaffold: filled in by the work.)
import type { Role } from '../../../../server/src/contract/auth.ts';

export function LeadershipView(_props: { role?: Role }) {
  return <div className="view-center">建设中</div>;
}
