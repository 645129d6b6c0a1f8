// AMAP_LINKS (review fix): the AMap link names an outside host, so it is off unless the court turns it on.
// Its URL template is server configuration too (AMAP_MARKER_URL): the client learns it from GET /api/config
// (amap_marker_url, null when off), as it learns the basemap, and only fills it in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMAP_MARKER_URL_DEFAULT, loadConfig } from '../src/config.ts';
import { createTestApp, type TestApp } from './helpers.ts';

const OWN = 'https://maps.court.example/marker?at={lng},{lat}&label={name}';
let off: TestApp;
let on: TestApp;
let own: TestApp;
let offWithUrl: TestApp;
beforeAll(async () => {
  off = await createTestApp({ as: null });
  on = await createTestApp({ as: null, env: { AMAP_LINKS: 'on' }, sharing: off });
  own = await createTestApp({ as: null, env: { AMAP_LINKS: 'on', AMAP_MARKER_URL: OWN }, sharing: off });
  offWithUrl = await createTestApp({ as: null, env: { AMAP_MARKER_URL: OWN }, sharing: off });
});
afterAll(async () => { await offWithUrl.close(); await own.close(); await on.close(); await off.close(); });

const markerUrl = async (app: TestApp) => (await (await app.get('/api/config')).json()).amap_marker_url;

describe('AMAP_LINKS and AMAP_MARKER_URL', () => {
  it('serve no template by default, and the AMap one when turned on, in /api/config, anonymous like the basemap', async () => {
    expect(await markerUrl(off)).toBeNull();
    expect(await markerUrl(on)).toBe(AMAP_MARKER_URL_DEFAULT);
    expect(new URL(AMAP_MARKER_URL_DEFAULT).host).toBe('uri.amap.com');
  });

  it('serve the court\'s own template, only when the links are on', async () => {
    expect(await markerUrl(own)).toBe(OWN);
    expect(await markerUrl(offWithUrl)).toBeNull();
  });

  it('take only on or off, and a http(s) template with {lng} and {lat}', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).AMAP_LINKS).toBe('off');
    expect(() => loadConfig({ NODE_ENV: 'test', AMAP_LINKS: 'yes' })).toThrow(/AMAP_LINKS/);
    expect(() => loadConfig({ NODE_ENV: 'test', AMAP_MARKER_URL: 'https://uri.amap.com/marker?position=1,2' })).toThrow(/AMAP_MARKER_URL.*\{lng\}/);
    expect(() => loadConfig({ NODE_ENV: 'test', AMAP_MARKER_URL: 'javascript:alert({lng},{lat})' })).toThrow(/AMAP_MARKER_URL/);
  });
});
