// What the upload routes share: a refusal because every upload worker is busy says when to come back.
import type { Response } from 'express';
import { HttpError } from '../errors.ts';
import { BUSY_RETRY_SECONDS } from '../services/uploads/run.ts';

/** `work`'s answer; a 503 uploads_busy gets a Retry-After header on its way to the error middleware. */
export async function retryLater<T>(res: Response, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof HttpError && e.code === 'uploads_busy') res.set('Retry-After', String(BUSY_RETRY_SECONDS));
    throw e;
  }
}
