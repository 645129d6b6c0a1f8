// The JSON body of a request, read with less work per request than express.json (body-parser: raw-body,
// iconv-lite, type-is, content-type parsing, on-finished listeners) for the common case: a request
// that declares `application/json` (charset utf-8 or none), its Content-Length within the limit, and no
// Content-Encoding. Such a body is read, decoded (a BOM dropped, as iconv-lite does) and parsed here.
// Every other request goes to express.json itself; so does any body this parse refuses (invalid JSON,
// not an object or array, a short read): it is replayed to express.json, whose answer (413, 400 with its
// error type and message, 415) is thus the same. test/json-body.test.ts compares both on many bodies.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const FAST_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
const STRICT_FIRST = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/; // body-parser's strict mode: an object or an array

export function jsonBody(limitBytes: number): RequestHandler {
  const parser = express.json({ limit: limitBytes });

  /** Gives express.json the bytes already read, as a stream with the request's headers. */
  const replay = (req: Request, res: Response, next: NextFunction, body: Buffer) => {
    const fake = Object.assign(Readable.from(body.length ? [body] : []), {
      headers: req.headers, method: req.method, url: req.url, complete: true, socket: Object.assign(new EventEmitter(), { readable: true }),
    }) as unknown as Request;
    parser(fake, res, (err?: unknown) => {
      if (!err) req.body = fake.body;
      next(err);
    });
  };

  return (req, res, next) => {
    const h = req.headers;
    if (h['transfer-encoding'] === undefined && h['content-length'] === undefined) {
      // no body: what express.json does with such a request
      const r = req as { body?: unknown };
      if (!('body' in r)) r.body = undefined;
      return next();
    }
    const type = h['content-type']?.toLowerCase();
    const length = Number(h['content-length']);
    if (type === undefined || !FAST_TYPES.has(type) || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined
      || !(length >= 0 && length <= limitBytes) || !/^\d+$/.test(h['content-length']!) || req.complete) {
      return parser(req, res, next);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { chunks.push(c); size += c.length; });
    req.once('end', () => {
      const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      if (size !== length) return replay(req, res, next, buf);
      let text = buf.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) { req.body = {}; return next(); }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return replay(req, res, next, buf);
      }
      const first = text[0] === '{' || text[0] === '[' ? text[0] : STRICT_FIRST.exec(text)?.[1];
      if (first !== '{' && first !== '[') return replay(req, res, next, buf);
      req.body = value;
      next();
    });
    req.once('error', (err) => next(Object.assign(err, { status: 400, type: 'request.aborted' })));
  };
}
