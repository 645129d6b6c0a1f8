// Typed client for dispatch (案件分流): /api/cases, /api/assign/*, /api/supervision, /api/guidance, /api/my/cases.
// Request and answer types come from server/src/contract/cases.ts, the schemas the server validates with.
// State-changing requests carry the session's CSRF token in `x-csrf-token` (routes/access.ts); the token is the one
// the login answer gave (setCsrfToken), else read once from GET /api/auth/me, and read again once on 403 csrf_failed.
import { ApiError, queueableWrite, type WriteOptions } from './client.ts';
import { fetchTakingEarly } from './early.ts';
import type {
  AddressMatchInfo, AssignBody, AssignmentRuleAnswer, AssignmentTier, BatchReport, CaseDetail, CaseSummary, CreateCaseBody, ExtendBody, GuidanceBody, GuidancePatch,
  GuidanceView, LocationAnswer, LocationBody, LocationPrecision, PartyView, PreviewAnswer, PreviewBody, StatusBody,
} from '../../../server/src/contract/cases.ts';
import type { CaseSource, CaseStatus, DisputeType } from '../../../server/src/contract/vocab.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Filters of GET /api/cases and GET /api/my/cases (contract listCasesQuery). */
export interface CaseListQuery {
  status?: readonly CaseStatus[];
  type?: DisputeType;
  township?: string;
  village?: string;
  grid?: string;
  mediator?: number;
  source?: CaseSource;
  /** `village`: only the cases located to their village (still to be placed on the map). */
  precision?: LocationPrecision;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  page_size?: number;
}

export interface CaseList {
  total: number;
  items: CaseSummary[];
}

export type SupervisionKind = 'overdue' | 'near_deadline';

export interface SupervisionItem extends CaseSummary {
  /** Whole days to the deadline, negative when overdue (server: floor((deadline − now) / 1 day)). */
  days_left: number | null;
  note_count: number;
}

export interface SupervisionList {
  total: number;
  kind: SupervisionKind;
  items: SupervisionItem[];
}

/** The case as POST /api/cases answers it (services/cases.ts `Created`). */
export interface CreatedCase extends CaseSummary {
  address: string | null;
  coord_system_in: 'wgs84' | 'gcj02' | 'address';
  address_match?: AddressMatchInfo;
  parties: PartyView[];
}

/** One place of a 422 address_ambiguous / address_uncertain answer (error.details.candidates). */
export interface AddressCandidate {
  level: 'village' | 'township';
  code: string;
  name: string;
  township_name: string;
}

/** GET /api/cases/:id/candidates: the ranking of the case's point, with the version to assign at. */
export type CaseCandidates = PreviewAnswer & { case_id: number; version: number };

export interface AssignAnswer {
  outcome: 'assigned';
  id: number;
  version: number;
  mediator_id: number;
  status: 'assigned' | 'mediating';
  reassigned: boolean;
  deadline_at: string;
  tier: AssignmentTier | null;
  distance_m: number | null;
  in_candidates: boolean;
}

export interface StatusAnswer { id: number; version: number; status: CaseStatus }
export interface ExtendAnswer { id: number; version: number; deadline: string; previous_deadline: string }
export interface NoteAnswer { id: number; case_id: number; at: string; author: string | null; note: string }

/** The assignment rule in force, as GET /api/assign/rule answers it (services/assignment-rule.ts ruleAnswer). */
export type AssignmentRuleInfo = AssignmentRuleAnswer;

