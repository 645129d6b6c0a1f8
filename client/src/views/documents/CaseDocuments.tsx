// 文书 in the case file: for each kind of court document, 生成 Word (a new version kept with the case, then
// downloaded) and 打印 (the print view in a new tab); below, the documents kept with the case, newest first,
// each a download link. Only for those who see the case as stored (the server says so too: 403/404).
// Which kinds fit the case (a settled case's agreement, a failed case's certificate) is the server's rule:
// a kind that does not fit answers 422 with what to do, shown here.
import { useCallback, useEffect, useState } from 'react';
import type { CaseDocumentView, DocumentKind } from '../../../../server/src/contract/documents.ts';
import { DOCUMENT_AUDIENCE, DOCUMENT_KINDS } from '../../../../server/src/contract/documents.ts';
import type { CaseStatus } from '../../../../server/src/contract/vocab.ts';
import { ApiError } from '../../api/client.ts';
import { documentsApi, type DocumentsClient } from '../../api/documents.ts';
import { followLink } from '../../router.ts';
import { printPath } from './print-path.ts';
import './documents.css';

/** Kinds offered for a case in this state (the server checks again). */
export function kindsFor(status: CaseStatus, hasMediator: boolean): DocumentKind[] {
  const out: DocumentKind[] = [];
  if (hasMediator) out.push('delegation_letter', 'pre_litigation_notice', 'session_record');
  if (status === 'settled') out.push('mediation_agreement', 'judicial_confirmation_application');
  if (status === 'failed' || status === 'filed') out.push('termination_certificate');
  return out;
}

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export function CaseDocuments({ caseId, status, hasMediator, admin = false, client = documentsApi }: { caseId: number; status: CaseStatus; hasMediator: boolean; admin?: boolean; client?: DocumentsClient }) {
  const [items, setItems] = useState<CaseDocumentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The list could not be read (offline): a quiet note, the buttons stay. */
  const [listError, setListError] = useState<string | null>(null);
  const [busy, setBusy] = useState<DocumentKind | null>(null);
  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      setItems((await client.list(caseId, signal)).items);
      setListError(null);
    } catch (e) {
      if (!(e instanceof DOMException)) setListError(`已生成的文书暂时无法显示：${e instanceof ApiError ? e.message : '加载失败'}`);
    }
  }, [caseId, client]);
  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  const generate = async (kind: DocumentKind) => {
    setBusy(kind);
    setError(null);
    try {
      const d = await client.generate(caseId, kind);
      await load();
      // The browser saves it under its Chinese name (Content-Disposition).
      const a = document.createElement('a');
      a.href = client.fileUrl(d.id);
      a.download = d.file_name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '生成失败，请稍后重试');
    } finally {
      setBusy(null);
    }
  };

  const kinds = kindsFor(status, hasMediator);
  return (
    <div className="case-documents" data-testid="case-documents">
      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {listError && <p className="muted">{listError}</p>}
      {kinds.length === 0 && <p className="muted">案件分派调解员后可生成委派调解函等文书。</p>}
      <ul className="doc-kinds">
        {kinds.map((k) => (
          <li key={k}>
            <span className="doc-kind-name">{DOCUMENT_KINDS[k]}<small className="muted">（{DOCUMENT_AUDIENCE[k]}）</small></span>
            <span className="doc-kind-actions">
              <button type="button" className="cw-button" disabled={busy !== null} data-testid={`doc-generate-${k}`} onClick={() => void generate(k)}>
                {busy === k ? '正在生成…' : '生成 Word'}
              </button>
              <a className="cw-button" href={printPath(caseId, k)} target="_blank" rel="noopener" data-testid={`doc-print-${k}`}>打印</a>
            </span>
          </li>
        ))}
      </ul>
      {admin && <a className="cw-button doc-admin-link" href="/document-templates" onClick={(e) => followLink(e, '/document-templates')}>管理文书模板</a>}
      {items && items.length > 0 && (
        <table className="doc-list">
          <caption className="muted">已生成的文书（{items.length}）</caption>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td><a className="doc-link" href={client.fileUrl(d.id)} download={d.file_name}>{d.kind_label} 第{d.version}版</a></td>
                <td className="muted">{d.created_by ?? '—'} · {when(d.created_at)}{d.template_version ? ` · 模板第${d.template_version}版` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
