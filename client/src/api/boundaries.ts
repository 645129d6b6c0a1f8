// Typed client for the boundary import (/api/boundaries/*). The upload goes through XMLHttpRequest
// because fetch reports no upload progress; while the server works, its step indicator
// (GET /api/boundaries/progress/:token) is polled. Types come from server/src/contract/boundaries.ts.
import { ApiError, createJsonRequest, type FetchLike } from './client.ts';
import type {
  BoundaryLevel, BoundaryPreview, BoundaryVersion, ImportChanges, ImportProgress,
} from '../../../server/src/contract/boundaries.ts';

export type { FetchLike };

export interface UploadOptions {
  level: BoundaryLevel;
  crs: string;
  match_by: 'code' | 'name';
  code_property?: string;
  name_property?: string;
  make_valid?: boolean;
  /** Leave out the features with errors (their units keep the current boundary) and check the rest. */
  skip_errors?: boolean;
}

export interface UploadProgress {
  /** 0..1 of the bytes sent; 1 once the file is on the server. */
  sent: number;
  /** The server's step, once it is working on the file. */
  server: ImportProgress | null;
}

export interface ImportListItem {
  id: string; level: BoundaryLevel; status: 'preview' | 'committed'; file_name: string; format: string; crs: string;
  created_at: string; committed_at: string | null; valid_from: string | null; created_by: string | null; can_commit: boolean; cases_changed: number;
}

export interface BoundariesClient {
  upload(file: File, opts: UploadOptions, onProgress?: (p: UploadProgress) => void): Promise<BoundaryPreview>;
  preview(id: string, signal?: AbortSignal): Promise<BoundaryPreview & { status: string }>;
  previewGeojson(id: string, signal?: AbortSignal): Promise<GeoJSON.FeatureCollection>;
  commit(id: string, body: { valid_from?: string; accept_warnings?: boolean }): Promise<ImportChanges>;
  discard(id: string): Promise<void>;
  changes(id: string, signal?: AbortSignal): Promise<ImportChanges>;
  imports(level?: BoundaryLevel, signal?: AbortSignal): Promise<{ items: ImportListItem[] }>;
  versions(level: BoundaryLevel, code?: string, signal?: AbortSignal): Promise<{ total: number; items: BoundaryVersion[] }>;
  /** The preview's problem list as Excel (a link: the browser downloads it with the session cookie). */
  problemsUrl(id: string): string;
}

function errorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return new ApiError(e.code, e.message, status, e.details);
  return new ApiError(`http_${status}`, `服务器返回错误（HTTP ${status}）`, status);
}

const randomToken = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

export function createBoundariesClient(opts: { baseUrl?: string; fetch?: FetchLike; xhr?: () => XMLHttpRequest } = {}): BoundariesClient {
  const baseUrl = opts.baseUrl ?? '';
  const newXhr = opts.xhr ?? (() => new XMLHttpRequest());
  // The JSON calls share the client's request (CSRF token, one retry on csrf_failed, error bodies);
  // DELETE answers 204 without a body.
  const request = createJsonRequest({ baseUrl, fetch: opts.fetch });
  const requestNoBody = createJsonRequest({ baseUrl, fetch: opts.fetch, requireBody: false });
  let token: string | null = null;

  /** The session's CSRF token for the upload (XMLHttpRequest), read from /api/auth/me. */
  async function csrf(): Promise<string> {
    if (!token) token = (await request<{ csrfToken: string }>('GET', '/api/auth/me')).csrfToken;
    return token;
  }

  return {
    async upload(file, o, onProgress) {
      const progressToken = randomToken();
      const csrfToken = await csrf();
      const form = new FormData();
      form.set('level', o.level);
      form.set('crs', o.crs);
      form.set('match_by', o.match_by);
      if (o.code_property) form.set('code_property', o.code_property);
      if (o.name_property) form.set('name_property', o.name_property);
      form.set('make_valid', o.make_valid ? 'true' : 'false');
      form.set('skip_errors', o.skip_errors ? 'true' : 'false');
      form.set('file', file, file.name);
      let sent = 0;
      let server: ImportProgress | null = null;
      let poll: ReturnType<typeof setInterval> | null = null;
      const tell = () => onProgress?.({ sent, server });
      try {
        return await new Promise<BoundaryPreview>((resolve, reject) => {
          const xhr = newXhr();
          xhr.open('POST', `${baseUrl}/api/boundaries/imports`);
          xhr.setRequestHeader('x-csrf-token', csrfToken);
          xhr.setRequestHeader('x-progress-token', progressToken);
          xhr.setRequestHeader('Accept', 'application/json');
          xhr.upload.onprogress = (e) => { if (e.lengthComputable) { sent = e.loaded / e.total; tell(); } };
          xhr.upload.onload = () => {
            sent = 1;
            tell();
            // The file is up: now follow the server's steps until the answer comes.
            poll = setInterval(() => {
              void request<ImportProgress>('GET', `/api/boundaries/progress/${progressToken}`).then((p) => { server = p; tell(); }, () => {});
            }, 400);
          };
          xhr.onerror = () => reject(new ApiError('network_error', '上传失败：无法连接服务器', 0));
          xhr.onload = () => {
            let body: unknown = null;
            try { body = JSON.parse(xhr.responseText); } catch { body = null; }
            if (xhr.status >= 200 && xhr.status < 300 && body) return resolve(body as BoundaryPreview);
            const err = errorOf(xhr.status, body);
            if (err.code === 'csrf_failed') token = null; // the next upload reads it again
            reject(err);
          };
          xhr.send(form);
        });
      } finally {
        if (poll) clearInterval(poll);
      }
    },
    preview: (id, signal) => request('GET', `/api/boundaries/imports/${id}`, undefined, signal),
    previewGeojson: (id, signal) => request('GET', `/api/boundaries/imports/${id}/geojson`, undefined, signal),
    commit: (id, body) => request('POST', `/api/boundaries/imports/${id}/commit`, { confirm: true, ...body }),
    discard: async (id) => { await requestNoBody('DELETE', `/api/boundaries/imports/${id}`); },
    changes: (id, signal) => request('GET', `/api/boundaries/imports/${id}/changes`, undefined, signal),
    imports: (level, signal) => request('GET', `/api/boundaries/imports${level ? `?level=${level}` : ''}`, undefined, signal),
    versions: (level, code, signal) => request('GET', `/api/boundaries/versions?level=${level}${code ? `&code=${code}` : ''}`, undefined, signal),
    problemsUrl: (id) => `${baseUrl}/api/boundaries/imports/${encodeURIComponent(id)}/problems`,
  };
}

export const boundariesApi = createBoundariesClient();
