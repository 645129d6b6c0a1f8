// 公开名录 (issue 5): the public directory, no login, printable.
// (Scaffold: filled in by the work.)
import type { Role } from '../../../../server/src/contract/auth.ts';

export function PublicDirectoryView(_props: { role?: Role }) {
  return <div className="view-center">建设中</div>;
}
