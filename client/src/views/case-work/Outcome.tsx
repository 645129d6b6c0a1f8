// Closing the case with its outcome (调解成功 / 调解失败, 结果说明, the agreement amount) and, once settled,
// the mark for judicial confirmation (司法确认: a flag and its day).
import { useState, type FormEvent } from 'react';
import type { CaseDetail } from '../../../../server/src/contract/cases.ts';
import type { CaseWork } from '../../../../server/src/contract/case-work.ts';
import type { CaseWorkClient } from '../../api/case-work.ts';
import { formatDay } from '../dispatch/model.ts';
import type { Run } from './CaseWorkPanel.tsx';

interface Props { detail: CaseDetail; outcome: CaseWork['outcome']; mayWork: boolean; busy: boolean; client: CaseWorkClient; run: Run }

/** The amount as typed (yuan, up to two decimals), or undefined when empty; NaN when it is no amount. */
export function parseAmount(s: string): number | undefined {
  const t = s.trim().replace(/[,，]/g, '');
  if (!t) return undefined;
  return /^\d{1,11}(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN;
}

export function Outcome({ detail, outcome, mayWork, busy, client, run }: Props) {
  const [result, setResult] = useState<'settled' | 'failed' | null>(null);
  const closed = detail.status === 'settled' || detail.status === 'failed';
  return (
    <>
      {closed && (
        <div className="cw-outcome" data-testid="outcome-shown">
          <b>{detail.status === 'settled' ? '调解成功' : '调解失败'}</b>
          {outcome.note && <div className="small prewrap">{outcome.note}</div>}
          {outcome.agreement_amount !== null && <div className="small">协议金额：{outcome.agreement_amount.toLocaleString('zh-CN')} 元</div>}
          {outcome.judicial_confirmation && <div className="small">已申请司法确认（{formatDay(`${outcome.judicial_confirmation_on}T12:00:00+08:00`)}）</div>}
        </div>
      )}
      {!closed && detail.status !== 'mediating' && <p className="muted small">案件进入调解后可登记结果。</p>}
      {mayWork && detail.status === 'mediating' && (
        <div className="cw-actions">
          <button type="button" className={`cw-button${result === 'settled' ? ' primary' : ''}`} onClick={() => setResult('settled')} data-testid="outcome-settled">调解成功</button>
          <button type="button" className={`cw-button danger${result === 'failed' ? ' primary' : ''}`} onClick={() => setResult('failed')} data-testid="outcome-failed">调解失败</button>
        </div>
      )}
      {mayWork && detail.status === 'mediating' && result && (
        <OutcomeForm result={result} busy={busy} onCancel={() => setResult(null)} onSubmit={async (note, amount) => {
          const ok = await run(result === 'settled' ? '已登记调解成功' : '已登记调解失败', (o) => client.close(detail.id, {
            version: detail.version, result, note, ...(amount !== undefined ? { agreement_amount: amount } : {}),
          }, o));
          if (ok) setResult(null);
        }} />
      )}
      {mayWork && detail.status === 'settled' && <JudicialForm detail={detail} outcome={outcome} busy={busy} client={client} run={run} />}
    </>
  );
}

function OutcomeForm({ result, busy, onSubmit, onCancel }: { result: 'settled' | 'failed'; busy: boolean; onSubmit: (note: string, amount?: number) => Promise<void>; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setError(result === 'settled' ? '请填写结果说明（达成的协议内容）' : '请填写调解不成的原因');
    const a = result === 'settled' ? parseAmount(amount) : undefined;
    if (a !== undefined && Number.isNaN(a)) return setError('协议金额应为数字（元），最多两位小数');
    setError(null);
    await onSubmit(note.trim(), a);
  };
  return (
    <form className="cw-form" onSubmit={submit} aria-label={result === 'settled' ? '登记调解成功' : '登记调解失败'}>
      <label className="field"><span className="field-label">结果说明</span>
        <textarea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-label="结果说明"
          placeholder={result === 'settled' ? '双方达成的协议内容' : '调解不成的原因'} /></label>
      {result === 'settled' && (
        <label className="field"><span className="field-label">协议金额（元，选填）</span>
          <input type="text" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-label="协议金额" /></label>
      )}
      {error && <span className="field-error" role="alert">{error}</span>}
      <div className="cw-actions">
        <button type="button" className="cw-button" onClick={onCancel}>取消</button>
        <button type="submit" className="cw-button primary" disabled={busy} data-testid="outcome-submit">确认{result === 'settled' ? '调解成功' : '调解失败'}</button>
      </div>
    </form>
  );
}

function JudicialForm({ detail, outcome, busy, client, run }: { detail: CaseDetail; outcome: CaseWork['outcome']; busy: boolean; client: CaseWorkClient; run: Run }) {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [on, setOn] = useState(outcome.judicial_confirmation_on ?? today);
  if (outcome.judicial_confirmation) {
    return (
      <div className="cw-actions">
        <button type="button" className="cw-button" disabled={busy} data-testid="judicial-undo"
          onClick={() => void run('已取消司法确认标记', (o) => client.judicial(detail.id, { version: detail.version, confirmed: false }, o))}>取消司法确认标记</button>
      </div>
    );
  }
  return (
    <form className="cw-form" aria-label="申请司法确认" onSubmit={(e) => {
      e.preventDefault();
      void run('已标记申请司法确认', (o) => client.judicial(detail.id, { version: detail.version, confirmed: true, on }, o));
    }}>
      <label className="field"><span className="field-label">申请司法确认日期</span>
        <input type="date" value={on} onChange={(e) => setOn(e.target.value)} aria-label="申请司法确认日期" /></label>
      <div className="cw-actions">
        <button type="submit" className="cw-button" disabled={busy || !on} data-testid="judicial-submit">标记申请司法确认</button>
      </div>
    </form>
  );
}
