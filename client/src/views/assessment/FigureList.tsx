// The list behind a dashboard figure (GET /api/dashboard/list), in a dialog with a pager.
import { useState } from 'react';
import type { DashboardFigure } from '../../../../server/src/contract/assessment.ts';
import { assessmentApi, type AssessmentClient, type Period } from '../../api/assessment.ts';
import { useFetched } from '../useFetched.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { formatInt } from '../../lib/format.ts';

const PAGE = 20;

export function FigureList({ figure, period, onClose, client = assessmentApi }: { figure: DashboardFigure; period: Period; onClose(): void; client?: AssessmentClient }) {
  const [page, setPage] = useState(1);
  const list = useFetched(`${figure}|${period.from}|${period.to}|${page}`, (signal) => client.dashboardList(figure, { ...period, page, page_size: PAGE }, signal));
  const l = list.data;
  const pages = l ? Math.max(1, Math.ceil(l.total / PAGE)) : 1;
  return (
    <div className="figure-list-backdrop" role="presentation" onClick={onClose}>
      <section className="figure-list panel" role="dialog" aria-modal="true" aria-label={l?.label ?? '明细'} onClick={(e) => e.stopPropagation()} data-testid="figure-list">
        <header className="figure-list-head">
          <h3>{l?.label ?? '明细'}</h3>
          <span className="muted" data-testid="figure-list-total">{l ? `共 ${formatInt(l.total)} 条` : ''}</span>
          <button type="button" className="icon-button" aria-label="关闭" onClick={onClose}>×</button>
        </header>
        {list.error && <ErrorMessage message={list.error.message} onRetry={list.reload} />}
        {!l && !list.error && <Loading />}
        {l && (
          <div className="figure-list-body">
            {l.items.length === 0 ? (
              <p className="panel-empty">没有记录</p>
            ) : (
              <table className="data-table">
                <thead><tr>{l.columns.map((c) => <th key={c.key}>{c.label}</th>)}</tr></thead>
                <tbody>
                  {l.items.map((row, i) => (
                    <tr key={i}>{l.columns.map((c) => <td key={c.key}>{row[c.key] ?? '—'}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="pager">
              <button type="button" className="secondary-button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>上一页</button>
              <span>第 {page} / {pages} 页</span>
              <button type="button" className="secondary-button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>下一页</button>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
