// The case file: deadline with days left and its extension, the status changes the state machine allows,
// parties (as masked by the server), assignment history, supervision notes, judge-guidance requests, timeline.
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CASE_EVENT_KINDS, GUIDANCE_MODES, PARTY_ROLES, type CaseDetail, type GuidanceMode, type GuidancePatch, type TimelineEntry,
} from '../../../../server/src/contract/cases.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { CASE_STATUSES, DISPUTE_TYPES, type CaseStatus } from '../../../../server/src/contract/vocab.ts';
import { allowedTransitions, canExtend, deadlineInfo, formatDateTime, formatDay, formatDistance } from './model.ts';
import { DateField } from '../../components/DateField.tsx';
import { PrecisionTag } from './LocationPrecision.tsx';

/** Each action resolves true when it succeeded (its form is then cleared). */
export interface CaseFileActions {
  onStatus: (status: CaseStatus, note: string | null) => Promise<boolean>;
  onExtend: (days: number, reason: string) => Promise<boolean>;
  onNote: (note: string) => Promise<boolean>;
  onGuidance: (mode: GuidanceMode, note: string) => Promise<boolean>;
  onGuidancePatch: (id: number, patch: GuidancePatch) => Promise<boolean>;
}

export interface CaseFileProps extends CaseFileActions {
  detail: CaseDetail;
  role: Role;
  busy?: boolean;
  /** For tests: the time "now" for days left. */
  now?: number;
  /**
   * The case work (views/case-work/CaseWorkPanel): shown under the deadline; it then does accepting,
   * closing with the outcome, extension requests and the mediator's guidance questions itself.
   */
  work?: ReactNode;
  /** The dispatcher's control to set the exact point of a village-only case (LocationPrecision.tsx SetPointControl). */
  setPoint?: ReactNode;
}

/** Status changes the case work does for a mediator with more than a note (accept; settle or fail with the outcome). */
const DONE_BY_WORK: readonly CaseStatus[] = ['mediating', 'settled', 'failed'];

/** The button text of a status change. */
export const STATUS_ACTIONS: Record<CaseStatus, string> = {
  pending: '退回待分流',
  assigned: '分派',
  mediating: '开始调解',
  settled: '调解成功',
  failed: '调解失败',
  filed: '转立案',
  withdrawn: '撤回',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  return <span className={`status-tag status-${status}`}>{CASE_STATUSES[status]}</span>;
}

export function DeadlineBadge({ deadline, status, now }: { deadline: string | null; status: CaseStatus; now?: number }) {
  if (!deadline || (status !== 'assigned' && status !== 'mediating')) return null;
  const d = deadlineInfo(deadline, now);
  return <span className={`deadline deadline-${d.state}`} data-testid="deadline-left">{d.label}</span>;
}

/** How an assignment was chosen (case_assignments.mode), as the timeline and the history say it. */
export const ASSIGN_MODES: Record<string, string> = { top: '首选', manual: '人工选择', batch: '批量分派' };

function detailText(e: TimelineEntry): string | null {
  const d = e.details ?? {};
  const bits: string[] = [];
  if (typeof d.mediator_name === 'string') bits.push(`调解员：${d.mediator_name}`);
  if (typeof d.reason === 'string' && d.reason) bits.push(`理由：${d.reason}`);
  if (typeof d.days === 'number') bits.push(`延长 ${d.days} 天`);
  if (typeof d.new_deadline === 'string') bits.push(`至 ${formatDay(d.new_deadline)}`);
  if (typeof d.note === 'string' && d.note) bits.push(d.note);
  if (typeof d.mode === 'string' && d.mode in GUIDANCE_MODES) bits.push(GUIDANCE_MODES[d.mode as GuidanceMode]);
  if ((e.kind === 'assigned' || e.kind === 'reassigned') && typeof d.mode === 'string' && d.mode in ASSIGN_MODES) bits.push(ASSIGN_MODES[d.mode]!);
  if (typeof d.outcome === 'string' && d.outcome) bits.push(`结果：${d.outcome}`);
  if (d.source === 'imported') bits.push('（导入数据）');
  return bits.length ? bits.join(' · ') : null;
}

