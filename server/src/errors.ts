// One error type for every 4xx/5xx answer, and the middleware that renders it.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Turns a zod failure into a 400 whose details name every bad field. */
export function invalidInput(error: ZodError, code = 'invalid_input', message = '请求参数有误'): HttpError {
  const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new HttpError(400, code, `${message}：${details.map((d) => `${d.path || '请求'} ${d.message}`).join('；')}`, details);
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `没有这个接口：${req.method} ${req.path}`));
};

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    // body-parser errors carry a status and type: answer them as the client's fault.
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 400 && status < 500) {
      const code = err.type === 'entity.too.large' ? 'body_too_large' : err.type === 'entity.parse.failed' ? 'invalid_json' : 'bad_request';
      const message = code === 'body_too_large' ? '请求体过大' : code === 'invalid_json' ? '请求体不是合法的 JSON' : '请求无效';
      res.status(status).json({ error: { code, message, details: { reason: String(err.message ?? '') } } });
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员' } });
  };
}
