// The print view of one court document (/cases/<id>/print/<kind>): the paragraphs of the .docx the server
// renders from the template in force and the case's fields (GET /api/cases/:id/documents/:kind/print), on
// an A4 sheet in the court's fonts, with 打印 (window.print). Page size, margins and the "— 1 —" page
// numbers come from the CSS @page rule (documents.css); the paragraphs keep the template's alignment,
// size, weight and first-line indent.
import { useEffect, useState } from 'react';
import type { DocumentKind, PrintParagraph, PrintView as PrintAnswer } from '../../../../server/src/contract/documents.ts';
import { DOCUMENT_KINDS } from '../../../../server/src/contract/documents.ts';
import { ApiError } from '../../api/client.ts';
import { documentsApi } from '../../api/documents.ts';
import './documents.css';

function Paragraph({ p }: { p: PrintParagraph }) {
  const cls = [`a-${p.align === 'both' ? 'justify' : p.align}`, p.font !== 'fang' ? `f-${p.font}` : '', p.page_break_before ? 'page-break' : ''].filter(Boolean).join(' ');
  return (
    <p className={cls} style={{ fontSize: `${p.size_pt}pt`, fontWeight: p.bold ? 700 : 400, textIndent: p.indent_chars ? `${p.indent_chars}em` : undefined }}>
      {p.text || '\u00a0'}
    </p>
  );
}

export function PrintView({ caseId, kind }: { caseId: number; kind: DocumentKind }) {
  const [doc, setDoc] = useState<PrintAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    documentsApi.print(caseId, kind, ctrl.signal).then(setDoc, (e) => {
      if (!(e instanceof DOMException)) setError(e instanceof ApiError ? e.message : '文书加载失败');
    });
    return () => ctrl.abort();
  }, [caseId, kind]);
  useEffect(() => {
    document.title = `${DOCUMENT_KINDS[kind] ?? '文书'} · 案件 ${caseId}`;
  }, [caseId, kind]);

  return (
    <div className="print-view" data-testid="print-view">
      <div className="print-toolbar">
        <button type="button" className="primary-button" onClick={() => window.print()} disabled={!doc} data-testid="print-button">打印</button>
        <a className="secondary-button" href={`/cases/${caseId}`}>返回案件</a>
        {doc && <span className="muted">{doc.template_version ? `模板第${doc.template_version}版` : '默认模板'} · A4</span>}
      </div>
      {error && <div className="banner banner-error" role="alert" style={{ maxWidth: '210mm', margin: '0 auto' }}>{error}</div>}
      {doc && (
        <article className="print-sheet" data-testid="print-sheet" data-case-number={doc.case_number ?? ''}>
          {doc.paragraphs.map((p, i) => <Paragraph key={i} p={p} />)}
        </article>
      )}
    </div>
  );
}
