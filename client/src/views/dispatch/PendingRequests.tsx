// What waits across cases (issue 14): extension requests for the dispatcher to decide (延期申请待审批)
// and guidance questions not yet answered (指导请求待答复). The dispatcher decides and answers in the case
// file (each row links to /cases/:id, case-work/Requests.tsx); a leader has no case view, so a leader
// answers here (`answerHere`), with the same request as the case file.
import { useState, type ReactNode } from 'react';
import type { PendingExtension, PendingGuidance, PendingList } from '../../../../server/src/contract/case-work.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../../server/src/contract/vocab.ts';
import { caseWorkApi, type CaseWorkClient } from '../../api/case-work.ts';
import { pendingApi, type PendingClient } from '../../api/pending.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { followLink } from '../../router.ts';
import { useFetched, type Fetched } from '../useFetched.ts';
import { formatDay } from './model.ts';
import '../case-work/case-work.css';

export interface PendingRequestsProps {
  /** Show the extension requests (dispatcher, admin). */
  extensions: boolean;
  /** Answer guidance questions here instead of linking to the case (leader). */
  answerHere?: boolean;
  client?: PendingClient;
  work?: CaseWorkClient;
}

export function PendingRequests({ extensions, answerHere = false, client = pendingApi, work = caseWorkApi }: PendingRequestsProps) {
  const [reload, setReload] = useState(0);
  const ext = useFetched(extensions ? `pending-ext|${reload}` : null, (signal) => client.extensions(signal));
  const guid = useFetched(`pending-guid|${reload}`, (signal) => client.guidance(signal));
  return (
    <div className="pending-requests" data-testid="pending-requests">
      {extensions && (
        <Section title="延期申请待审批" list={ext} empty="没有待审批的延期申请。" testId="pending-extensions" render={(x: PendingExtension) => (
          <>
            <CaseLink x={x} />
            <div className="small">申请延长 {x.days} 天 · {x.requested_by ?? '—'} · {formatDay(x.requested_at)}</div>
            {x.reason && <div className="small muted">理由：{x.reason}</div>}
          </>
        )} />
      )}
      <Section title="指导请求待答复" list={guid} empty="没有待答复的指导请求。" testId="pending-guidance" render={(g: PendingGuidance) => (
        <>
          <CaseLink x={g} />
          <div className="small">{g.mode_label} · {g.requested_by ?? '—'} · {formatDay(g.requested_at)}</div>
          <div className="small">问题：{g.question ?? '—'}</div>
          {answerHere && <Answer id={g.id} work={work} onDone={() => setReload((n) => n + 1)} />}
        </>
      )} />
    </div>
  );
}

function Section<T extends { id: number }>({ title, list, empty, testId, render }: {
  title: string; list: Fetched<PendingList<T>>; empty: string; testId: string; render: (x: T) => ReactNode;
}) {
  return (
    <section className="panel pending-section" aria-label={title} data-testid={testId}>
      <h3 className="panel-title">{title}{list.data ? `（${list.data.total}）` : ''}</h3>
      {list.error && <ErrorMessage message={`加载失败：${list.error.message}`} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading text="正在加载…" />}
      {list.data && list.data.items.length === 0 && <p className="panel-empty">{empty}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="cw-list">{list.data.items.map((x) => <li key={x.id}>{render(x)}</li>)}</ul>
      )}
      {list.data && list.data.total > list.data.items.length && <p className="muted small">仅显示最早的 {list.data.items.length} 条</p>}
    </section>
  );
}

function CaseLink({ x }: { x: { case_id: number; case_title: string; case_status: string; deadline: string | null } }) {
  const path = `/cases/${x.case_id}`;
  return (
    <div>
      <a href={path} onClick={(e) => followLink(e, path)} data-testid={`pending-case-${x.case_id}`}>#{x.case_id} {x.case_title}</a>
      {' '}<span className="tag">{CASE_STATUSES[x.case_status as CaseStatus] ?? x.case_status}</span>
      {x.deadline && <span className="muted small"> 期限 {formatDay(x.deadline)}</span>}
    </div>
  );
}

function Answer({ id, work, onDone }: { id: number; work: CaseWorkClient; onDone: () => void }) {
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form className="cw-form" aria-label="答复指导请求" onSubmit={async (e) => {
      e.preventDefault();
      if (!answer.trim()) return;
      setBusy(true);
      setError(null);
      try {
        await work.answerGuidance(id, answer.trim());
        setAnswer('');
        onDone();
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
    }}>
      <textarea rows={2} maxLength={2000} value={answer} onChange={(e) => setAnswer(e.target.value)} aria-label="指导答复" />
      {error && <span className="field-error" role="alert">{error}</span>}
      <div className="cw-actions"><button type="submit" className="cw-button primary" disabled={busy || !answer.trim()} data-testid={`pending-answer-${id}`}>答复</button></div>
    </form>
  );
}
