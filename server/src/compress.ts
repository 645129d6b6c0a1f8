// Compression of large answers, at no cost to small ones. The `compression` middleware wraps
// res.write, res.end, res.on and res.writeHead of every response (closures, a close listener, the
// on-headers hook), though it compresses only answers of `threshold` bytes or more. Here a response
// is only marked; the app's response prototype decides at its first output: a whole answer under the
// threshold given to res.end (every res.json and res.send) is sent as it is, with the same
// `Vary: Accept-Encoding` compression would add; any other first output (a larger answer, a first
// res.write of a stream, an explicit writeHead) installs `compression` on that response first, which
// then decides and compresses as it always did. Streams (res.write, pipe) register their 'drain'
// listener after their first write, so the installed middleware sees it.
import type { Express, RequestHandler, Response } from 'express';
import compression from 'compression';

const ARMED = Symbol('compression armed');
type Armed = Response & { [ARMED]?: boolean };

const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/; // compression's own test of Cache-Control
const noop = () => undefined;

const chunkLength = (chunk: unknown, encoding: unknown): number =>
  !chunk ? 0 : Buffer.isBuffer(chunk) ? chunk.length : Buffer.byteLength(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);

export function compressLarge(app: Express, threshold: number): RequestHandler {
  const full = compression({ threshold });
  const proto = app.response as unknown as Record<'end' | 'write' | 'writeHead', (...args: unknown[]) => unknown>;
  const { end, write, writeHead } = proto;
  const install = (res: Armed) => {
    res[ARMED] = false;
    full(res.req, res, noop);
  };
  proto.end = function (this: Armed, chunk?: unknown, encoding?: unknown, ...rest: unknown[]) {
    if (this[ARMED] && !this.headersSent) {
      // compression's own test: the Content-Length header if set, else the length of this chunk
      const header = this.getHeader('Content-Length');
      const small = header ? Number(header) < threshold : chunkLength(chunk, encoding) < threshold;
      if (!small) {
        install(this);
        return (this.end as (...a: unknown[]) => unknown).call(this, chunk, encoding, ...rest);
      }
      this[ARMED] = false;
      const cacheControl = this.getHeader('Cache-Control');
      if (compression.filter(this.req, this) && (!cacheControl || !NO_TRANSFORM.test(String(cacheControl)))) this.vary('Accept-Encoding');
    }
    return end.call(this, chunk, encoding, ...rest);
  };
  proto.write = function (this: Armed, ...args: unknown[]) {
    if (this[ARMED] && !this.headersSent) {
      install(this);
      return (this.write as (...a: unknown[]) => unknown).apply(this, args);
    }
    return write.apply(this, args);
  };
  proto.writeHead = function (this: Armed, ...args: unknown[]) {
    if (this[ARMED]) {
      install(this);
      return (this.writeHead as (...a: unknown[]) => unknown).apply(this, args);
    }
    return writeHead.apply(this, args);
  };
  return (_req, res, next) => {
    (res as Armed)[ARMED] = true;
    next();
  };
}
