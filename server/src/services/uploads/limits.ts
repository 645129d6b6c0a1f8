// The limits an upload is read under (settings UPLOAD_* in config.ts), and the one error that names a
// crossed limit: 413 upload_limit with { limit: <setting>, max, value } in details.
import type { Config } from '../../config.ts';
import { HttpError } from '../../errors.ts';

export interface UploadLimits {
  maxEntryBytes: number;
  maxInflatedBytes: number;
  maxEntries: number;
  maxFeatures: number;
  maxVertices: number;
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
  workerMemoryMb: number;
  timeoutMs: number;
  workers: number;
  queue: number;
}

const MB = 1024 * 1024;

export function uploadLimits(c: Config): UploadLimits {
  return {
    maxEntryBytes: Math.round(c.UPLOAD_MAX_ENTRY_MB * MB),
    maxInflatedBytes: Math.round(c.UPLOAD_MAX_INFLATED_MB * MB),
    maxEntries: c.UPLOAD_MAX_ENTRIES,
    maxFeatures: c.UPLOAD_MAX_FEATURES,
    maxVertices: c.UPLOAD_MAX_VERTICES,
    maxRows: c.UPLOAD_MAX_ROWS,
    maxColumns: c.UPLOAD_MAX_COLUMNS,
    maxCellChars: c.UPLOAD_MAX_CELL_CHARS,
    workerMemoryMb: c.UPLOAD_WORKER_MEMORY_MB,
    timeoutMs: Math.round(c.UPLOAD_TIMEOUT_SECONDS * 1000),
    workers: c.UPLOAD_WORKERS,
    queue: c.UPLOAD_QUEUE,
  };
}

const n = (v: number) => v.toLocaleString('en-US');
export const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/**
 * A crossed limit. `what` says what was counted (Chinese), `max` the limit, `value` what the file had
 * when reading stopped (`atLeast`: reading stopped there, the file has at least that much).
 */
export function limitError(setting: string, what: string, max: number, value: number, opts: { bytes?: boolean; atLeast?: boolean } = {}): HttpError {
  const show = opts.bytes ? mb : n;
  return new HttpError(
    413, 'upload_limit',
    `${what}超过 ${show(max)} 上限（本文件${opts.atLeast ? '至少' : ''} ${show(value)}）：请拆分后分批导入，或请管理员调整设置 ${setting}`,
    { limit: setting, max, value },
  );
}
