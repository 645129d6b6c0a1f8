// Files kept with the case: photos of the signed 调解协议书 (the phone's camera or gallery) and PDFs.
// The server decides the type by the file's first bytes; the size is checked here first to save a
// useless upload on a weak signal. Images show as thumbnails (same-origin, the session cookie).
import { useState, type ChangeEvent } from 'react';
import { ATTACHMENT_KINDS, type AttachmentKind, type AttachmentView } from '../../../../server/src/contract/case-work.ts';
import type { CaseWorkClient } from '../../api/case-work.ts';
import { formatDateTime } from '../dispatch/model.ts';
import { formatBytes } from './links.ts';
import type { Run } from './CaseWorkPanel.tsx';

interface Props {
  caseId: number; attachments: AttachmentView[]; canAdd: boolean; canOpen: boolean; maxBytes: number; busy: boolean; client: CaseWorkClient; run: Run;
}

export const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

export function Attachments({ caseId, attachments, canAdd, canOpen, maxBytes, busy, client, run }: Props) {
  const [kind, setKind] = useState<AttachmentKind>('agreement');
  const [error, setError] = useState<string | null>(null);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same photo may be picked again after an error
    if (!file) return;
    if (file.size > maxBytes) return setError(`文件 ${formatBytes(file.size)}，超过 ${formatBytes(maxBytes)} 上限：请压缩照片或分页拍摄`);
    setError(null);
    await run(`已上传“${file.name}”`, (o) => client.upload(caseId, file, file.name, kind, o));
  };
  return (
    <>
      {attachments.length > 0 && (
        <div className="cw-thumbs" data-testid="attachment-list">
          {attachments.map((a) => {
            const label = `${ATTACHMENT_KINDS[a.kind]}${a.file_name ? ` · ${a.file_name}` : ''}`;
            const body = (
              <>
                {a.mime.startsWith('image/') && canOpen ? <img src={client.fileUrl(a.id)} alt={label} loading="lazy" /> : <span className="tag">{a.mime === 'application/pdf' ? 'PDF' : '图片'}</span>}
                <span title={label}>{label}</span>
                <span>{formatBytes(a.size)} · {formatDateTime(a.uploaded_at)}</span>
              </>
            );
            return canOpen
              ? <a key={a.id} className="cw-thumb" href={client.fileUrl(a.id)} target="_blank" rel="noopener" data-testid={`attachment-${a.id}`}>{body}</a>
              : <div key={a.id} className="cw-thumb" data-testid={`attachment-${a.id}`}>{body}</div>;
          })}
        </div>
      )}
      {canAdd && (
        <div className="cw-form">
          <div className="cw-row">
            <label className="field"><span className="field-label">类别</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as AttachmentKind)} aria-label="附件类别">
                {(Object.keys(ATTACHMENT_KINDS) as AttachmentKind[]).map((k) => <option key={k} value={k}>{ATTACHMENT_KINDS[k]}</option>)}
              </select>
            </label>
          </div>
          <div className="cw-actions">
            <label className={`cw-button primary${busy ? ' disabled' : ''}`}>
              拍照或选择文件
              <input className="cw-file-input" type="file" accept={ACCEPT} disabled={busy} onChange={(e) => void pick(e)} data-testid="attachment-input" aria-label="上传附件" />
            </label>
          </div>
          <p className="muted small">调解协议书照片（JPEG、PNG、WebP）或 PDF，每个不超过 {formatBytes(maxBytes)}。</p>
          {error && <span className="field-error" role="alert">{error}</span>}
        </div>
      )}
    </>
  );
}
