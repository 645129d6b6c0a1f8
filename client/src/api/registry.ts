// Typed client for the registry (调解名册): /api/mediators, /api/organisations, /api/tribunals,
// /api/registry/* (template, import with upload progress, export) and the public directory.
// Types come from server/src/contract/registry.ts, the schemas the server validates with.
// Writes carry the session's CSRF token, read once from GET /api/auth/me (and again on 403 csrf_failed).
import { ApiError } from './client.ts';
import type {
  DeactivateAnswer, DirectoryAnswer, ImportCommitAnswer, ImportKind, ImportPreview, MediatorBody, MediatorDetail, MediatorItem,
  MediatorPatch, OrganisationBody, OrganisationDetail, OrganisationItem, OrganisationPatch, TribunalBody, TribunalItem, TribunalPatch,
} from '../../../server/src/contract/registry.ts';
import type { SpecialtyBody, SpecialtyItem } from '../../../server/src/contract/specialties.ts';
import type { MediatorKind, MediatorStatus, OrganisationKind, Specialty } from '../../../server/src/contract/vocab.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface MediatorFilter {
  kind?: MediatorKind[];
  status?: MediatorStatus[];
  township?: string;
  village?: string;
  grid?: string;
  tribunal?: number;
  organisation?: number;
  specialty?: string;
  liaison?: boolean;
  q?: string;
  bbox?: [number, number, number, number];
  page?: number;
  page_size?: number;
}

export interface OrganisationFilter {
  kind?: OrganisationKind[];
  status?: ('active' | 'withdrawn')[];
  township?: string;
  village?: string;
  tribunal?: number;
  industry?: Specialty;
  q?: string;
  bbox?: [number, number, number, number];
  page?: number;
  page_size?: number;
}

export interface Page<T> { total: number; items: T[] }

/** `?a=b&…` of a filter: arrays comma-joined, empty values left out. */
export function filterQuery(f: object | undefined): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else {
      p.set(k, String(v).trim());
    }
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface RegistryClient {
  mediators(f?: MediatorFilter, signal?: AbortSignal): Promise<Page<MediatorItem>>;
  mediator(id: number, signal?: AbortSignal): Promise<MediatorDetail>;
  createMediator(body: MediatorBody): Promise<MediatorDetail>;
  updateMediator(id: number, patch: MediatorPatch): Promise<MediatorDetail>;
  deactivateMediator(id: number, body: { version: number; date?: string; reason?: string }): Promise<DeactivateAnswer>;
  deleteMediator(id: number): Promise<{ ok: true }>;
  organisations(f?: OrganisationFilter, signal?: AbortSignal): Promise<Page<OrganisationItem>>;
  organisation(id: number, signal?: AbortSignal): Promise<OrganisationDetail>;
  createOrganisation(body: OrganisationBody): Promise<OrganisationDetail>;
  updateOrganisation(id: number, patch: OrganisationPatch): Promise<OrganisationDetail>;
  deactivateOrganisation(id: number, body: { version: number; date?: string; reason?: string }): Promise<OrganisationDetail>;
  tribunals(signal?: AbortSignal): Promise<Page<TribunalItem>>;
  createTribunal(body: TribunalBody): Promise<TribunalItem>;
  /** The specialties vocabulary (专长), specialist industries first. */
  specialties(signal?: AbortSignal): Promise<SpecialtyItem[]>;
  createSpecialty(body: SpecialtyBody): Promise<SpecialtyItem>;
  updateTribunal(id: number, patch: TribunalPatch): Promise<TribunalItem & { open_cases_moved: number }>;
  /** Upload for a preview; `onProgress` gets 0…1 of the upload, then null while the server checks. */
  previewImport(kind: ImportKind, file: File, onProgress?: (share: number | null) => void): Promise<ImportPreview>;
  /** `onlyValid`: import the rows without problems (still all or nothing for those). */
  commitImport(token: string, onlyValid?: boolean): Promise<ImportCommitAnswer>;
  /** URL of a preview's problem rows as .xlsx (the original rows and a 问题 column). */
  problemsUrl(token: string): string;
  templateUrl(kind: ImportKind): string;
  exportUrl(kind: 'mediators' | 'organisations' | 'tribunals', f?: object): string;
  directory(signal?: AbortSignal): Promise<DirectoryAnswer>;
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

function answerOf<T>(status: number, text: string): T {
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (status < 200 || status >= 300) {
    if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, status, body.error.details);
    throw new ApiError(`http_${status}`, `服务器返回错误（HTTP ${status}）`, status);
  }
  if (body === null) throw new ApiError('invalid_response', '服务器返回的数据无法解析', status);
  return body as T;
}

