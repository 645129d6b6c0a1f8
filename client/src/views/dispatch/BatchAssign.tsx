// 批量分派: the backlog batch (POST /api/assign/batch) behind a button of the queue. It asks first, with
// the number of pending cases in the dispatcher's scope, then reports what happened: how many were
// assigned and which were left pending, with the server's reason for each.
import { useState } from 'react';
import type { BatchReport } from '../../../../server/src/contract/cases.ts';
import { ApiError } from '../../api/client.ts';
import type { CasesClient } from '../../api/cases.ts';

export interface BatchAssignProps {
  client: CasesClient;
  /** The batch wrote: lists and the map reload. */
  onDone?: () => void;
  onOpenCase?: (id: number) => void;
}

type State =
  | { kind: 'idle' }
  | { kind: 'counting' }
  | { kind: 'confirm'; pending: number }
  | { kind: 'running'; pending: number }
  | { kind: 'done'; report: BatchReport }
  | { kind: 'error'; message: string };

const LEFT_REASONS: Record<BatchReport['left'][number]['reason'], string> = {
  no_eligible_mediator: '无可分派的调解员',
  outside_district: '不在本区范围内',
  not_located: '未能定位',
  facts_changed: '分派期间情况有变化',
};

/** The cases left pending, grouped by reason, largest group first. */
export function leftByReason(report: BatchReport): { reason: string; label: string; ids: number[]; message: string }[] {
  const groups = new Map<string, { reason: string; label: string; ids: number[]; message: string }>();
  for (const l of report.left) {
    const g = groups.get(l.reason) ?? { reason: l.reason, label: LEFT_REASONS[l.reason] ?? l.reason, ids: [], message: l.message };
    g.ids.push(l.case_id);
    groups.set(l.reason, g);
  }
  return [...groups.values()].sort((a, b) => b.ids.length - a.ids.length);
}

export function BatchAssign({ client, onDone, onOpenCase }: BatchAssignProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const close = () => setState({ kind: 'idle' });

  const ask = async () => {
    setState({ kind: 'counting' });
    try {
      const { total } = await client.list({ status: ['pending'], page_size: 1 });
      setState({ kind: 'confirm', pending: total });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof ApiError ? e.message : '待分流案件数读取失败' });
    }
  };

  const run = async (pending: number) => {
    setState({ kind: 'running', pending });
    try {
      const report = await client.batch();
      setState({ kind: 'done', report });
      onDone?.();
    } catch (e) {
      setState({ kind: 'error', message: e instanceof ApiError ? e.message : '批量分派失败，请稍后重试' });
    }
  };

  return (
    <>
      <button type="button" className="secondary-button small" data-testid="batch-open" disabled={state.kind === 'counting'} onClick={() => void ask()}>
        批量分派
      </button>
      {state.kind !== 'idle' && state.kind !== 'counting' && (
        <div className="registry-modal" role="dialog" aria-modal="true" aria-label="批量分派" data-testid="batch-dialog">
          <div className="registry-modal-card panel batch-card">
            <h3 className="panel-title">批量分派待分流案件</h3>
            {state.kind === 'confirm' && (
              state.pending === 0 ? (
                <>
                  <p>当前没有待分流的案件。</p>
                  <div className="form-actions"><button type="button" className="secondary-button" onClick={close}>关闭</button></div>
                </>
              ) : (
                <>
                  <p data-testid="batch-pending">
                    将按分派规则，把您辖区内 <b>{state.pending}</b> 件待分流案件一次分派给各自的首选调解员（由旧到新，不超过调解员容量）。
                  </p>
                  <p className="muted">无可分派调解员的案件保留为待分流，并列出原因。分派记录标为“批量分派”。</p>
                  <div className="form-actions">
                    <button type="button" className="secondary-button" onClick={close}>取消</button>
                    <button type="button" className="primary-button" data-testid="batch-confirm" onClick={() => void run(state.pending)}>
                      确认分派 {state.pending} 件
                    </button>
                  </div>
                </>
              )
            )}
            {state.kind === 'running' && <p role="status">正在分派 {state.pending} 件案件…</p>}
            {state.kind === 'error' && (
              <>
                <div className="banner banner-error" role="alert">{state.message}</div>
                <div className="form-actions"><button type="button" className="secondary-button" onClick={close}>关闭</button></div>
              </>
            )}
            {state.kind === 'done' && (
              <div data-testid="batch-result">
                <p role="status">
                  已分派 <b>{state.report.counts.assigned}</b> 件，保留待分流 <b>{state.report.counts.left}</b> 件（共 {state.report.counts.pending} 件）。
                </p>
                {leftByReason(state.report).map((g) => (
                  <div key={g.reason} className="batch-left">
                    <b>{g.label}（{g.ids.length} 件）</b>
                    <p className="muted small">{g.message}</p>
                    <p className="small">
                      {g.ids.slice(0, 30).map((id) => (
                        <button key={id} type="button" className="link-button" onClick={() => { close(); onOpenCase?.(id); }}>#{id}</button>
                      ))}
                      {g.ids.length > 30 && <span className="muted"> 等 {g.ids.length} 件</span>}
                    </p>
                  </div>
                ))}
                <div className="form-actions"><button type="button" className="primary-button" onClick={close}>完成</button></div>
              </div>
            )}
          </div>
        </div>
      )}
    </>
  );
}
