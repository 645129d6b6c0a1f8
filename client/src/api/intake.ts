// Bulk intake of cases (批量导入案件, issue 18 item 2): /api/intake/* and the admin's cause table
// /api/intake-causes, typed from the server's contract; the backlog batch on the new cases.
import type { BatchReport } from '../../../server/src/contract/cases.ts';
import type {
  CauseBody, CauseItem, CausePatch, IntakeCommitAnswer, IntakeCommitBody, IntakeMapping, IntakePreview, RowFixBody,
} from '../../../server/src/contract/intake.ts';
import { createJsonRequest, type FetchLike } from './client.ts';

export interface IntakeClient {
  upload(file: File): Promise<IntakePreview>;
  preview(id: string, signal?: AbortSignal): Promise<IntakePreview>;
  setMapping(id: string, mapping: IntakeMapping): Promise<IntakePreview>;
  fixRow(id: string, row: number, fix: RowFixBody): Promise<IntakePreview>;
  commit(id: string, body: IntakeCommitBody): Promise<IntakeCommitAnswer>;
  /** 立即批量分派: the backlog batch on these cases only. */
  batch(caseIds: number[]): Promise<BatchReport>;
  causes(signal?: AbortSignal): Promise<{ items: CauseItem[] }>;
  createCause(body: CauseBody): Promise<CauseItem>;
  updateCause(id: number, patch: CausePatch): Promise<CauseItem>;
  deleteCause(id: number): Promise<{ ok: true }>;
}

export function createIntakeClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): IntakeClient {
  const request = createJsonRequest(opts);
  return {
    upload: (file) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request('POST', '/api/intake/upload', form);
    },
    preview: (id, signal) => request('GET', `/api/intake/${id}`, undefined, signal),
    setMapping: (id, mapping) => request('PUT', `/api/intake/${id}/mapping`, { mapping }),
    fixRow: (id, row, fix) => request('PATCH', `/api/intake/${id}/rows/${row}`, fix),
    commit: (id, body) => request('POST', `/api/intake/${id}/commit`, body),
    batch: (caseIds) => request('POST', '/api/assign/batch', { confirm: true, case_ids: caseIds }),
    causes: (signal) => request('GET', '/api/intake-causes', undefined, signal),
    createCause: (body) => request('POST', '/api/intake-causes', body),
    updateCause: (id, patch) => request('PATCH', `/api/intake-causes/${id}`, patch),
    deleteCause: (id) => request('DELETE', `/api/intake-causes/${id}`),
  };
}

export const intakeApi = createIntakeClient();