export function createRegistryClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): RegistryClient {
  const baseUrl = opts.baseUrl ?? '';
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let token: string | null = null;

  async function fetchToken(): Promise<string | null> {
    const res = await doFetch(`${baseUrl}/api/auth/me`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = res.ok ? ((await res.json()) as { csrfToken?: string }) : null;
    token = body?.csrfToken ?? null;
    return token;
  }

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const write = method !== 'GET';
    const go = async (tok: string | null) => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (write && tok) headers['x-csrf-token'] = tok;
      try {
        return await doFetch(`${baseUrl}${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}), ...(signal ? { signal } : {}) });
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        throw new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0);
      }
    };
    let tok = write ? (token ?? (await fetchToken())) : null;
    let res = await go(tok);
    let text = await res.text();
    if (write && res.status === 403 && text.includes('csrf_failed')) {
      tok = await fetchToken();
      res = await go(tok);
      text = await res.text();
    }
    return answerOf<T>(res.status, text);
  }

  // XMLHttpRequest, not fetch: only it reports upload progress.
  async function upload<T>(path: string, file: File, onProgress?: (share: number | null) => void): Promise<T> {
    try {
      return await uploadOnce<T>(path, file, token ?? (await fetchToken()), onProgress);
    } catch (e) {
      // A stale token (a new login in another tab): read the session's token once and send again.
      if (e instanceof ApiError && e.code === 'csrf_failed') return uploadOnce<T>(path, file, await fetchToken(), onProgress);
      throw e;
    }
  }

  function uploadOnce<T>(path: string, file: File, tok: string | null, onProgress?: (share: number | null) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${baseUrl}${path}`);
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      if (tok) xhr.setRequestHeader('x-csrf-token', tok);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); };
      xhr.upload.onload = () => onProgress?.(null);
      xhr.onerror = () => reject(new ApiError('network_error', '无法连接服务器，请检查网络后重试', 0));
      xhr.onload = () => {
        try {
          resolve(answerOf<T>(xhr.status, xhr.responseText));
        } catch (e) {
          reject(e);
        }
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  }

  return {
    mediators: (f, signal) => request('GET', `/api/mediators${filterQuery(f)}`, undefined, signal),
    mediator: (id, signal) => request('GET', `/api/mediators/${id}`, undefined, signal),
    createMediator: (body) => request('POST', '/api/mediators', body),
    updateMediator: (id, patch) => request('PATCH', `/api/mediators/${id}`, patch),
    deactivateMediator: (id, body) => request('POST', `/api/mediators/${id}/deactivate`, body),
    deleteMediator: (id) => request('DELETE', `/api/mediators/${id}`),
    organisations: (f, signal) => request('GET', `/api/organisations${filterQuery(f)}`, undefined, signal),
    organisation: (id, signal) => request('GET', `/api/organisations/${id}`, undefined, signal),
    createOrganisation: (body) => request('POST', '/api/organisations', body),
    updateOrganisation: (id, patch) => request('PATCH', `/api/organisations/${id}`, patch),
    deactivateOrganisation: (id, body) => request('POST', `/api/organisations/${id}/deactivate`, body),
    tribunals: (signal) => request('GET', '/api/tribunals', undefined, signal),
    createTribunal: (body) => request('POST', '/api/tribunals', body),
    specialties: (signal) => request('GET', '/api/specialties', undefined, signal),
    createSpecialty: (body) => request('POST', '/api/specialties', body),
    updateTribunal: (id, patch) => request('PATCH', `/api/tribunals/${id}`, patch),
    previewImport: (kind, file, onProgress) => upload(`/api/registry/import/${kind}/preview`, file, onProgress),
    commitImport: (t, onlyValid) => request('POST', '/api/registry/import/commit', onlyValid ? { token: t, only_valid: true } : { token: t }),
    problemsUrl: (t) => `${baseUrl}/api/registry/import/problems?token=${encodeURIComponent(t)}`,
    templateUrl: (kind) => `${baseUrl}/api/registry/template/${kind}`,
    exportUrl: (kind, f) => `${baseUrl}/api/registry/export/${kind}${filterQuery({ ...(f ?? {}), page: undefined, page_size: undefined })}`,
    directory: (signal) => request('GET', '/api/public/directory', undefined, signal),
  };
}

export const registryApi = createRegistryClient();
