// One way to read an uploaded file: in a worker thread, off the event loop, so an import being read
// never stops the other routes. Each upload gets a fresh worker with a heap limit (a file that needs
// more kills its worker, not the server, and the memory returns when the worker ends) and a time limit.
// At most `limits.workers` run at once; `limits.queue` more wait; beyond that 503 uploads_busy.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { REPO_ROOT } from '../../config.ts';
import type { ImportKind } from '../../contract/registry.ts';
import { HttpError } from '../../errors.ts';
import type { UploadLimits } from './limits.ts';

export type UploadJob =
  | { task: 'boundary'; name: string; data: Uint8Array; crs: string }
  | { task: 'registry'; name: string; data: Uint8Array; kind: ImportKind; mime: string | undefined }
  | { task: 'table'; name: string; data: Uint8Array; mime: string | undefined };

// From the repository root, not from this module: `npm start` runs the server from a bundle
// (server/dist); the worker always runs the TypeScript source through tsx.
const HERE = path.join(REPO_ROOT, 'server', 'src', 'services', 'uploads');
const BOOT = pathToFileURL(path.join(HERE, 'worker-boot.mjs'));
const ENTRY = pathToFileURL(path.join(HERE, 'worker.ts')).href;
/** Seconds a refused upload is told to wait. */
export const BUSY_RETRY_SECONDS = 10;

let running = 0;
const waiting: (() => void)[] = [];

async function slot(limits: UploadLimits): Promise<void> {
  if (running < limits.workers) {
    running++;
    return;
  }
  if (waiting.length >= limits.queue) {
    throw new HttpError(503, 'uploads_busy', `服务器正在读取其他上传的文件，请 ${BUSY_RETRY_SECONDS} 秒后重试`, { retry_after_seconds: BUSY_RETRY_SECONDS });
  }
  // The finishing upload hands its slot over (running stays as it is).
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release() {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

/** Uploads being read or waiting (tests). */
export const uploadsInFlight = () => running + waiting.length;

/** `job.data` is handed over to the worker: the caller must not read it afterwards. */
export async function readUpload<T>(job: UploadJob, limits: UploadLimits): Promise<T> {
  await slot(limits);
  try {
    return await inWorker<T>(job, limits);
  } finally {
    release();
  }
}

function inWorker<T>(job: UploadJob, limits: UploadLimits): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // A buffer that owns its memory is moved to the worker, not copied (the route does not read it again).
    const own = job.data.byteOffset === 0 && job.data.byteLength === job.data.buffer.byteLength && job.data.buffer instanceof ArrayBuffer;
    const worker = new Worker(BOOT, {
      workerData: { entry: ENTRY, job, limits },
      transferList: own ? [job.data.buffer as ArrayBuffer] : [],
      // Not the parent's flags (tsx is registered by the boot file; --expose-gc etc. are not needed).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.workerMemoryMb },
    });
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new HttpError(
      413, 'upload_limit', `读取文件超过 ${limits.timeoutMs / 1000} 秒上限：文件过大或过于复杂，请拆分后分批导入，或请管理员调整设置 UPLOAD_TIMEOUT_SECONDS`,
      { limit: 'UPLOAD_TIMEOUT_SECONDS', max: limits.timeoutMs / 1000 },
    ))), limits.timeoutMs);
    worker.once('message', (m: { ok: true; value: T } | { ok: false; error?: { status: number; code: string; message: string; details?: unknown }; bug?: string }) => finish(() => {
      if (m.ok) resolve(m.value);
      else if (m.error) reject(new HttpError(m.error.status, m.error.code, m.error.message, m.error.details));
      else reject(new Error(`upload worker failed: ${m.bug}`));
    }));
    worker.once('error', (err: Error & { code?: string }) => finish(() => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(new HttpError(
          413, 'upload_limit', `读取文件所需内存超过 ${limits.workerMemoryMb} MB 上限：文件过大或过于复杂，请拆分后分批导入，或请管理员调整设置 UPLOAD_WORKER_MEMORY_MB`,
          { limit: 'UPLOAD_WORKER_MEMORY_MB', max: limits.workerMemoryMb },
        ));
      } else reject(err);
    }));
    worker.once('exit', (code) => finish(() => reject(new Error(`upload worker exited (${code}) without an answer`))));
  });
}
