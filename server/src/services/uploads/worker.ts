// Runs in a worker thread (run.ts starts one per upload): reads the uploaded file under the limits and
// posts back the result, or the HttpError that refused it. Nothing here touches the database.
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { HttpError } from '../../errors.ts';
import type { UploadJob } from './run.ts';
import type { UploadLimits } from './limits.ts';

const { job, limits } = workerData as { job: UploadJob; limits: UploadLimits };

// Reading a file must not take the CPU from the requests: this thread lowers its own priority (Linux:
// setpriority on the thread's id, from /proc/thread-self; elsewhere nothing happens).
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) os.setPriority(tid, 10);
} catch {
  // not Linux, or not allowed: the thread keeps the process's priority
}

async function run(): Promise<unknown> {
  const buffer = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  if (job.task === 'boundary') {
    const { prepareBoundaryFile } = await import('../boundaries/prepare.ts');
    return prepareBoundaryFile(job.name, buffer, job.crs, limits);
  }
  if (job.task === 'table') {
    const { readTable } = await import('../registry/import-read.ts');
    return readTable(job.name, job.mime, buffer, limits);
  }
  const { readImportFile } = await import('../registry/import-read.ts');
  return readImportFile(job.kind, job.name, job.mime, buffer, limits);
}

try {
  parentPort!.postMessage({ ok: true, value: await run() });
} catch (e) {
  if (e instanceof HttpError) parentPort!.postMessage({ ok: false, error: { status: e.status, code: e.code, message: e.message, details: e.details } });
  else parentPort!.postMessage({ ok: false, bug: String((e as Error)?.stack ?? e) });
}
