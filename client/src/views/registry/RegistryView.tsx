// 调解名册 (issue 5): mediators, organisations, tribunals; Excel import and export.
// (Scaffold: filled in by the work.)
import type { Role } from '../../../../server/src/contract/auth.ts';

export function RegistryView(_props: { role?: Role }) {
  return <div className="view-center">建设中</div>;
}
