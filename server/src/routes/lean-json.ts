// A lean JSON body reader for the few hot POST routes whose bodies are a few hundred bytes (the preview):
// it reads the body and JSON.parses it, and leaves everything else — another content type or charset, a
// compressed body, no body — to express.json, which then finds the request finished and skips it.
// Same limit and the same errors as express.json (a 413 `entity.too.large`, a 400 `entity.parse.failed`,
// answered by errors.ts), about a third of its cost per request (no charset, stream or type machinery).
import type { RequestHandler } from 'express';

export function leanJson(paths: readonly string[], limit = 1024 * 1024): RequestHandler {
  const hot = new Set(paths);
  return (req, _res, next) => {
    const type = req.headers['content-type'];
    if (req.method !== 'POST' || !hot.has(req.path) || req.headers['content-encoding'] !== undefined
      || (type !== 'application/json' && type !== 'application/json; charset=utf-8')) {
      next();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (status: number, errType: string, message: string) => {
      if (failed) return;
      failed = true;
      req.unpipe?.();
      req.resume(); // drain the rest, so the connection can answer
      next(Object.assign(new Error(message), { status, type: errType }));
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) fail(413, 'entity.too.large', 'request entity too large');
      else if (!failed) chunks.push(c);
    });
    req.on('error', (e) => fail(400, 'request.aborted', String(e)));
    req.on('end', () => {
      if (failed) return;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      // an empty body is {} as express.json makes it; its strict mode: only an object or an array
      if (text.length === 0) { req.body = {}; next(); return; }
      const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
      if (first !== '{' && first !== '[') { fail(400, 'entity.parse.failed', 'JSON body must be an object or an array'); return; }
      try {
        req.body = JSON.parse(text);
      } catch (e) {
        fail(400, 'entity.parse.failed', String((e as Error).message));
        return;
      }
      next();
    });
  };
}
