import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('GET /api/health', () => {
  it('names the database kind and the PostGIS version', async () => {
    const res = await t.get('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ status: 'ok', database: inject('database').kind, postgis: expect.stringMatching(/^3\.\d+/) });
  });
});

describe('errors', () => {
  it('answers unknown API routes with the error shape', async () => {
    await expectError(await t.get('/api/nothing-here'), 404, 'not_found');
  });
  it('answers invalid JSON bodies with 400 invalid_json', async () => {
    const res = await fetch(`${t.base}/api/areas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    await expectError(res, 400, 'invalid_json');
  });
  it('answers over-large bodies with 413 body_too_large', async () => {
    const res = await fetch(`${t.base}/api/areas`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(2_000_000) }) });
    await expectError(res, 413, 'body_too_large');
  });
  it('sets secure headers', async () => {
    const res = await t.get('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
