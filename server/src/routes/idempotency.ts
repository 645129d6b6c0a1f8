// Idempotency-Key (issue 14, the offline queue): a write sent with the header runs at most once per user
// and key; a retry gets the stored answer (same status and body, header `Idempotency-Replayed: true`).
//
// Why a claim row first and not the handler's transaction: every service opens its own transaction
// (services/*.ts `knex.transaction`), which a middleware cannot reach without changing each of them. So
// the key is claimed before the handler runs (INSERT … ON CONFLICT DO NOTHING: the database decides which
// of two concurrent retries runs; the other gets 409 idempotency_in_progress and tries again later), and
// the answer is stored before it is sent. Answers that did not complete a write — 401/403 (session, CSRF,
// role), 429 and 5xx (the write's transaction rolled back) — release the key so a retry runs again. The one
// gap: a process that dies between the write's commit and the stored answer leaves a claimed key, whose
// retries answer 409 until the key expires (7 days); the write itself is not repeated.
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../app.ts';
import { HttpError } from '../errors.ts';
import { claimKey, releaseKey, storeAnswer } from '../db/idempotency-keys.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3600 * 1000;
const KEY = /^[A-Za-z0-9_:.-]{8,100}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Answers that changed nothing on the server: the key is let go so that a retry runs. */
const releases = (status: number) => status === 401 || status === 403 || status === 429 || status >= 500;

/**
 * What the same request must repeat: method, path with query and body. A JSON body is hashed as parsed
 * (the client sends the same text each time); a multipart body (photos) is hashed by its length only,
 * since its boundary changes with every send and it is read later by the upload route.
 */
export function requestHash(method: string, path: string, contentType: string | undefined, body: unknown, length: string | undefined): string {
  const isMultipart = (contentType ?? '').toLowerCase().startsWith('multipart/');
  const content = isMultipart ? `multipart:${length ?? ''}` : JSON.stringify(body ?? null);
  return crypto.createHash('sha256').update(`${method} ${path}\n${content}`).digest('hex');
}

export function idempotency(ctx: AppContext): RequestHandler {
  const knex = ctx.db.knex;
  // Synchronous for a request without the header (nearly all): no promise per request.
  const keyed = async (req: Request, res: Response, next: NextFunction, key: string) => {
    if (!KEY.test(key)) {
      throw new HttpError(400, 'invalid_idempotency_key', `Idempotency-Key 格式不正确（8–100 个字母、数字或 _:.-）：${key.slice(0, 120)}`);
    }
    const userId = req.actor!.id;
    const path = req.originalUrl;
    const hash = requestHash(req.method, path, req.get('content-type'), req.body, req.get('content-length'));
    const now = ctx.now();
    const claim = await claimKey(knex, { user_id: userId, key, method: req.method, path, request_hash: hash, created_at: new Date(now) }, new Date(now - IDEMPOTENCY_TTL_MS));
    if (!claim.claimed) {
      const e = claim.existing;
      if (e.request_hash !== hash) {
        throw new HttpError(422, 'idempotency_key_reused', '同一个 Idempotency-Key 已用于另一个请求（内容不同），本次未执行：请为新的操作使用新的键', { method: e.method, path: e.path });
      }
      if (e.response_status === null) {
        throw new HttpError(409, 'idempotency_in_progress', '同一请求正在处理中，请稍后再试', { retryable: true });
      }
      res.set('Idempotency-Replayed', 'true').status(e.response_status);
      if (e.response_body === null) res.end();
      else res.json(e.response_body);
      return;
    }
    keepAnswer(res, (status, body) => (releases(status) ? releaseKey(knex, userId, key) : storeAnswer(knex, userId, key, status, body)));
    res.on('close', () => {
      if (res.locals.idempotencyKept) return;
      // An answer without a JSON body (204) is kept by its status; an aborted request lets the key go.
      const done = res.writableFinished && !releases(res.statusCode);
      void (done ? storeAnswer(knex, userId, key, res.statusCode, undefined) : releaseKey(knex, userId, key))
        .catch((err: unknown) => ctx.log.warn({ err }, 'idempotency key not kept'));
    });
    next();
  };
  return (req, res, next) => {
    const key = req.headers['idempotency-key'];
    // Without a user there is nothing to key by: the route's rule answers 401.
    if (key === undefined || !WRITES.has(req.method) || !req.actor) return next();
    return keyed(req, res, next, req.get(IDEMPOTENCY_HEADER)!);
  };
}

/** Stores the answer before it is sent, so a retry that arrives right after sees it. */
function keepAnswer(res: Response, keep: (status: number, body: unknown) => Promise<void>): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    res.locals.idempotencyKept = true;
    res.json = json; // once: the stored answer, then the original behaviour
    keep(res.statusCode, body).then(
      () => json(body),
      () => json(body), // the write is done: answer it even if its key could not be stored
    );
    return res;
  };
}
