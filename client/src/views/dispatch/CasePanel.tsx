// One case: its file (CaseFile) and, for dispatchers while it is open, its ranked candidates with the assign
// action. Every write sends the version it saw; 409 version_conflict says so plainly and reloads the case.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseDetail, PreviewAnswer } from '../../../../server/src/contract/cases.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { ApiError, QueuedWrite, type WriteOptions } from '../../api/client.ts';
import type { CasesClient } from '../../api/cases.ts';
import type { CaseWorkClient } from '../../api/case-work.ts';
import { ErrorMessage, Loading } from '../../components/StatusMessage.tsx';
import { onQueueSent } from '../../offline/queue.ts';
import { CandidateList } from './CandidateList.tsx';
import { CaseFile } from './CaseFile.tsx';
import { PrecisionTag, SetPointControl } from './LocationPrecision.tsx';
import { MediatorPhone, type MediatorReader } from './MediatorPhone.tsx';
import { CaseWorkPanel } from '../case-work/CaseWorkPanel.tsx';
import { CONFLICT_MESSAGE, OPEN_STATUSES, formatDay } from './model.ts';

export interface CasePanelProps {
  caseId: number;
  client: CasesClient;
  role: Role;
  selectedMediator: number | null;
  onSelectMediator: (id: number | null) => void;
  /** The ranking shown (null while none), for the map. */
  onRanking?: (answer: PreviewAnswer | null) => void;
  /** The case as loaded, for the map. */
  onDetail?: (detail: CaseDetail | null) => void;
  /** Something was written: lists elsewhere should reload. */
  onChanged?: () => void;
  onClose?: () => void;
  now?: number;
  /** Reads a mediator's phone (the registry decides how much a role sees); none: no phone shown. */
  registry?: MediatorReader;
  /** The case work's client (views/case-work/); the app's own by default. */
  workClient?: CaseWorkClient;
  /** Whether the map's next click sets this case's point (a village-only case), and the way to arm it. */
  placing?: boolean;
  onPlacing?: (on: boolean) => void;
  /** The point the dispatcher clicked while `placing` (a new key each click): set as the case's exact point. */
  placeAt?: { lng: number; lat: number; key: number } | null;
}

const mayAssign = (role: Role) => role === 'dispatcher' || role === 'admin';

