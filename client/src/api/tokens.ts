// Typed client for personal access tokens (个人访问令牌): /api/auth/tokens. Types come from
// server/src/contract/tokens.ts; writes carry the session's CSRF token (createJsonRequest).
import { createJsonRequest, type FetchLike } from './client.ts';
import type { AccessTokenItem, CreatedToken } from '../../../server/src/contract/tokens.ts';

export type { AccessTokenItem, CreatedToken };

export interface TokensClient {
  list(signal?: AbortSignal): Promise<{ items: AccessTokenItem[] }>;
  create(body: { name: string; days: number; read_only: boolean }): Promise<CreatedToken>;
  revoke(id: number): Promise<AccessTokenItem>;
}

export function createTokensClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): TokensClient {
  const request = createJsonRequest(opts);
  return {
    list: (signal) => request('GET', '/api/auth/tokens', undefined, signal),
    create: (body) => request('POST', '/api/auth/tokens', body),
    revoke: (id) => request('DELETE', `/api/auth/tokens/${id}`),
  };
}
