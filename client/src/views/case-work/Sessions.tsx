// Mediation sessions (调解记录): 时间、地点、参与人、经过、结果, listed oldest first, and the form to add one.
import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../../server/src/contract/case-work.ts';
import type { CaseWorkClient } from '../../api/case-work.ts';
import { formatDateTime } from '../dispatch/model.ts';
import { beijingIso, beijingNowLocal } from './links.ts';
import type { Run } from './CaseWorkPanel.tsx';

interface Props { caseId: number; sessions: SessionView[]; canAdd: boolean; busy: boolean; client: CaseWorkClient; run: Run }

export function Sessions({ caseId, sessions, canAdd, busy, client, run }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {sessions.length > 0 && (
        <ul className="cw-list" data-testid="session-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <b>{formatDateTime(s.held_at)}</b>{s.place ? ` · ${s.place}` : ''}
              {s.participants && <div className="small">参与人：{s.participants}</div>}
              {s.account && <div className="small prewrap">经过：{s.account}</div>}
              {s.result && <div className="small">结果：{s.result}</div>}
            </li>
          ))}
        </ul>
      )}
      {canAdd && !open && (
        <div className="cw-actions">
          <button type="button" className="cw-button" onClick={() => setOpen(true)} data-testid="session-open">+ 登记调解记录</button>
        </div>
      )}
      {canAdd && open && (
        <SessionForm busy={busy} onCancel={() => setOpen(false)} onSubmit={async (b) => {
          if (await run('已登记调解记录', (o) => client.addSession(caseId, b, o))) setOpen(false);
        }} />
      )}
    </>
  );
}

function SessionForm({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit: (b: { held_at: string; place: string; participants: string; account: string; result: string }) => Promise<void>; onCancel: () => void }) {
  const [when, setWhen] = useState(beijingNowLocal());
  const [place, setPlace] = useState('');
  const [participants, setParticipants] = useState('');
  const [account, setAccount] = useState('');
  const [result, setResult] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const held = beijingIso(when);
    if (!held) return setError('请填写调解时间');
    if (![place, participants, account, result].every((x) => x.trim())) return setError('请填写地点、参与人、经过和结果');
    setError(null);
    await onSubmit({ held_at: held, place: place.trim(), participants: participants.trim(), account: account.trim(), result: result.trim() });
  };
  return (
    <form className="cw-form" onSubmit={submit} aria-label="登记调解记录">
      <label className="field"><span className="field-label">时间</span>
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-label="调解时间" /></label>
      <label className="field"><span className="field-label">地点</span>
        <input type="text" maxLength={200} value={place} onChange={(e) => setPlace(e.target.value)} aria-label="调解地点" placeholder="如：村委会调解室" /></label>
      <label className="field"><span className="field-label">参与人</span>
        <input type="text" maxLength={500} value={participants} onChange={(e) => setParticipants(e.target.value)} aria-label="参与人" /></label>
      <label className="field"><span className="field-label">经过</span>
        <textarea rows={3} maxLength={5000} value={account} onChange={(e) => setAccount(e.target.value)} aria-label="调解经过" /></label>
      <label className="field"><span className="field-label">结果</span>
        <textarea rows={2} maxLength={2000} value={result} onChange={(e) => setResult(e.target.value)} aria-label="本次调解结果" /></label>
      {error && <span className="field-error" role="alert">{error}</span>}
      <div className="cw-actions">
        <button type="button" className="cw-button" onClick={onCancel}>取消</button>
        <button type="submit" className="cw-button primary" disabled={busy} data-testid="session-submit">保存调解记录</button>
      </div>
    </form>
  );
}
