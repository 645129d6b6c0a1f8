// Typed client for the field work of issue 14: the user's own password change, accounts for registry
// mediators (admin: picker and bulk creation) and grid reports (网格上报). Types come from the server's
// contract (contract/auth.ts, contract/reports.ts). Writes carry the session's CSRF token.
import { ApiError } from './client.ts';
import { currentCsrfToken } from './cases.ts';
import type { CreatedMediatorAccount, LoginAnswer, MediatorOption } from '../../../server/src/contract/auth.ts';
import type { ReportAnswer, ReportBody } from '../../../server/src/contract/reports.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface FieldClient {
  changePassword(current_password: string, new_password: string): Promise<LoginAnswer>;
  mediatorOptions(q: { q?: string; without_account?: boolean; limit?: number }, signal?: AbortSignal): Promise<MediatorOption[]>;
  createMediatorAccounts(mediator_ids: number[]): Promise<CreatedMediatorAccount[]>;
  report(body: ReportBody): Promise<ReportAnswer>;
}

export function createFieldClient(opts: { baseUrl?: string; fetch?: FetchLike; csrfToken?: () => string | null } = {}): FieldClient {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const token = opts.csrfToken ?? currentCsrfToken;

  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const t = method === 'GET' ? null : token();
    if (t) headers['x-csrf-token'] = t;
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0);
    }
    let parsed: unknown = null;
    try { parsed = JSON.parse(await res.text()); } catch { parsed = null; }
    if (!res.ok) {
      const e = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
      if (e && typeof e.code === 'string' && typeof e.message === 'string') throw new ApiError(e.code, e.message, res.status, e.details);
      throw new ApiError(`http_${res.status}`, `服务器返回错误（HTTP ${res.status}）`, res.status);
    }
    if (parsed === null) throw new ApiError('invalid_response', '服务器返回的数据无法解析', res.status);
    return parsed as T;
  }

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
    report: (body) => request<ReportAnswer>('POST', '/api/reports', body),
  };
}

export const fieldApi = createFieldClient();