export interface CasesClient {
  list(q?: CaseListQuery, signal?: AbortSignal): Promise<CaseList>;
  mine(q?: CaseListQuery, signal?: AbortSignal): Promise<CaseList>;
  get(id: number, signal?: AbortSignal): Promise<CaseDetail>;
  create(body: CreateCaseBody): Promise<CreatedCase>;
  preview(body: PreviewBody, signal?: AbortSignal): Promise<PreviewAnswer>;
  candidates(id: number, signal?: AbortSignal): Promise<CaseCandidates>;
  assign(id: number, body: AssignBody): Promise<AssignAnswer>;
  /** Sets the case's exact point (a village-only case becomes point-located); optional for test doubles. */
  setLocation?(id: number, body: LocationBody): Promise<LocationAnswer>;
  /** `opts.queueable`: the write may wait in the offline queue (client.ts WriteOptions). */
  setStatus(id: number, body: StatusBody, opts?: WriteOptions): Promise<StatusAnswer>;
  extend(id: number, body: ExtendBody, opts?: WriteOptions): Promise<ExtendAnswer>;
  addNote(id: number, note: string, opts?: WriteOptions): Promise<NoteAnswer>;
  requestGuidance(id: number, body: GuidanceBody, opts?: WriteOptions): Promise<GuidanceView>;
  updateGuidance(guidanceId: number, patch: GuidancePatch): Promise<GuidanceView>;
  supervision(kind: SupervisionKind, opts?: { days?: number; township?: string; page?: number; page_size?: number }, signal?: AbortSignal): Promise<SupervisionList>;
  batch(limit?: number): Promise<BatchReport>;
  /** The assignment rule in force (GET /api/assign/rule), or null when the server does not answer it (404). */
  rule(signal?: AbortSignal): Promise<AssignmentRuleInfo | null>;
}

export interface CasesClientOptions {
  baseUrl?: string;
  fetch?: FetchLike;
  /** The session's CSRF token; defaults to the one given to setCsrfToken (or read from /api/auth/me). */
  csrfToken?: () => string | null | undefined;
}

// The token of the session, shared by every client of the page; the login code hands it over.
let sharedCsrfToken: string | null = null;

/** Called with the `csrfToken` of the login (or /api/auth/me) answer; null at logout. */
export function setCsrfToken(token: string | null): void {
  sharedCsrfToken = token;
}

/** The session's CSRF token as last handed over (api/field.ts sends it too). */
export const currentCsrfToken = (): string | null => sharedCsrfToken;

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    && typeof (e as { message?: unknown }).message === 'string';
}

export function caseListQuery(q: CaseListQuery | undefined): string {
  const p = new URLSearchParams();
  if (!q) return '';
  if (q.status && q.status.length) p.set('status', q.status.join(','));
  if (q.type) p.set('type', q.type);
  if (q.township) p.set('township', q.township);
  if (q.village) p.set('village', q.village);
  if (q.grid) p.set('grid', q.grid);
  if (q.mediator !== undefined) p.set('mediator', String(q.mediator));
  if (q.source) p.set('source', q.source);
  if (q.precision) p.set('precision', q.precision);
  if (q.overdue !== undefined) p.set('overdue', String(q.overdue));
  if (q.from) p.set('from', q.from);
  if (q.to) p.set('to', q.to);
  if (q.q && q.q.trim()) p.set('q', q.q.trim());
  if (q.page !== undefined) p.set('page', String(q.page));
  if (q.page_size !== undefined) p.set('page_size', String(q.page_size));
  const s = p.toString();
  return s ? `?${s}` : '';
}

type Method = 'GET' | 'POST' | 'PATCH';

