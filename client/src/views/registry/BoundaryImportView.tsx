// 边界导入 (issue 5): upload, preview against current boundaries, commit.
// (Scaffold: filled in by the work.)
import type { Role } from '../../../../server/src/contract/auth.ts';

export function BoundaryImportView(_props: { role?: Role }) {
  return <div className="view-center">建设中</div>;
}
