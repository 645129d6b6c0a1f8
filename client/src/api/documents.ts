// Typed client for the court documents (server/src/contract/documents.ts): the documents kept with a case,
// generating one, the print view's paragraphs, and the admin's templates. Through client.ts's one request
// function (the CSRF token, error answers as ApiError); downloads are plain same-origin links.
import { createJsonRequest, type FetchLike } from './client.ts';
import type {
  CaseDocumentView, DocumentKind, DocumentTemplatesAnswer, DocumentTemplateView, PrintView,
} from '../../../server/src/contract/documents.ts';

export interface DocumentsClient {
  list(caseId: number, signal?: AbortSignal): Promise<{ items: CaseDocumentView[] }>;
  generate(caseId: number, kind: DocumentKind): Promise<CaseDocumentView>;
  print(caseId: number, kind: DocumentKind, signal?: AbortSignal): Promise<PrintView>;
  templates(signal?: AbortSignal): Promise<DocumentTemplatesAnswer>;
  replaceTemplate(kind: DocumentKind, file: Blob, fileName: string): Promise<DocumentTemplateView>;
  resetTemplate(kind: DocumentKind): Promise<DocumentTemplateView>;
  fileUrl(documentId: number): string;
  templateUrl(kind: DocumentKind): string;
}

export function createDocumentsClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): DocumentsClient {
  const request = createJsonRequest(opts);
  const base = opts.baseUrl ?? '';
  return {
    list: (id, signal) => request('GET', `/api/cases/${id}/documents`, undefined, signal),
    generate: (id, kind) => request('POST', `/api/cases/${id}/documents/${kind}`),
    print: (id, kind, signal) => request('GET', `/api/cases/${id}/documents/${kind}/print`, undefined, signal),
    templates: (signal) => request('GET', '/api/document-templates', undefined, signal),
    replaceTemplate(kind, file, fileName) {
      const form = new FormData();
      form.set('file', file, fileName);
      return request('PUT', `/api/document-templates/${kind}`, form);
    },
    resetTemplate: (kind) => request('DELETE', `/api/document-templates/${kind}`),
    fileUrl: (id) => `${base}/api/documents/${id}`,
    templateUrl: (kind) => `${base}/api/document-templates/${kind}/file`,
  };
}

export const documentsApi = createDocumentsClient();
