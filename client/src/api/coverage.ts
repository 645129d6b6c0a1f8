// Typed client for planning (覆盖规划): /api/coverage/*. Request and answer types come from
// server/src/contract/coverage.ts. Writes carry the session's CSRF token, read once from
// GET /api/auth/me (and again once on 403 csrf_failed), by createJsonRequest in client.ts.
import { createJsonRequest, type FetchLike } from './client.ts';
import type {
  BestSitesAnswer, BestSitesBody, CompareAnswer, CoverageParams, CoverageSummaryAnswer, CoverageUnitsAnswer, PlanningMediator,
  ScenarioBody, ScenarioRow, WhatIfAnswer, WhatIfBody,
} from '../../../server/src/contract/coverage.ts';

export type { FetchLike };

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

export function createCoverageClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): CoverageClient {
  const baseUrl = opts.baseUrl ?? '';
  // Empty answers are allowed: a DELETE answers without a body.
  const request = createJsonRequest({ ...opts, requireBody: false });

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
