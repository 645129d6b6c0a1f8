// The mediator's case work beside the case file (issue 14, item 5), phone first: call a party or the
// dispatcher, open the place in the phone's map app, accept the case, record sessions, keep the signed
// agreement's photos, close the case with its outcome, judicial confirmation, extension requests and
// guidance questions. Loads GET /api/cases/:id/work; every write goes through api/case-work.ts with an
// idempotency key, then the case is reloaded (its version, status and timeline).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { CaseDetail } from '../../../../server/src/contract/cases.ts';
import type { CaseWork } from '../../../../server/src/contract/case-work.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import { ApiError, QueuedWrite } from '../../api/client.ts';
import { caseWorkApi, type CaseWorkClient, type WriteOptions } from '../../api/case-work.ts';
import { CONFLICT_MESSAGE } from '../dispatch/model.ts';
import { Contacts } from './Contacts.tsx';
import { Sessions } from './Sessions.tsx';
import { Attachments } from './Attachments.tsx';
import { Outcome } from './Outcome.tsx';
import { ExtensionRequests, GuidanceWork } from './Requests.tsx';
import { CaseDocuments } from '../documents/CaseDocuments.tsx';
import './case-work.css';

export interface CaseWorkPanelProps {
  detail: CaseDetail;
  role: Role;
  client?: CaseWorkClient;
  /** A write went through (or met a conflict): reload the case. */
  onChanged: () => Promise<void> | void;
}

/** Runs one write with a fresh idempotency key; resolves true when it went through. */
export type Run = (label: string, write: (o: WriteOptions) => Promise<unknown>) => Promise<boolean>;

export function CaseWorkPanel({ detail, role, client = caseWorkApi, onChanged }: CaseWorkPanelProps) {
  const [work, setWork] = useState<CaseWork | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const w = await client.work(detail.id);
      if (mine === seq.current) setWork(w);
    } catch (e) {
      if (mine === seq.current) setError(e instanceof ApiError ? e.message : '办理信息加载失败，请稍后重试');
    }
  }, [client, detail.id]);
  // The case's version changes with every write anyone makes: the work is read again with it.
  useEffect(() => { void load(); }, [load, detail.version]);

  const run: Run = async (label, write) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      // Queueable: offline (or on a network failure) the write waits on the phone and is sent, once,
      // when the connection returns (api/client.ts queueableWrite; its key makes a resend harmless).
      await write({ queueable: label });
      setNotice(label);
      await onChanged();
      await load();
      return true;
    } catch (e) {
      if (e instanceof QueuedWrite) {
        setNotice(e.message);
        return true;
      }
      const err = e instanceof ApiError ? e : new ApiError('client_error', '操作失败，请稍后重试', 0);
      if (err.code === 'version_conflict') {
        setError(CONFLICT_MESSAGE);
        await onChanged();
      } else setError(err.message);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const mayWork = detail.party_access === 'full' && (role === 'mediator' || role === 'dispatcher' || role === 'admin');
  const dispatcher = role === 'dispatcher' || role === 'admin';
  const open = detail.status === 'assigned' || detail.status === 'mediating';
  const section = (label: string, body: ReactNode) => (
    <section className="file-section" aria-label={label}>
      <h4>{label}</h4>
      {body}
    </section>
  );

  return (
    <div className="case-work" data-testid="case-work">
      {notice && <div className="banner banner-info" role="status" data-testid="work-notice">{notice}</div>}
      {error && <div className="banner banner-error" role="alert" data-testid="work-error">{error}</div>}
      {work?.contacts && section('联系与导航', <Contacts detail={detail} dispatcher={work.contacts.dispatcher} />)}
      {mayWork && role === 'mediator' && detail.status === 'assigned' && (
        <div className="cw-actions">
          <button type="button" className="cw-button primary" disabled={busy} data-testid="case-accept"
            onClick={() => void run('已接受案件，开始调解', (o) => client.accept(detail.id, detail.version, o))}>
            接受案件，开始调解
          </button>
        </div>
      )}
      {work && section(`调解记录（${work.sessions.length}）`, (
        <Sessions caseId={detail.id} sessions={work.sessions} canAdd={mayWork && detail.status === 'mediating'} busy={busy} client={client} run={run} />
      ))}
      {work && section(`附件（${work.attachments.length}）`, (
        <Attachments caseId={detail.id} attachments={work.attachments} canAdd={mayWork} canOpen={detail.party_access === 'full'} maxBytes={work.attachment_max_bytes} busy={busy} client={client} run={run} />
      ))}
      {work && section('调解结果', <Outcome detail={detail} outcome={work.outcome} mayWork={mayWork} busy={busy} client={client} run={run} />)}
      {work && (work.extension_requests.length > 0 || (mayWork && open)) && section('延长调解期限', (
        <ExtensionRequests detail={detail} requests={work.extension_requests} mayAsk={mayWork} mayDecide={dispatcher && detail.party_access === 'full'} busy={busy} client={client} run={run} />
      ))}
      {mayWork && section('文书', <CaseDocuments caseId={detail.id} status={detail.status} hasMediator={detail.mediator_id !== null} admin={role === 'admin'} />)}
      {section('法官指导', <GuidanceWork detail={detail} mayAsk={mayWork && role === 'mediator' && open} mayAnswer={dispatcher || role === 'leader'} busy={busy} client={client} run={run} />)}
    </div>
  );
}