export function createCasesClient(opts: CasesClientOptions = {}): CasesClient {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch: FetchLike = opts.fetch ?? fetchTakingEarly;
  const tokenOf = opts.csrfToken ?? (() => sharedCsrfToken);
  let readToken: string | null = null;

  async function send(method: Method, path: string, body: unknown, signal: AbortSignal | undefined, token: string | null): Promise<{ res: Response; body: unknown }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && token) headers['x-csrf-token'] = token;
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0);
    }
    const text = await res.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    return { res, body: parsed };
  }

  /** The session's token from GET /api/auth/me, when nobody handed one over. */
  async function fetchToken(): Promise<string | null> {
    const { res, body } = await send('GET', '/api/auth/me', undefined, undefined, null);
    const t = res.ok && typeof body === 'object' && body !== null ? (body as { csrfToken?: unknown }).csrfToken : null;
    readToken = typeof t === 'string' ? t : null;
    return readToken;
  }

  async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal, opts?: WriteOptions): Promise<T> {
    // A write that may wait in the offline queue goes through the page's one queueable sender.
    if (opts?.queueable && method !== 'GET') return queueableWrite<T>(method, `${baseUrl}${path}`, body, opts.queueable);
    let token: string | null = null;
    if (method !== 'GET') token = tokenOf() ?? readToken ?? (await fetchToken());
    let r = await send(method, path, body, signal, token);
    // A stale token (new login in another tab): read the session's token once and try again.
    if (method !== 'GET' && r.res.status === 403 && isErrorBody(r.body) && r.body.error.code === 'csrf_failed') {
      const fresh = await fetchToken();
      if (fresh && fresh !== token) r = await send(method, path, body, signal, fresh);
    }
    const { res, body: answer } = r;
    if (!res.ok) {
      if (isErrorBody(answer)) throw new ApiError(answer.error.code, answer.error.message, res.status, answer.error.details);
      throw new ApiError(`http_${res.status}`, `服务器返回错误（HTTP ${res.status}）`, res.status);
    }
    if (answer === null) throw new ApiError('invalid_response', '服务器返回的数据无法解析', res.status);
    return answer as T;
  }

  return {
    list: (q, signal) => request<CaseList>('GET', `/api/cases${caseListQuery(q)}`, undefined, signal),
    mine: (q, signal) => request<CaseList>('GET', `/api/my/cases${caseListQuery(q)}`, undefined, signal),
    get: (id, signal) => request<CaseDetail>('GET', `/api/cases/${id}`, undefined, signal),
    create: (body) => request<CreatedCase>('POST', '/api/cases', body),
    preview: (body, signal) => request<PreviewAnswer>('POST', '/api/assign/preview', body, signal),
    candidates: (id, signal) => request<CaseCandidates>('GET', `/api/cases/${id}/candidates`, undefined, signal),
    assign: (id, body) => request<AssignAnswer>('POST', `/api/cases/${id}/assign`, body),
    setLocation: (id, body) => request<LocationAnswer>('POST', `/api/cases/${id}/location`, body),
    setStatus: (id, body, opts) => request<StatusAnswer>('POST', `/api/cases/${id}/status`, body, undefined, opts),
    extend: (id, body, opts) => request<ExtendAnswer>('POST', `/api/cases/${id}/extend`, body, undefined, opts),
    addNote: (id, note, opts) => request<NoteAnswer>('POST', `/api/cases/${id}/notes`, { note }, undefined, opts),
    requestGuidance: (id, body, opts) => request<GuidanceView>('POST', `/api/cases/${id}/guidance`, body, undefined, opts),
    updateGuidance: (gid, patch) => request<GuidanceView>('PATCH', `/api/guidance/${gid}`, patch),
    supervision(kind, o = {}, signal) {
      const p = new URLSearchParams({ kind });
      if (o.days !== undefined) p.set('days', String(o.days));
      if (o.township) p.set('township', o.township);
      if (o.page !== undefined) p.set('page', String(o.page));
      if (o.page_size !== undefined) p.set('page_size', String(o.page_size));
      return request<SupervisionList>('GET', `/api/supervision?${p.toString()}`, undefined, signal);
    },
    // The server refuses a batch without `confirm: true`: the caller has asked the dispatcher first.
    batch: (limit) => request<BatchReport>('POST', '/api/assign/batch', limit === undefined ? { confirm: true } : { confirm: true, limit }),
    async rule(signal) {
      try {
        return await request<AssignmentRuleInfo>('GET', '/api/assign/rule', undefined, signal);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
        throw e;
      }
    },
  };
}

export const casesApi = createCasesClient();
