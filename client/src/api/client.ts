// The only module that calls fetch: one typed client for our server's API.
import type { AppConfig, AreaCollection, CaseFilter, Health, Summary } from './types.ts';
import type { AreaLevel } from '../../../server/src/contract/vocab.ts';
import type { AuditItem, LoginAnswer, PublicUser, Role } from '../../../server/src/contract/auth.ts';
import { setCsrfToken } from './cases.ts';
import { fetchTakingEarly, forgetEarly } from './early.ts';
// A cycle on purpose: the queue sends with sendWrite below; neither module uses the other while loading.
import { enqueue } from '../offline/queue.ts';

/** Codes with which the server says the session is gone: the app goes back to the login page. */
export const SESSION_END_CODES: readonly string[] = ['session_expired', 'unauthenticated'];
const sessionEndListeners = new Set<(code: string) => void>();
/** Called whenever any API answer says the session has ended (any client of this folder). */
export function onSessionEnd(listener: (code: string) => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

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
    // Every client in api/ turns error answers into an ApiError: one place to notice a session's end.
    if (status === 401 && SESSION_END_CODES.includes(code)) for (const l of sessionEndListeners) l(code);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

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
  /** Logs in; the session cookie is set by the server, the CSRF token kept for later writes. */
  login(username: string, password: string): Promise<LoginAnswer>;
  logout(): Promise<void>;
  /** The current session (after a reload), or null when nobody is logged in. */
  me(signal?: AbortSignal): Promise<LoginAnswer | null>;
  users(signal?: AbortSignal): Promise<{ items: AdminUser[] }>;
  createUser(body: NewUser): Promise<AdminUser>;
  updateUser(id: number, body: UserChanges): Promise<AdminUser>;
  audit(query: AuditFilter, signal?: AbortSignal): Promise<{ total: number; items: AuditItem[] }>;
}

export interface AdminUser extends PublicUser {
  /** The work phone (a mediator's tel: link to their dispatcher). */
  phone: string | null;
  is_demo: boolean;
  created_at: string;
  last_login_at: string | null;
}
export interface NewUser {
  username: string;
  display_name: string;
  role: Role;
  password: string;
  tribunal_id?: number | null;
  mediator_id?: number | null;
}
export type UserChanges = Partial<Pick<NewUser, 'display_name' | 'role' | 'password' | 'tribunal_id' | 'mediator_id'>> & { active?: boolean; phone?: string | null };
export interface AuditFilter {
  from?: string;
  to?: string;
  user?: string;
  action?: string;
  page?: number;
  page_size?: number;
}

/** The session's CSRF token, shared by every client of the page (api/cases.ts keeps its own copy in step). */
let csrfToken: string | null = null;
function keepToken(token: string | null): void {
  csrfToken = token;
  setCsrfToken(token);
}

export function createApiClient(baseUrl = '', fetchImpl?: FetchLike): ApiClient {
  const doFetch: FetchLike = fetchImpl ?? fetchTakingEarly;

  async function request<T>(path: string, signal?: AbortSignal, method = 'GET', payload?: unknown): Promise<T> {
    let res: Response;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    try {
      res = await doFetch(`${baseUrl}${path}`, {
        method, headers, signal, credentials: 'same-origin',
        ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
      });
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
    async login(username, password) {
      const answer = await request<LoginAnswer>('/api/auth/login', undefined, 'POST', { username, password });
      forgetEarly();
      keepToken(answer.csrfToken);
      return answer;
    },
    async logout() {
      try {
        await request<unknown>('/api/auth/logout', undefined, 'POST', {});
      } finally {
        forgetEarly();
        keepToken(null);
      }
    },
    async me(signal) {
      try {
        const answer = await request<LoginAnswer>('/api/auth/me', signal);
        keepToken(answer.csrfToken);
        return answer;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    users: (signal) => request<{ items: AdminUser[] }>('/api/users', signal),
    createUser: (body) => request<AdminUser>('/api/users', undefined, 'POST', body),
    updateUser: (id, body) => request<AdminUser>(`/api/users/${id}`, undefined, 'PATCH', body),
    audit(query, signal) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
      const s = q.toString();
      return request<{ total: number; items: AuditItem[] }>(`/api/audit${s ? `?${s}` : ''}`, signal);
    },
    casesTileUrl(filter) {
      const origin = baseUrl || (typeof location !== 'undefined' ? location.origin : '');
      return `${origin}/api/tiles/cases/{z}/{x}/{y}.mvt${filterQuery(filter)}`;
    },
  };
}

export const api = createApiClient();

// --- for the area clients (assessment.ts, …): a query string and a JSON request that carries the CSRF token ---

/** Query string of the parameters that have a value (`?a=1&b=x`, or '' when none has). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** A JSON request; a FormData body (a file upload) is sent as multipart/form-data instead. Options: WriteOptions below. */
export type JsonRequest = <T>(method: Method, path: string, body?: unknown, signal?: AbortSignal, options?: WriteOptions) => Promise<T>;
/** Per-request options of a write (the same as WriteOptions). */
export type RequestOptions = WriteOptions;

/**
 * A JSON request function of its own CSRF token: read from GET /api/auth/me before the first write, and
 * again once after a 403 csrf_failed. Error answers become ApiError; with `requireBody` (the default) so
 * does an empty or unparsable answer.
 */
export function createJsonRequest(opts: { baseUrl?: string; fetch?: FetchLike; requireBody?: boolean } = {}): JsonRequest {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const requireBody = opts.requireBody ?? true;
  let token: string | null = null;

  async function send(method: Method, path: string, body: unknown, signal?: AbortSignal, options?: RequestOptions): Promise<{ res: Response; body: unknown }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    // A FormData body sets its own multipart Content-Type (with the boundary).
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && token) headers['x-csrf-token'] = token;
    if (options?.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: form ? (body as FormData) : JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
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
    const { res, body } = await send('GET', '/api/auth/me', undefined);
    const t = res.ok && typeof body === 'object' && body !== null ? (body as { csrfToken?: unknown }).csrfToken : null;
    token = typeof t === 'string' ? t : null;
  }

  return async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal, options?: WriteOptions): Promise<T> {
    if (options?.queueable && method !== 'GET') return queueableWrite<T>(method, `${baseUrl}${path}`, body, options.queueable);
    if (method !== 'GET' && !token) await readToken();
    let r = await send(method, path, body, signal, options);
    if (method !== 'GET' && r.res.status === 403 && isErrorBody(r.body) && r.body.error.code === 'csrf_failed') {
      await readToken();
      r = await send(method, path, body, signal, options);
    }
    if (!r.res.ok) {
      if (isErrorBody(r.body)) throw new ApiError(r.body.error.code, r.body.error.message, r.res.status, r.body.error.details);
      throw new ApiError(`http_${r.res.status}`, `服务器返回错误（HTTP ${r.res.status}）`, r.res.status);
    }
    if (requireBody && r.body === null) throw new ApiError('invalid_response', '服务器返回的数据无法解析', r.res.status);
    return r.body as T;
  };
}