function StatusActions({ detail, role, busy, onStatus, skip = [] }: { detail: CaseDetail; role: Role; busy?: boolean; onStatus: CaseFileActions['onStatus']; skip?: readonly CaseStatus[] }) {
  const next = allowedTransitions(detail.status, role).filter((s) => !skip.includes(s));
  const [target, setTarget] = useState<CaseStatus | null>(null);
  const [note, setNote] = useState('');
  if (next.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    if (await onStatus(target, note.trim() || null)) {
      setTarget(null);
      setNote('');
    }
  };
  return (
    <section className="file-section" aria-label="状态变更">
      <h4>办理</h4>
      <div className="action-row" data-testid="status-actions">
        {next.map((s) => (
          <button key={s} type="button" className={target === s ? 'chip active' : 'chip'} data-testid={`status-${s}`} onClick={() => setTarget(target === s ? null : s)}>
            {STATUS_ACTIONS[s]}
          </button>
        ))}
      </div>
      {target && (
        <form className="inline-form" onSubmit={submit}>
          <label className="field">
            <span className="field-label">说明（选填）：{CASE_STATUSES[detail.status]} → {CASE_STATUSES[target]}</span>
            <textarea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="primary-button" disabled={busy} data-testid="status-submit">
            确认{STATUS_ACTIONS[target]}
          </button>
        </form>
      )}
    </section>
  );
}

function ExtendForm({ busy, onExtend }: { busy?: boolean; onExtend: CaseFileActions['onExtend'] }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState('15');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="extend-open">
        延长调解期限
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days);
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 90) return setError('延长天数须为 1 至 90 的整数');
    if (!reason.trim()) return setError('请填写延长理由（如：双方同意延长调解期限）');
    setError(null);
    if (await onExtend(n, reason.trim())) {
      setOpen(false);
      setReason('');
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="延长调解期限">
      <div className="inline-fields">
        <label className="field narrow">
          <span className="field-label">延长天数</span>
          <input type="text" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} aria-label="延长天数" />
        </label>
        <label className="field grow">
          <span className="field-label">理由</span>
          <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} aria-label="延长理由" placeholder="经双方当事人同意延长" />
        </label>
      </div>
      {error && <span className="field-error" role="alert">{error}</span>}
      <div className="form-actions">
        <button type="button" className="secondary-button" onClick={() => setOpen(false)}>取消</button>
        <button type="submit" className="primary-button" disabled={busy} data-testid="extend-submit">确认延长</button>
      </div>
    </form>
  );
}

function NoteForm({ busy, onNote }: { busy?: boolean; onNote: CaseFileActions['onNote'] }) {
  const [note, setNote] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    if (await onNote(note.trim())) setNote('');
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="添加督办记录">
      <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder="督办内容，例如：已电话督促调解员本周内组织调解" aria-label="督办记录" />
      <div className="form-actions">
        <button type="submit" className="secondary-button" disabled={busy || !note.trim()}>添加督办记录</button>
      </div>
    </form>
  );
}

