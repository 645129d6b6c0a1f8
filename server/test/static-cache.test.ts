// The built client's caching: files under assets/ are named by their content hash and kept by the browser
// without asking again (a second session loads the map library from its own cache); everything else
// (index.html, sw.js, the manifest) is asked for again as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let dist: string;
beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'sw.js'), '// sw');
  fs.writeFileSync(path.join(dist, 'assets', 'MapView-AbC123.js'), 'export {};');
  t = await createTestApp({ env: { CLIENT_DIST: dist } });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('static files', () => {
  it('hashed assets are immutable, the rest is revalidated within the hour', async () => {
    const asset = await fetch(`${t.base}/assets/MapView-AbC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const sw = await fetch(`${t.base}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('public, max-age=3600');
    const page = await fetch(`${t.base}/dispatch`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).not.toContain('immutable');
  });
});
