// Typed client for planning (覆盖规划): /api/coverage/*. Request and answer types come from
// server/src/contract/coverage.ts. Writes carry the session's CSRF token, read once from
// GET /api/auth/me (and again once on 403 csrf_failed).
import { ApiError } from './client.ts';
import type {
  BestSitesAnswer, BestSitesBody, CompareAnswer, CoverageParams, CoverageSummaryAnswer, CoverageUnitsAnswer, PlanningMediator,
  ScenarioBody, ScenarioRow, WhatIfAnswer, WhatIfBody,
} from '../../../server/src/contract/coverage.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface CoverageClient {
  units(p: CoverageParams, signal?: AbortSignal): Promise<CoverageUnitsAnswer>;
  summary(p: CoverageParams, signal?: AbortSignal): Promise<CoverageSummaryAnswer>;
  /** Where the browser downloads the .xlsx list (a plain link: the session cookie goes with it). */
  unitsXlsxUrl(p: CoverageParams): string;
  mediators(signal?: AbortSignal): Promise<{ items: PlanningMediator[] }>;
  whatIf(body: WhatIfBody, signal?: AbortSignal): Promise<WhatIfAnswer>;
  bestSites(body: BestSitesBody, signal?: AbortSignal): Promise<BestSitesAnswer>;
  scenarios(signal?: AbortSignal): Promise<{ items: ScenarioRow[] }>;
  createScenario(body: ScenarioBody): Promise<ScenarioRow>;
  updateScenario(id: number, body: ScenarioBody): Promise<ScenarioRow>;
  deleteScenario(id: number): Promise<void>;
  compare(ids: number[], signal?: AbortSignal): Promise<CompareAnswer>;
}

/** Query string of the coverage parameters (only those given). */
export function paramsQuery(p: CoverageParams): string {
  const q = new URLSearchParams();
  for (const k of ['level', 'radius_m', 'radius_urban_m', 'radius_rural_m', 'from', 'to', 'type'] as const) {
    const v = p[k];
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const errorOf = (body: unknown): { code: string; message: string; details?: unknown } | null => {
  const e = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : null;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string; message: string; details?: unknown }) : null;
};

export function createCoverageClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): CoverageClient {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch: FetchLike = opts.fetch ?? ((i, init) => globalThis.fetch(i, init));
  let token: string | null = null;

  async function send(method: Method, path: string, body: unknown, signal?: AbortSignal): Promise<{ res: Response; body: unknown }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && token) headers['x-csrf-token'] = token;
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    return { res, body: parsed };
  }

  async function readToken(): Promise<void> {
    const r = await send('GET', '/api/auth/me', undefined);
    const t = r.res.ok && typeof r.body === 'object' && r.body !== null ? (r.body as { csrfToken?: unknown }).csrfToken : null;
    token = typeof t === 'string' ? t : null;
  }

  async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    if (method !== 'GET' && !token) await readToken();
    let r = await send(method, path, body, signal);
    if (method !== 'GET' && r.res.status === 403 && errorOf(r.body)?.code === 'csrf_failed') {
      await readToken();
      r = await send(method, path, body, signal);
    }
    if (!r.res.ok) {
      const e = errorOf(r.body);
      if (e) throw new ApiError(e.code, e.message, r.res.status, e.details);
      throw new ApiError(`http_${r.res.status}`, `服务器返回错误（HTTP ${r.res.status}）`, r.res.status);
    }
    return r.body as T;
  }

  return {
    units: (p, signal) => request('GET', `/api/coverage/units${paramsQuery(p)}`, undefined, signal),
    summary: (p, signal) => request('GET', `/api/coverage/summary${paramsQuery(p)}`, undefined, signal),
    unitsXlsxUrl: (p) => `${baseUrl}/api/coverage/units.xlsx${paramsQuery(p)}`,
    mediators: (signal) => request('GET', '/api/coverage/mediators', undefined, signal),
    whatIf: (body, signal) => request('POST', '/api/coverage/what-if', body, signal),
    bestSites: (body, signal) => request('POST', '/api/coverage/best-sites', body, signal),
    scenarios: (signal) => request('GET', '/api/coverage/scenarios', undefined, signal),
    createScenario: (body) => request('POST', '/api/coverage/scenarios', body),
    updateScenario: (id, body) => request('PUT', `/api/coverage/scenarios/${id}`, body),
    deleteScenario: async (id) => { await request<unknown>('DELETE', `/api/coverage/scenarios/${id}`); },
    compare: (ids, signal) => request('GET', `/api/coverage/scenarios/compare?ids=${ids.join(',')}`, undefined, signal),
  };
}

export const coverageApi = createCoverageClient();