function GuidanceForm({ busy, onGuidance }: { busy?: boolean; onGuidance: CaseFileActions['onGuidance'] }) {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<GuidanceMode>('legal_guidance');
  const [note, setNote] = useState('');
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        + 申请法官指导
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    if (await onGuidance(mode, note.trim())) {
      setNote('');
      setOpen(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="申请法官指导">
      <label className="field">
        <span className="field-label">指导方式</span>
        <select value={mode} onChange={(e) => setMode(e.target.value as GuidanceMode)} aria-label="指导方式">
          {(Object.keys(GUIDANCE_MODES) as GuidanceMode[]).map((m) => (
            <option key={m} value={m}>{GUIDANCE_MODES[m]}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">申请说明</span>
        <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-label="申请说明" />
      </label>
      <div className="form-actions">
        <button type="button" className="secondary-button" onClick={() => setOpen(false)}>取消</button>
        <button type="submit" className="primary-button" disabled={busy || !note.trim()}>提交申请</button>
      </div>
    </form>
  );
}

function GuidanceOutcomeForm({ id, busy, onPatch }: { id: number; busy?: boolean; onPatch: CaseFileActions['onGuidancePatch'] }) {
  const [open, setOpen] = useState(false);
  const [held, setHeld] = useState('');
  const [outcome, setOutcome] = useState('');
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        登记指导情况
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: GuidancePatch = {};
    // A day picked in Beijing time, sent as the morning of that day with its offset.
    if (held) patch.held_at = `${held}T09:00:00+08:00`;
    if (outcome.trim()) patch.outcome = outcome.trim();
    if (!patch.held_at && !patch.outcome) return;
    if (await onPatch(id, patch)) setOpen(false);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="登记指导情况">
      <div className="inline-fields">
        <label className="field narrow">
          <span className="field-label">指导日期</span>
          <DateField label="指导日期" value={held} onChange={(v) => setHeld(v)} />
        </label>
        <label className="field grow">
          <span className="field-label">指导结果</span>
          <input type="text" value={outcome} maxLength={2000} onChange={(e) => setOutcome(e.target.value)} aria-label="指导结果" />
        </label>
      </div>
      <div className="form-actions">
        <button type="button" className="secondary-button" onClick={() => setOpen(false)}>取消</button>
        <button type="submit" className="primary-button" disabled={busy}>保存</button>
      </div>
    </form>
  );
}

export function CaseFile({ detail, role, busy, now, onStatus, onExtend, onNote, onGuidance, onGuidancePatch, work, setPoint }: CaseFileProps) {
  const dispatcher = role === 'dispatcher' || role === 'admin';
  const mayAct = dispatcher || role === 'mediator';
  const mayNote = dispatcher || role === 'leader';
  const place = [detail.township_name, detail.village_name, detail.grid_name].filter(Boolean).join(' · ');
  const dl = detail.deadline && canExtend(detail.status) ? deadlineInfo(detail.deadline, now) : null;

  return (
    <div className="case-file">
      <header className="case-head">
        <div>
          <span className="muted">{detail.case_number && <strong className="case-number" data-testid="case-file-number">{detail.case_number} · </strong>}案件 #{detail.id}{detail.is_demo ? ' · 演示数据' : ''}</span>
          <h3 className="case-title">{detail.title}</h3>
        </div>
        <StatusTag status={detail.status} />
      </header>
      <dl className="details-list compact">
        <div className="details-row"><dt>纠纷类型</dt><dd>{DISPUTE_TYPES[detail.dispute_type]}</dd></div>
        <div className="details-row"><dt>发生地</dt><dd>{place || '—'} <PrecisionTag precision={detail.location_precision} />{setPoint}</dd></div>
        {detail.address && <div className="details-row"><dt>地址</dt><dd>{detail.address}</dd></div>}
        <div className="details-row"><dt>承办调解员</dt><dd>{detail.mediator_name ?? '未分派'}</dd></div>
        <div className="details-row"><dt>登记时间</dt><dd>{formatDateTime(detail.created_at)}</dd></div>
      </dl>

      {detail.deadline && (
        <section className={`deadline-box${dl ? ` deadline-box-${dl.state}` : ''}`} aria-label="调解期限">
          <div>
            <span className="field-label">诉前调解期限</span>
            <div className="deadline-date">
              {formatDay(detail.deadline)}
              {detail.extended_until && <span className="tag">已延长</span>}
            </div>
          </div>
          {dl && <span className={`deadline deadline-${dl.state}`} data-testid="deadline-left">{dl.label}</span>}
          {dl && (work ? dispatcher : mayAct) && <ExtendForm busy={busy} onExtend={onExtend} />}
        </section>
      )}

      {work}

      {mayAct && <StatusActions detail={detail} role={role} busy={busy} onStatus={onStatus} skip={work && role === 'mediator' ? DONE_BY_WORK : []} />}

      {detail.description && (
        <section className="file-section">
          <h4>案情</h4>
          <p className="prewrap">{detail.description}</p>
        </section>
      )}

      <section className="file-section">
        <h4>当事人</h4>
        {detail.party_access === 'none' ? (
          <p className="muted">您的账号不能查看当事人信息。</p>
        ) : detail.parties.length === 0 ? (
          <p className="muted">未登记当事人。</p>
        ) : (
          <ul className="plain-list">
            {detail.parties.map((p) => (
              <li key={p.id}>
                <span className="tag">{PARTY_ROLES[p.role]}</span> {p.name ?? '—'}
                {p.phone && <span className="muted"> · {p.phone}</span>}
              </li>
            ))}
          </ul>
        )}
        {detail.party_access === 'masked' && <p className="muted small">当事人信息已按权限脱敏。</p>}
      </section>

      {detail.assignments.length > 0 && (
        <section className="file-section">
          <h4>分派记录</h4>
          <ul className="plain-list">
            {detail.assignments.map((a) => (
              <li key={a.id} className={a.replaced_at ? 'replaced' : undefined}>
                <b>{a.mediator_name}</b>
                <span className="muted">
                  {' '}· {formatDateTime(a.assigned_at)}
                  {a.tier !== null ? ` · 第 ${a.tier} 层` : ''}
                  {a.distance_m != null ? ` · ${formatDistance(a.distance_m)}` : ''}
                  {ASSIGN_MODES[a.mode] ? ` · ${ASSIGN_MODES[a.mode]}` : ''}
                  {a.assigned_by ? ` · ${a.assigned_by}` : ''}
                </span>
                {a.reason && <div className="small">理由：{a.reason}</div>}
                {a.replaced_at && <div className="small muted">已于 {formatDateTime(a.replaced_at)} 改派</div>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="file-section" aria-label="督办记录">
        <h4>督办记录（{detail.notes.length}）</h4>
        {detail.notes.length > 0 && (
          <ul className="plain-list">
            {detail.notes.map((n) => (
              <li key={n.id}>
                <span className="muted">{formatDateTime(n.at)}{n.author ? ` · ${n.author}` : ''}</span>
                <div className="prewrap">{n.note}</div>
              </li>
            ))}
          </ul>
        )}
        {mayNote && <NoteForm busy={busy} onNote={onNote} />}
      </section>

      <section className="file-section" aria-label="法官指导">
        <h4>法官指导（{detail.guidance.length}）</h4>
        {detail.guidance.length > 0 && (
          <ul className="plain-list">
            {detail.guidance.map((g) => (
              <li key={g.id} data-testid={`guidance-${g.id}`}>
                <span className="tag">{GUIDANCE_MODES[g.mode] ?? g.mode}</span>{' '}
                <span className="muted">申请于 {formatDay(g.requested_at)}{g.requested_by ? ` · ${g.requested_by}` : ''}</span>
                {g.note && <div className="small">{g.note}</div>}
                <div className="small">
                  {g.held_at ? `已于 ${formatDay(g.held_at)} 指导` : '尚未指导'}
                  {g.outcome ? ` · 结果：${g.outcome}` : ''}
                </div>
                {dispatcher && <GuidanceOutcomeForm id={g.id} busy={busy} onPatch={onGuidancePatch} />}
              </li>
            ))}
          </ul>
        )}
        {mayAct && !(work && role === 'mediator') && <GuidanceForm busy={busy} onGuidance={onGuidance} />}
      </section>

      <section className="file-section" aria-label="办理经过">
        <h4>办理经过</h4>
        <ol className="timeline" data-testid="timeline">
          {detail.timeline.map((e, i) => {
            const extra = detailText(e);
            return (
              <li key={i} className={`timeline-item kind-${e.kind}`}>
                <span className="timeline-dot" aria-hidden />
                <div>
                  <div className="timeline-head">
                    <b>{CASE_EVENT_KINDS[e.kind] ?? e.label}</b>
                    {e.to_status && e.kind === 'status' && (
                      <span className="muted">
                        {e.from_status ? `${CASE_STATUSES[e.from_status]} → ` : ''}{CASE_STATUSES[e.to_status]}
                      </span>
                    )}
                  </div>
                  <div className="muted small">{formatDateTime(e.at)}{e.actor ? ` · ${e.actor}` : ''}</div>
                  {extra && <div className="small">{extra}</div>}
                </div>
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