export function CasePanel({ caseId, client, role, selectedMediator, onSelectMediator, onRanking, onDetail, onChanged, onClose, now, registry, workClient, placing = false, onPlacing, placeAt }: CasePanelProps) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [ranking, setRanking] = useState<PreviewAnswer | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<{ kind: 'info' | 'warn'; text: string } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState<'assign' | 'file'>('assign');
  const cbs = useRef({ onRanking, onDetail, onSelectMediator });
  cbs.current = { onRanking, onDetail, onSelectMediator };
  const seq = useRef(0);
  const selectedMediatorRef = useRef(selectedMediator);
  selectedMediatorRef.current = selectedMediator;
  const tabFor = useRef<number | null>(null);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setLoadError(null);
    try {
      const d = await client.get(caseId);
      const wantRanking = mayAssign(role) && OPEN_STATUSES.includes(d.status);
      const r = wantRanking ? await client.candidates(caseId) : null;
      if (mine !== seq.current) return;
      setDetail(d);
      setRanking(r);
      // A pending case opens on its candidates, any other on its file; reloads keep the tab.
      if (tabFor.current !== caseId) {
        tabFor.current = caseId;
        setTab(wantRanking && d.status === 'pending' ? 'assign' : 'file');
      } else if (!wantRanking) setTab('file');
      cbs.current.onDetail?.(d);
      cbs.current.onRanking?.(r);
      if (r && r.candidates.length) {
        const keep = r.candidates.some((c) => c.mediator_id === selectedMediatorRef.current);
        if (!keep) cbs.current.onSelectMediator(r.candidates.find((c) => c.mediator_id !== d.mediator_id)?.mediator_id ?? r.candidates[0]!.mediator_id);
      } else cbs.current.onSelectMediator(null);
    } catch (e) {
      if (mine !== seq.current) return;
      setLoadError(e instanceof ApiError ? e : new ApiError('client_error', '案件加载失败，请稍后重试', 0));
      cbs.current.onDetail?.(null);
      cbs.current.onRanking?.(null);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [client, caseId, role]);

  useEffect(() => {
    setNotice(null);
    setActionError(null);
    setDetail(null);
    setRanking(null);
    void load();
  }, [load]);
  // A write of the offline queue reached the server: show the case as it is now.
  useEffect(() => onQueueSent(() => void load()), [load]);

  /** Runs a write; on success or conflict the case is reloaded and listeners told. */
  const run = async (write: () => Promise<string | null>): Promise<boolean> => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      const done = await write();
      if (done) setNotice({ kind: 'info', text: done });
      await load();
      onChanged?.();
      return true;
    } catch (e) {
      // Offline: the write waits in the queue (待发送), which sends it when the connection returns.
      if (e instanceof QueuedWrite) {
        setNotice({ kind: 'info', text: e.message });
        return true;
      }
      const err = e instanceof ApiError ? e : new ApiError('client_error', '操作失败，请稍后重试', 0);
      if (err.code === 'version_conflict') {
        setNotice({ kind: 'warn', text: CONFLICT_MESSAGE });
        await load();
        onChanged?.();
      } else {
        setActionError(err.message);
        // The ranking may have changed under us (a mediator filled up): show the fresh one.
        if (err.code === 'mediator_at_capacity' || err.code === 'mediator_unavailable' || err.code === 'invalid_transition') await load();
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  // The dispatcher clicked the exact point of a village-only case: set it (the case becomes point-located).
  const placedKey = useRef<number | null>(null);
  useEffect(() => {
    if (!placeAt || !detail || placedKey.current === placeAt.key || !client.setLocation) return;
    placedKey.current = placeAt.key;
    onPlacing?.(false);
    const d = detail;
    void run(async () => {
      const x = await client.setLocation!(d.id, { version: d.version, lng: placeAt.lng, lat: placeAt.lat });
      return `已设定案件位置（网格 ${x.grid_code}），已按该位置重新排序`;
    });
  }, [placeAt?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  // A mediator's writes may wait in the offline queue (issue 14): on a phone in the hills, not at a desk.
  const queued = (label: string): [WriteOptions] | [] => (role === 'mediator' ? [{ queueable: `${label} · 案件 #${caseId}` }] : []);

  if (loadError && !detail) {
    return (
      <div className="case-panel">
        <ErrorMessage message={`案件加载失败：${loadError.message}`} onRetry={() => void load()} />
      </div>
    );
  }
  if (!detail) return <div className="case-panel"><Loading text="正在加载案件…" /></div>;

  const d = detail;
  const showAssign = ranking !== null;
  // A village-only open case: the dispatcher may set its exact point on the map.
  const setPoint = mayAssign(role) && onPlacing && client.setLocation && d.location_precision === 'village' && OPEN_STATUSES.includes(d.status)
    ? <SetPointControl placing={placing} busy={busy} onPlacing={onPlacing} />
    : null;
  return (
    <div className="case-panel" data-testid="case-panel">
      <div className="panel-toolbar">
        {showAssign ? (
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'assign'} className={tab === 'assign' ? 'active' : undefined} onClick={() => setTab('assign')}>
              {d.mediator_id === null ? '分派' : '改派'}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'file'} className={tab === 'file' ? 'active' : undefined} onClick={() => setTab('file')}>
              案件办理
            </button>
          </div>
        ) : (
          <h3 className="panel-title">案件办理</h3>
        )}
        {loading && <span className="spinner" aria-label="正在刷新" />}
        {onClose && <button type="button" className="icon-button" aria-label="关闭" onClick={onClose}>×</button>}
      </div>
      {notice && (
        <div className={notice.kind === 'warn' ? 'banner banner-warn' : 'banner banner-info'} role={notice.kind === 'warn' ? 'alert' : 'status'} data-testid="case-notice">
          {notice.text}
        </div>
      )}
      {actionError && <div className="banner banner-error" role="alert" data-testid="case-error">{actionError}</div>}

      {showAssign && tab === 'assign' ? (
        <>
          <div className="case-brief">
            <b>{d.case_number ? `${d.case_number} ` : ''}#{d.id} {d.title}</b>
            {d.mediator_name && <span className="muted"> · 当前承办：{d.mediator_name}</span>}
            {' '}<PrecisionTag precision={d.location_precision} />
            {setPoint}
          </div>
          <CandidateList
            answer={ranking}
            loading={loading}
            selectedId={selectedMediator}
            onSelect={onSelectMediator}
            currentMediatorId={d.mediator_id}
            busy={busy}
            contact={registry && selectedMediator !== null ? <MediatorPhone id={selectedMediator} registry={registry} /> : null}
            onConfirm={({ mediatorId, isTop, reason }) =>
              void run(async () => {
                // The choice is recorded (首选 or 人工选择); the server checks the top is still the top.
                const a = await client.assign(d.id, { version: d.version, mediator_id: mediatorId, choice: isTop ? 'top' : 'manual', ...(reason ? { reason } : {}) });
                const name = ranking?.candidates.find((c) => c.mediator_id === a.mediator_id)?.name ?? `调解员 ${a.mediator_id}`;
                setTab('file');
                return `${a.reassigned ? '已改派' : '已分派'}给 ${name}，诉前调解期限至 ${formatDay(a.deadline_at)}`;
              })
            }
          />
        </>
      ) : (
        <>
        {registry && d.mediator_id !== null && (
          <div className="case-brief">
            承办调解员：<b>{d.mediator_name}</b> <MediatorPhone id={d.mediator_id} registry={registry} />
          </div>
        )}
        <CaseFile
          detail={d}
          role={role}
          busy={busy}
          now={now}
          onStatus={(status, note) => run(async () => {
            await client.setStatus(d.id, { version: d.version, status, ...(note ? { note } : {}) }, ...queued('状态变更'));
            return '案件状态已更新';
          })}
          onExtend={(days, reason) => run(async () => {
            const x = await client.extend(d.id, { version: d.version, days, reason }, ...queued('延长期限'));
            return `调解期限已延长至 ${formatDay(x.deadline)}`;
          })}
          onNote={(note) => run(async () => {
            await client.addNote(d.id, note);
            return '已添加督办记录';
          })}
          onGuidance={(mode, note) => run(async () => {
            await client.requestGuidance(d.id, { mode, note }, ...queued('申请法官指导'));
            return '已提交法官指导申请';
          })}
          onGuidancePatch={(id, patch) => run(async () => {
            await client.updateGuidance(id, patch);
            return '已登记指导情况';
          })}
          setPoint={setPoint}
          work={<CaseWorkPanel detail={d} role={role} client={workClient} onChanged={async () => { await load(); onChanged?.(); }} />}
        />
        </>
      )}
    </div>
  );
}
