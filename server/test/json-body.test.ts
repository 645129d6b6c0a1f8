// json-body.ts against express.json: the same status, error and parsed body for every kind of body.
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody } from '../src/json-body.ts';

const LIMIT = 1024 * 1024;

function send(base: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
    const headers: Record<string, string | number> = { ...opts.headers };
    if (body && !opts.chunked) headers['content-length'] = body.length;
    const req = http.request(`${base}/x`, { method: opts.method ?? 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    if (body && opts.chunked) { req.write(body.subarray(0, 3)); req.end(body.subarray(3)); } else req.end(body);
  });
}

const app = (parser: express.RequestHandler): Express => {
  const a = express();
  a.use(parser);
  a.all('/x', (req, res) => { res.json({ has: 'body' in req, body: req.body === undefined ? '<undefined>' : req.body }); });
  a.use(((err, _req, res, _next) => { res.status(err.status ?? 500).json({ type: err.type, message: err.message, expose: err.expose }); }) as ErrorRequestHandler);
  return a;
};

async function listen(a: Express) {
  const server = a.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())); } };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const cases: [string, Parameters<typeof send>[1]][] = [
  ['an object', { headers: JSON_TYPE, body: '{"lng":114.07,"lat":32.12,"dispute_type":"family"}' }],
  ['an array', { headers: JSON_TYPE, body: '[1,2,3]' }],
  ['leading whitespace', { headers: JSON_TYPE, body: ' \n\t{"a":1}' }],
  ['a BOM', { headers: JSON_TYPE, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"é"}')]) }],
  ['an empty body', { headers: JSON_TYPE, body: '' }],
  ['whitespace only', { headers: JSON_TYPE, body: '   ' }],
  ['invalid JSON', { headers: JSON_TYPE, body: '{"a":' }],
  ['a string (strict)', { headers: JSON_TYPE, body: '"text"' }],
  ['a number with whitespace (strict)', { headers: JSON_TYPE, body: '  42' }],
  ['null (strict)', { headers: JSON_TYPE, body: 'null' }],
  ['a lone surrogate', { headers: JSON_TYPE, body: '{"a":"\\ud800"}' }],
  ['invalid UTF-8', { headers: JSON_TYPE, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }],
  ['charset utf-8', { headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":1}' }],
  ['charset UTF-8 upper case', { headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{"a":1}' }],
  ['charset latin1 (refused)', { headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"a":1}' }],
  ['another type', { headers: { 'content-type': 'text/plain' }, body: '{"a":1}' }],
  ['no type', { body: '{"a":1}' }],
  ['a +json type', { headers: { 'content-type': 'application/vnd.api+json' }, body: '{"a":1}' }],
  ['over the limit', { headers: JSON_TYPE, body: JSON.stringify({ a: 'x'.repeat(LIMIT) }) }],
  ['exactly the limit', { headers: JSON_TYPE, body: JSON.stringify({ a: 'x'.repeat(LIMIT - 8) }) }],
  ['chunked', { headers: JSON_TYPE, body: '{"a":[1,2]}', chunked: true }],
  ['chunked invalid', { headers: JSON_TYPE, body: '{"a":[1,2', chunked: true }],
  ['gzip-encoded', { headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: zlib.gzipSync('{"a":1}') }],
  ['an unknown encoding', { headers: { ...JSON_TYPE, 'content-encoding': 'zz' }, body: '{"a":1}' }],
  ['a GET without body', { method: 'GET' }],
  ['a GET with a JSON body', { method: 'GET', headers: JSON_TYPE, body: '{"a":1}' }],
  ['a DELETE with an empty JSON body', { method: 'DELETE', headers: JSON_TYPE, body: '' }],
];

describe('jsonBody answers as express.json', () => {
  let a: Awaited<ReturnType<typeof listen>>, b: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => { [a, b] = await Promise.all([listen(app(express.json({ limit: LIMIT }))), listen(app(jsonBody(LIMIT)))]); });
  afterAll(async () => { await Promise.all([a.close(), b.close()]); });
  for (const [name, opts] of cases) {
    it(name, async () => {
      const [ra, rb] = await Promise.all([send(a.base, opts), send(b.base, opts)]);
      expect(rb).toEqual(ra);
    });
  }
});
