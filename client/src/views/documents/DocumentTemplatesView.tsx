// 文书模板 (admin): the Word template in force for each court document, the fields it uses, and the one list
// of fields a template may use (with their meaning); replace a template with an edited .docx (checked by
// the server: a Word document, within the size limit, only known fields — an unknown one is refused by
// name) or go back to the built-in default. Every change is a new version, kept and audited.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentKind, DocumentTemplatesAnswer } from '../../../../server/src/contract/documents.ts';
import { ApiError } from '../../api/client.ts';
import { documentsApi } from '../../api/documents.ts';
import './documents.css';

const mb = (b: number) => `${Math.round((b / 1024 / 1024) * 10) / 10} MB`;

export function DocumentTemplatesView() {
  const [data, setData] = useState<DocumentTemplatesAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try { setData(await documentsApi.templates()); } catch (e) { setError(e instanceof ApiError ? e.message : '模板清单加载失败'); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const act = async (label: string, f: () => Promise<unknown>) => {
    setBusy(true); setError(null); setNotice(null);
    try { await f(); setNotice(label); await load(); } catch (e) { setError(e instanceof ApiError ? e.message : '操作失败，请稍后重试'); } finally { setBusy(false); }
  };

  return (
    <div className="doc-templates" data-testid="document-templates">
      <h2>文书模板</h2>
      <p className="muted">
        每种文书由一个 Word 模板（.docx）生成。下载模板，用 Word 或 WPS 修改文字和版式，字段保持 {'{字段名}'} 的写法，再上传替换；
        只能使用下方列出的字段。每次替换或恢复都保留版本并记入审计日志。{data && `文件不超过 ${mb(data.max_bytes)}。`}
      </p>
      {notice && <div className="banner banner-info" role="status">{notice}</div>}
      {error && <div className="banner banner-error" role="alert" data-testid="template-error">{error}</div>}
      {data?.templates.map((t) => <TemplateCard key={t.kind} t={t} busy={busy} act={act} />)}
      {data && (
        <section className="doc-template">
          <h3>可用字段</h3>
          <table className="doc-fields">
            <tbody>
              {data.fields.map((f) => (
                <tr key={f.name}>
                  <td><code>{f.items ? `{#${f.name}}…{/${f.name}}` : `{${f.name}}`}</code></td>
                  <td>{f.label}{f.items && <>：{f.items.map((i) => <span key={i.name}> <code>{`{${i.name}}`}</code> {i.label}</span>)}</>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function TemplateCard({ t, busy, act }: { t: DocumentTemplatesAnswer['templates'][number]; busy: boolean; act: (label: string, f: () => Promise<unknown>) => Promise<void> }) {
  const input = useRef<HTMLInputElement>(null);
  const replace = (kind: DocumentKind, file: File) => act(`已替换“${t.kind_label}”模板`, () => documentsApi.replaceTemplate(kind, file, file.name));
  return (
    <section className="doc-template" data-testid={`template-${t.kind}`}>
      <div className="doc-template-head">
        <strong>{t.kind_label} <small className="muted">（{t.audience}）</small></strong>
        <span className="muted">{t.is_default ? '默认模板' : `第 ${t.version} 版 · ${t.file_name ?? ''} · ${t.uploaded_by ?? ''} ${t.uploaded_at ? new Date(t.uploaded_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : ''}`}</span>
        <span className="doc-kind-actions">
          <a className="secondary-button" href={documentsApi.templateUrl(t.kind)}>下载模板</a>
          <button type="button" className="secondary-button" disabled={busy} onClick={() => input.current?.click()}>上传替换</button>
          {!t.is_default && <button type="button" className="secondary-button" disabled={busy} onClick={() => void act(`“${t.kind_label}”已恢复默认模板`, () => documentsApi.resetTemplate(t.kind))}>恢复默认</button>}
          <input ref={input} type="file" hidden accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void replace(t.kind, f); }} />
        </span>
      </div>
      <div className="doc-tags">使用的字段：{t.tags.filter((x) => !x.includes('.')).map((x) => <code key={x}>{`{${x}}`}</code>)}</div>
    </section>
  );
}
