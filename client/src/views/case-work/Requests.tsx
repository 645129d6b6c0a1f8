// What the mediator asks of others: more time (the dispatcher approves or refuses in the same place) and
// a judge's guidance on a question (a dispatcher or a leader answers it).
import { useState, type FormEvent } from 'react';
import { EXTENSION_STATUSES, type ExtensionRequestView } from '../../../../server/src/contract/case-work.ts';
import { GUIDANCE_MODES, type CaseDetail, type GuidanceMode } from '../../../../server/src/contract/cases.ts';
import type { CaseWorkClient } from '../../api/case-work.ts';
import { formatDay } from '../dispatch/model.ts';
import type { Run } from './CaseWorkPanel.tsx';

interface Common { detail: CaseDetail; busy: boolean; client: CaseWorkClient; run: Run }

export function ExtensionRequests({ detail, requests, mayAsk, mayDecide, busy, client, run }: Common & { requests: ExtensionRequestView[]; mayAsk: boolean; mayDecide: boolean }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState('15');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const openCase = detail.status === 'assigned' || detail.status === 'mediating';
  const pending = requests.some((r) => r.status === 'pending');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days);
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 90) return setError('延长天数须为 1 至 90 的整数');
    if (!reason.trim()) return setError('请填写延期理由');
    setError(null);
    if (await run('已提交延期申请，等待分流员审批', (o) => client.requestExtension(detail.id, { days: n, reason: reason.trim() }, o))) {
      setOpen(false);
      setReason('');
    }
  };
  return (
    <>
      {requests.length > 0 && (
        <ul className="cw-list" data-testid="extension-list">
          {requests.map((r) => (
            <li key={r.id}>
              <span className="tag">{EXTENSION_STATUSES[r.status]}</span> 延长 {r.days} 天 · <span className="muted">{formatDay(r.requested_at)}{r.requested_by ? ` · ${r.requested_by}` : ''}</span>
              {r.reason && <div className="small">理由：{r.reason}</div>}
              {r.decision_note && <div className="small">审批意见：{r.decision_note}</div>}
              {mayDecide && r.status === 'pending' && openCase && (
                <div className="cw-actions">
                  <button type="button" className="cw-button primary" disabled={busy} data-testid={`extension-approve-${r.id}`}
                    onClick={() => void run('已同意延期', (o) => client.decideExtension(r.id, { version: detail.version, approve: true }, o))}>同意延期</button>
                  <button type="button" className="cw-button danger" disabled={busy}
                    onClick={() => void run('已不同意延期', (o) => client.decideExtension(r.id, { version: detail.version, approve: false }, o))}>不同意</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayAsk && openCase && !pending && !open && (
        <div className="cw-actions"><button type="button" className="cw-button" onClick={() => setOpen(true)} data-testid="extension-open">申请延长调解期限</button></div>
      )}
      {mayAsk && openCase && open && (
        <form className="cw-form" onSubmit={submit} aria-label="申请延长调解期限">
          <div className="cw-row">
            <label className="field"><span className="field-label">延长天数</span>
              <input type="text" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} aria-label="延长天数" /></label>
          </div>
          <label className="field"><span className="field-label">理由</span>
            <textarea rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="延期理由" placeholder="如：当事人外出务工，经双方同意延期" /></label>
          {error && <span className="field-error" role="alert">{error}</span>}
          <div className="cw-actions">
            <button type="button" className="cw-button" onClick={() => setOpen(false)}>取消</button>
            <button type="submit" className="cw-button primary" disabled={busy} data-testid="extension-submit">提交申请</button>
          </div>
        </form>
      )}
    </>
  );
}

export function GuidanceWork({ detail, mayAsk, mayAnswer, busy, client, run }: Common & { mayAsk: boolean; mayAnswer: boolean }) {
  const [mode, setMode] = useState<GuidanceMode>('legal_guidance');
  const [question, setQuestion] = useState('');
  const unanswered = detail.guidance.filter((g) => !g.outcome);
  return (
    <>
      {mayAnswer && unanswered.map((g) => (
        <AnswerForm key={g.id} question={g.note} busy={busy} onAnswer={(answer) => run('已答复指导请求', (o) => client.answerGuidance(g.id, answer, o))} />
      ))}
      {mayAsk && (
        <form className="cw-form" aria-label="申请法官指导" onSubmit={async (e) => {
          e.preventDefault();
          if (!question.trim()) return;
          if (await run('已提交指导请求', (o) => client.askGuidance(detail.id, mode, question.trim(), o))) setQuestion('');
        }}>
          <label className="field"><span className="field-label">指导方式</span>
            <select value={mode} onChange={(e) => setMode(e.target.value as GuidanceMode)} aria-label="指导方式">
              {(Object.keys(GUIDANCE_MODES) as GuidanceMode[]).map((m) => <option key={m} value={m}>{GUIDANCE_MODES[m]}</option>)}
            </select></label>
          <label className="field"><span className="field-label">要请教的问题</span>
            <textarea rows={2} maxLength={2000} value={question} onChange={(e) => setQuestion(e.target.value)} aria-label="要请教的问题" /></label>
          <div className="cw-actions"><button type="submit" className="cw-button" disabled={busy || !question.trim()} data-testid="guidance-ask">请求法官指导</button></div>
        </form>
      )}
      {!mayAsk && !(mayAnswer && unanswered.length) && <p className="muted small">指导请求及答复见下方“法官指导”。</p>}
    </>
  );
}

function AnswerForm({ question, busy, onAnswer }: { question: string | null; busy: boolean; onAnswer: (answer: string) => Promise<boolean> }) {
  const [answer, setAnswer] = useState('');
  return (
    <form className="cw-form" aria-label="答复指导请求" onSubmit={async (e) => {
      e.preventDefault();
      if (answer.trim() && (await onAnswer(answer.trim()))) setAnswer('');
    }}>
      <div className="small">问题：{question ?? '—'}</div>
      <textarea rows={2} maxLength={2000} value={answer} onChange={(e) => setAnswer(e.target.value)} aria-label="指导答复" />
      <div className="cw-actions"><button type="submit" className="cw-button primary" disabled={busy || !answer.trim()}>答复</button></div>
    </form>
  );
}
