// AMAP_LINKS (review fix): the AMap link names an outside host, so it is off unless the court turns it on;
// the client learns the setting from GET /api/config (amap_links), as it learns the basemap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createTestApp, type TestApp } from './helpers.ts';

let off: TestApp;
let on: TestApp;
beforeAll(async () => {
  off = await createTestApp({ as: null });
  on = await createTestApp({ as: null, env: { AMAP_LINKS: 'on' }, sharing: off });
});
afterAll(async () => { await on.close(); await off.close(); });

describe('AMAP_LINKS', () => {
  it('is off by default and served in /api/config, anonymous like the basemap', async () => {
    expect((await (await off.get('/api/config')).json()).amap_links).toBe(false);
    expect((await (await on.get('/api/config')).json()).amap_links).toBe(true);
  });

  it('takes only on or off', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).AMAP_LINKS).toBe('off');
    expect(() => loadConfig({ NODE_ENV: 'test', AMAP_LINKS: 'yes' })).toThrow(/AMAP_LINKS/);
  });
});
