// Typed client for the field work of issue 14: the user's own password change, accounts for registry
// mediators (admin: picker and bulk creation) and grid reports (网格上报). Types come from the server's
// contract (contract/auth.ts, contract/reports.ts). Writes carry the session's CSRF token.
import { createJsonRequest, type FetchLike } from './client.ts';
import type { CreatedMediatorAccount, LoginAnswer, MediatorOption } from '../../../server/src/contract/auth.ts';
import type { ReportAnswer, ReportBody } from '../../../server/src/contract/reports.ts';
import { DISPUTE_TYPES } from '../../../server/src/contract/vocab.ts';

export interface FieldClient {
  changePassword(current_password: string, new_password: string): Promise<LoginAnswer>;
  mediatorOptions(q: { q?: string; without_account?: boolean; limit?: number }, signal?: AbortSignal): Promise<MediatorOption[]>;
  createMediatorAccounts(mediator_ids: number[]): Promise<CreatedMediatorAccount[]>;
  /** A report and its photos in one request; offline it waits in the queue (rejects with QueuedWrite). */
  report(body: ReportBody, photos?: readonly File[]): Promise<ReportAnswer>;
}

export function createFieldClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): FieldClient {
  const request = createJsonRequest(opts);
  return {
    changePassword: (current_password, new_password) => request<LoginAnswer>('POST', '/api/auth/password', { current_password, new_password }),
    async mediatorOptions(q, signal) {
      const p = new URLSearchParams();
      if (q.q?.trim()) p.set('q', q.q.trim());
      if (q.without_account) p.set('without_account', 'true');
      if (q.limit) p.set('limit', String(q.limit));
      const s = p.toString();
      return (await request<{ items: MediatorOption[] }>('GET', `/api/users/mediator-options${s ? `?${s}` : ''}`, undefined, signal)).items;
    },
    createMediatorAccounts: async (mediator_ids) => (await request<{ items: CreatedMediatorAccount[] }>('POST', '/api/users/mediator-accounts', { mediator_ids })).items,
    report(body, photos = []) {
      const queueable = `网格上报 · ${DISPUTE_TYPES[body.dispute_type]}${photos.length ? ` · ${photos.length} 张照片` : ''}`;
      if (photos.length === 0) return request<ReportAnswer>('POST', '/api/reports', body, undefined, { queueable });
      const form = new FormData();
      form.set('report', JSON.stringify(body));
      for (const p of photos) form.append('photos', p, p.name);
      return request<ReportAnswer>('POST', '/api/reports', form, undefined, { queueable });
    },
  };
}

export const fieldApi = createFieldClient();