// --- writes that may wait in the offline queue (src/offline/queue.ts) -------------------------------

/**
 * Options of a write. `queueable`: the write may wait in the phone's offline queue — its label there
 * (e.g. `状态变更 · 案件 #12036`). Such a write carries an `Idempotency-Key`; when the network fails it is
 * stored on the device and the call rejects with QueuedWrite; the queue sends it when the connection
 * returns, with the same key, so the server runs it once however often it is sent.
 */
export interface WriteOptions {
  queueable?: string;
  /** Sent as `Idempotency-Key` (a write that is not queued but may be retried by its caller). */
  idempotencyKey?: string;
}

/** The write was stored in the offline queue: not an error, the caller says so and moves on. */
export class QueuedWrite extends ApiError {
  constructor(label: string) {
    super('queued', `网络不可用：「${label}」已保存在本机的待发送队列，联网后自动发送`, 0);
    this.name = 'QueuedWrite';
  }
}

/** A write's body: JSON, or a multipart form (photos) that the queue stores as parts. */
export type WriteBody = unknown;

/**
 * Sends one write with its Idempotency-Key and the session's CSRF token (read from /api/auth/me when the
 * page has none, and again once after 403 csrf_failed). Never throws for an answer; status 0 means the
 * network failed.
 */
export async function sendWrite(method: Method, path: string, body: WriteBody, key: string): Promise<{ status: number; body: unknown }> {
  const once = async (): Promise<{ status: number; body: unknown }> => {
    const headers: Record<string, string> = { Accept: 'application/json', 'Idempotency-Key': key };
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    try {
      const res = await globalThis.fetch(path, {
        method, headers, credentials: 'same-origin',
        ...(body !== undefined ? { body: form ? (body as FormData) : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
      return { status: res.status, body: parsed };
    } catch {
      return { status: 0, body: null };
    }
  };
  const readToken = async () => {
    try {
      const res = await globalThis.fetch('/api/auth/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const b = res.ok ? ((await res.json()) as { csrfToken?: unknown }) : null;
      if (b && typeof b.csrfToken === 'string') keepToken(b.csrfToken);
    } catch { /* offline: the write's own attempt says so */ }
  };
  if (!csrfToken) await readToken();
  let r = await once();
  if (r.status === 403 && isErrorBody(r.body) && r.body.error.code === 'csrf_failed') {
    await readToken();
    r = await once();
  }
  return r;
}

/** The error a write's answer stands for (the queue shows its message). */
export function answerError(r: { status: number; body: unknown }): ApiError {
  if (r.status === 0) return new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0);
  if (isErrorBody(r.body)) return new ApiError(r.body.error.code, r.body.error.message, r.status, r.body.error.details);
  return new ApiError(`http_${r.status}`, `服务器返回错误（HTTP ${r.status}）`, r.status);
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context: plain-HTTP LAN addresses get a v4 UUID by hand). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A queueable write: sent at once when the phone is online; when it is offline or the network fails, kept in
 * the queue (rejects with QueuedWrite). Any answer of the server is the caller's as usual.
 */
export async function queueableWrite<T>(method: Method, path: string, body: WriteBody, label: string): Promise<T> {
  const key = newIdempotencyKey();
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const r = offline ? { status: 0, body: null } : await sendWrite(method, path, body, key);
  const again = r.status === 0 || r.status === 503 || (r.status === 409 && isErrorBody(r.body) && r.body.error.code === 'idempotency_in_progress');
  if (again) {
    await enqueue({ key, method, path, body, label });
    throw new QueuedWrite(label);
  }
  if (r.status < 200 || r.status >= 300) throw answerError(r);
  return r.body as T;
}
