// The answers' headers after the per-request savings (security-headers.ts, compress.ts): helmet's
// headers byte for byte and in order, and compression deciding as the `compression` middleware does.
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { helmetOptions } from '../src/app.ts';
import { helmetHeaders, securityHeaders } from '../src/security-headers.ts';
import { compressLarge } from '../src/compress.ts';
import { createTestApp, type TestApp } from './helpers.ts';

interface Raw { status: number; headers: [string, string][]; body: Buffer }

function raw(base: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode!, headers: headers.filter(([n]) => !/^(date|connection|keep-alive)$/i.test(n)), body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(app: Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => { server.closeAllConnections(); return new Promise((r) => server.close(() => r())); },
  };
}

const decoded = (r: Raw) => {
  const enc = r.headers.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1];
  return enc === 'gzip' ? zlib.gunzipSync(r.body) : enc === 'br' ? zlib.brotliDecompressSync(r.body) : enc === 'deflate' ? zlib.inflateSync(r.body) : r.body;
};

describe('security headers', () => {
  for (const env of [{}, { BASEMAP_URL: 'https://{a}.tile.example.org/{z}/{x}/{y}.png' }]) {
    it(`are helmet's, byte for byte and in order${'BASEMAP_URL' in env ? ' (with a basemap)' : ''}`, async () => {
      const options = helmetOptions(loadConfig({ NODE_ENV: 'test', CLIENT_DIST: '/nonexistent', ...env }));
      const answer = (app: Express) => { app.disable('x-powered-by'); app.get('/x', (_req, res) => { res.json({ ok: true }); }); return listen(app); };
      const a = express(); a.use(helmet(options));
      const b = express(); b.use(securityHeaders(options));
      const [sa, sb] = await Promise.all([answer(a), answer(b)]);
      try {
        const [ra, rb] = await Promise.all([raw(sa.base, '/x'), raw(sb.base, '/x')]);
        expect(rb.headers).toEqual(ra.headers);
        expect(ra.headers.map(([n]) => n.toLowerCase())).toContain('content-security-policy');
        expect(helmetHeaders(options).set).toEqual(ra.headers.filter(([n]) => !/^(content-type|content-length|etag)$/i.test(n)));
      } finally {
        await Promise.all([sa.close(), sb.close()]);
      }
    });
  }
});

describe('compression of large answers only', () => {
  const routes = (app: Express) => {
    app.get('/small', (_req, res) => { res.json({ a: 'x'.repeat(100) }); });
    app.get('/large', (_req, res) => { res.json({ a: 'x'.repeat(40_000) }); });
    app.get('/edge', (_req, res) => { res.json({ a: 'x'.repeat(16 * 1024 - 8) }); }); // exactly the threshold
    app.get('/ended', (_req, res) => { res.status(200).type('application/json; charset=utf-8').end(JSON.stringify({ a: 'y'.repeat(30_000) })); });
    app.get('/no-transform', (_req, res) => { res.set('Cache-Control', 'no-transform').json({ a: 'x'.repeat(40_000) }); });
    app.get('/binary', (_req, res) => { res.type('image/png').send(Buffer.alloc(40_000, 7)); });
    app.get('/stream', (_req, res) => { res.type('text/plain'); for (let i = 0; i < 50; i++) res.write('z'.repeat(1000)); res.end(); });
    app.get('/head-first', (_req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('w'.repeat(40_000)); });
    app.get('/empty', (_req, res) => { res.status(204).end(); });
    return app;
  };
  let old: Awaited<ReturnType<typeof listen>>, neu: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const a = express(); a.use(compression({ threshold: 16 * 1024 })); routes(a);
    const b = express(); b.use(compressLarge(b, 16 * 1024)); routes(b);
    [old, neu] = await Promise.all([listen(a), listen(b)]);
  });
  afterAll(async () => { await Promise.all([old.close(), neu.close()]); });

  for (const path of ['/small', '/large', '/edge', '/ended', '/no-transform', '/binary', '/stream', '/head-first', '/empty']) {
    for (const encoding of ['gzip, deflate, br', 'gzip', 'identity', '']) {
      for (const method of ['GET', 'HEAD']) {
        it(`${method} ${path} (Accept-Encoding: ${encoding || 'none'}) answers as compression does`, async () => {
          const headers = encoding ? { 'accept-encoding': encoding } : undefined;
          const [ra, rb] = await Promise.all([raw(old.base, path, { method, headers }), raw(neu.base, path, { method, headers })]);
          expect(rb.status).toBe(ra.status);
          expect(rb.headers).toEqual(ra.headers);
          expect(decoded(rb).equals(decoded(ra))).toBe(true);
        });
      }
    }
  }
});

describe('the app', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it("sends helmet's headers first and Vary on a small API answer, uncompressed", async () => {
    const r = await raw(t.base, '/api/health', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.status).toBe(200);
    const expected = helmetHeaders(helmetOptions(t.ctx.config)).set;
    expect(r.headers.slice(0, expected.length)).toEqual(expected);
    expect(r.headers).toContainEqual(['Vary', 'Accept-Encoding']);
    expect(r.headers.map(([n]) => n.toLowerCase())).not.toContain('content-encoding');
  });
});
