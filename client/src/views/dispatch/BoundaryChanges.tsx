// 边界调整影响: after an administrator commits new boundaries, the open cases whose grid or village changed
// are listed here for the dispatcher (the server re-located them; their mediator may no longer be responsible).
// Shows the most recent committed imports that moved any case; a click opens the case.
import { useState } from 'react';
import { boundariesApi, type BoundariesClient } from '../../api/boundaries.ts';
import type { ImportChanges } from '../../../../server/src/contract/boundaries.ts';
import { useFetched } from '../useFetched.ts';

const LEVEL_LABEL: Record<string, string> = { township: '乡镇', village: '村(社区)', grid: '网格' };

export interface BoundaryChangesProps {
  client?: BoundariesClient;
  onOpenCase(id: number): void;
}

export function BoundaryChanges({ client = boundariesApi, onOpenCase }: BoundaryChangesProps) {
  const imports = useFetched('imports', (signal) => client.imports(undefined, signal));
  const moved = (imports.data?.items ?? []).filter((i) => i.status === 'committed' && i.cases_changed > 0);
  const [openId, setOpenId] = useState<string | null>(null);
  const changes = useFetched<ImportChanges>(openId, (signal) => client.changes(openId!, signal));
  if (!moved.length) return null;
  return (
    <section className="panel boundary-changes" aria-label="边界调整影响的案件" data-testid="boundary-changes">
      <h3>边界调整影响的案件</h3>
      <ul className="boundary-change-imports">
        {moved.slice(0, 5).map((i) => (
          <li key={i.id}>
            <button type="button" className="link-button" aria-expanded={openId === i.id} onClick={() => setOpenId(openId === i.id ? null : i.id)}>
              {(i.committed_at ?? '').slice(0, 10)} {LEVEL_LABEL[i.level] ?? i.level}边界导入：{i.cases_changed} 件案件归属变化
            </button>
          </li>
        ))}
      </ul>
      {openId && changes.error && <p className="error-text">{changes.error.message}</p>}
      {openId && changes.data && changes.dataKey === openId && (
        <ul className="boundary-change-cases">
          {changes.data.cases.map((c) => (
            <li key={c.case_id}>
              <button type="button" className="link-button" onClick={() => onOpenCase(c.case_id)}>
                #{c.case_id} {c.title}
              </button>
              <span className="muted">
                {' '}网格 {c.old.grid_code ?? '—'} → {c.new.grid_code ?? '—'}{c.tribunal_changed ? '（对接法庭已变）' : ''}
              </span>
            </li>
          ))}
          {!changes.data.cases.length && <li className="muted">您的辖区内没有受影响的案件</li>}
        </ul>
      )}
    </section>
  );
}
