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
    // Last line of defence: a value the database refused as malformed came from the client and slipped
    // past validation (the schemas in contract/ should have refused it). A 400, and a warning to fix it.
    const refused = typeof err?.code === 'string' ? CLIENT_DATA_CODES[err.code] : undefined;
    if (refused) {
      log.warn({ err: String(err.message ?? ''), pgcode: err.code, method: req.method, url: req.originalUrl }, 'bad input reached the database: validate it in contract/');
      res.status(400).json({ error: { code: refused.code, message: refused.message, details: { reason: String(err.message ?? '') } } });
      return;
    }
    const down = databaseFault(err);
    if (down) {
      // The database is down, restarting or out of disk: the request changed nothing (its transaction
      // did not commit), so the client may retry.
      log.warn({ err: (err as Error)?.message, method: req.method, url: req.originalUrl, code: down }, 'database unavailable');
      res.status(503).set('Retry-After', '5').json({
        error: down === 'disk_full'
          ? { code: 'disk_full', message: '服务器磁盘已满，本次操作未保存：请联系管理员清理磁盘后重试', details: { retryable: true } }
          : { code: 'database_unavailable', message: '数据库暂时不可用，本次操作未保存，请稍后重试', details: { retryable: true } },
      });
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员' } });
  };
}

/** PostgreSQL errors (class 22, data exception) that mean a bad value from the request, not a fault. */
const CLIENT_DATA_CODES: Record<string, { code: string; message: string }> = {
  '22021': { code: 'invalid_characters', message: '请求中含有无法保存的字符（如 NUL 控制字符），请删除后重试' },
  '22P05': { code: 'invalid_characters', message: '请求中含有无法保存的字符（如不成对的 UTF-16 代理项），请删除后重试' },
  '22P02': { code: 'invalid_input', message: '请求中有格式不正确的值（如编号、数字或日期），请检查后重试' },
  '22003': { code: 'invalid_input', message: '请求中的数值超出允许范围（编号最大 2147483647），请检查后重试' },
  '22007': { code: 'invalid_input', message: '请求中的日期或时间格式不正确，请使用 YYYY-MM-DD' },
  '22008': { code: 'invalid_input', message: '请求中的日期或时间超出允许范围，请检查后重试' },
  '22001': { code: 'invalid_input', message: '请求中的文字过长，请缩短后重试' },
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);

/** A failure of the database itself (not of the request): 'unavailable', 'disk_full', or null. */
export function databaseFault(err: unknown): 'unavailable' | 'disk_full' | null {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === '53100' || /ENOSPC|No space left on device/i.test(message)) return 'disk_full';
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return 'unavailable';
  if (e.name === 'KnexTimeoutError') return 'unavailable';
  if (/Connection terminated|connection error|Client was closed|terminating connection|the database system is (starting up|shutting down)/i.test(message)) return 'unavailable';
  return null;
}
