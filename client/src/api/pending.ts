// What waits across cases (server: routes/case-work.ts GET /api/pending/…): extension requests for the
// dispatcher to decide and guidance questions for a dispatcher or a leader to answer.
import { createJsonRequest, type FetchLike } from './client.ts';
import type { PendingExtension, PendingGuidance, PendingList } from '../../../server/src/contract/case-work.ts';

export interface PendingClient {
  extensions(signal?: AbortSignal): Promise<PendingList<PendingExtension>>;
  guidance(signal?: AbortSignal): Promise<PendingList<PendingGuidance>>;
}

export function createPendingClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): PendingClient {
  const request = createJsonRequest(opts);
  return {
    extensions: (signal) => request('GET', '/api/pending/extension-requests?page_size=200', undefined, signal),
    guidance: (signal) => request('GET', '/api/pending/guidance?page_size=200', undefined, signal),
  };
}

export const pendingApi = createPendingClient();
