// Typed client for the mediator's case work (server/src/contract/case-work.ts): GET /api/cases/:id/work and
// every write of it — accept, sessions, files, outcome, judicial confirmation, extension requests and their
// decision, guidance questions and answers. All go through client.ts's one request function
// (createJsonRequest: the CSRF token, error answers as ApiError), and each write takes an optional
// `idempotencyKey`, sent as the `Idempotency-Key` header (the offline queue's retries send the same key).
import { createJsonRequest, type FetchLike, type RequestOptions } from './client.ts';
import type {
  AttachmentKind, AttachmentView, CaseWork, ExtensionDecisionBody, ExtensionRequestBody, ExtensionRequestView, JudicialBody, OutcomeBody,
  SessionBody, SessionView,
} from '../../../server/src/contract/case-work.ts';
import type { GuidanceMode, GuidanceView } from '../../../server/src/contract/cases.ts';
import type { CaseStatus } from '../../../server/src/contract/vocab.ts';

export type WriteOptions = RequestOptions;
export interface VersionAnswer { id: number; version: number; status?: CaseStatus }

export interface CaseWorkClient {
  work(caseId: number, signal?: AbortSignal): Promise<CaseWork>;
  accept(caseId: number, version: number, o?: WriteOptions): Promise<VersionAnswer>;
  addSession(caseId: number, body: SessionBody, o?: WriteOptions): Promise<SessionView>;
  upload(caseId: number, file: Blob, fileName: string, kind: AttachmentKind, o?: WriteOptions): Promise<AttachmentView>;
  close(caseId: number, body: OutcomeBody, o?: WriteOptions): Promise<VersionAnswer>;
  judicial(caseId: number, body: JudicialBody, o?: WriteOptions): Promise<VersionAnswer>;
  requestExtension(caseId: number, body: ExtensionRequestBody, o?: WriteOptions): Promise<ExtensionRequestView>;
  decideExtension(requestId: number, body: ExtensionDecisionBody, o?: WriteOptions): Promise<{ id: number; status: string; version: number; deadline: string | null }>;
  askGuidance(caseId: number, mode: GuidanceMode, question: string, o?: WriteOptions): Promise<GuidanceView>;
  answerGuidance(guidanceId: number, answer: string, o?: WriteOptions): Promise<{ id: number; outcome: string }>;
  /** Where the file is read (same origin, the session cookie): for <img src> and links. */
  fileUrl(attachmentId: number): string;
}

export function createCaseWorkClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): CaseWorkClient {
  const request = createJsonRequest(opts);
  const base = opts.baseUrl ?? '';
  return {
    work: (id, signal) => request('GET', `/api/cases/${id}/work`, undefined, signal),
    accept: (id, version, o) => request('POST', `/api/cases/${id}/accept`, { version }, undefined, o),
    addSession: (id, body, o) => request('POST', `/api/cases/${id}/sessions`, body, undefined, o),
    upload(id, file, fileName, kind, o) {
      const form = new FormData();
      form.set('kind', kind);
      form.set('file', file, fileName);
      return request('POST', `/api/cases/${id}/attachments`, form, undefined, o);
    },
    close: (id, body, o) => request('POST', `/api/cases/${id}/outcome`, body, undefined, o),
    judicial: (id, body, o) => request('POST', `/api/cases/${id}/judicial-confirmation`, body, undefined, o),
    requestExtension: (id, body, o) => request('POST', `/api/cases/${id}/extension-requests`, body, undefined, o),
    decideExtension: (rid, body, o) => request('POST', `/api/extension-requests/${rid}/decide`, body, undefined, o),
    askGuidance: (id, mode, question, o) => request('POST', `/api/cases/${id}/guidance`, { mode, note: question }, undefined, o),
    answerGuidance: (gid, answer, o) => request('POST', `/api/guidance/${gid}/answer`, { answer }, undefined, o),
    fileUrl: (aid) => `${base}/api/attachments/${aid}`,
  };
}

export const caseWorkApi = createCaseWorkClient();
