// The only module that calls fetch: one typed client for our server's API.
import type { AppConfig, AreaCollection, CaseFilter, Health, Summary } from './types.ts';
import type { AreaLevel } from '../../../server/src/contract/vocab.ts';

/** An error the API answered with (or a failure to reach it), with a Chinese message to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    && typeof (e as { message?: unknown }).message === 'string';
}

export function filterQuery(filter: CaseFilter | undefined, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  if (filter?.from) q.set('from', filter.from);
  if (filter?.to) q.set('to', filter.to);
  if (filter?.type) q.set('type', filter.type);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface ApiClient {
  health(signal?: AbortSignal): Promise<Health>;
  config(signal?: AbortSignal): Promise<AppConfig | null>;
  areas(level: AreaLevel, filter?: CaseFilter, signal?: AbortSignal): Promise<AreaCollection>;
  summary(filter?: CaseFilter, signal?: AbortSignal): Promise<Summary>;
  /** Absolute template URL of the cases vector tiles (MapLibre needs absolute tile URLs). */
  casesTileUrl(filter?: CaseFilter): string;
}

export function createApiClient(baseUrl = '', fetchImpl?: FetchLike): ApiClient {
  const doFetch: FetchLike = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(path: string, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, { headers: { Accept: 'application/json' }, signal });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0);
    }
    let body: unknown = null;
    const text = await res.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    if (!res.ok) {
      if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, res.status, body.error.details);
      throw new ApiError(`http_${res.status}`, `服务器返回错误（HTTP ${res.status}）`, res.status);
    }
    if (body === null) throw new ApiError('invalid_response', '服务器返回的数据无法解析', res.status);
    return body as T;
  }

  return {
    health: (signal) => request<Health>('/api/health', signal),
    async config(signal) {
      try {
        return await request<AppConfig>('/api/config', signal);
      } catch (e) {
        // Older servers have no /api/config: run without a basemap.
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    areas: (level, filter, signal) => request<AreaCollection>(`/api/areas${filterQuery(filter, { level })}`, signal),
    summary: (filter, signal) => request<Summary>(`/api/stats/summary${filterQuery(filter)}`, signal),
    casesTileUrl(filter) {
      const origin = baseUrl || (typeof location !== 'undefined' ? location.origin : '');
      return `${origin}/api/tiles/cases/{z}/{x}/{y}.mvt${filterQuery(filter)}`;
    },
  };
}

export const api = createApiClient();
