// The security headers of every answer (helmet's: CSP, HSTS, frame, referrer, …), computed once.
// helmet's own middleware is a chain of 13 small middlewares run on every request; its headers depend
// only on the options, so they are taken from helmet itself at start (the same names, values and
// order, byte for byte: test/security-headers.test.ts) and set by one function.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export interface HeaderSet {
  set: [name: string, value: string][];
  removed: string[];
}

/** What helmet does to a response with these options: the headers it sets and those it removes. */
export function helmetHeaders(options: HelmetOptions): HeaderSet {
  const out: HeaderSet = { set: [], removed: [] };
  const res = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`helmet header ${name} is not a fixed string`);
      out.set.push([name, value]);
      return res;
    },
    removeHeader(name: string) { out.removed.push(name); },
  };
  let done = false;
  let failure: unknown = null;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => { done = true; failure = err ?? null; });
  // Every helmet middleware is synchronous: anything else (a per-request nonce) cannot be precomputed.
  if (!done || failure) throw new Error(`helmet headers cannot be computed once: ${String(failure ?? 'asynchronous middleware')}`);
  return out;
}

export function securityHeaders(options: HelmetOptions): RequestHandler {
  const { set, removed } = helmetHeaders(options);
  return (_req, res, next) => {
    for (let i = 0; i < set.length; i++) res.setHeader(set[i]![0], set[i]![1]);
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]!);
    next();
  };
}
