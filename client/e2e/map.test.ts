// What a newcomer sees: the real server on a fresh embedded database, the built client in headless
// Chromium. Checks the polygons are drawn (rendered features and pixels), labels render, nothing
// is loaded from outside, and keeps a screenshot in test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { colourStats, login, mapBox, renderedProperties, trackOutside, waitForMap } from './page.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;
const outside: string[] = [];
let drawnMs = 0;

beforeAll(async () => {
  server = await serve();
  console.log(`first start (migrate + load district): ${(server.startMs / 1000).toFixed(1)} s`);
  browser = await openBrowser();
  page = await browser.newPage();
  trackOutside(page, server.base, outside);
  const t0 = performance.now();
  await page.goto(server.base + '/');
  // The map is behind the login page: log in as the demo 院领导 (README lists the demo accounts).
  await login(page, 'leader', 'Demo-leader-2026');
  await waitForMap(page, 180_000);
  drawnMs = performance.now() - t0;
  console.log(`map drawn in headless Chromium: ${Math.round(drawnMs)} ms`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rendered = async (layer: string) =>
  [...new Set((await renderedProperties(page, layer)).map((p) => String(p.code ?? p.name)))];

describe('the district map in a browser', () => {
  it('draws all 19 townships and labels them', async () => {
    expect((await rendered('townships-fill')).length).toBe(19);
    expect((await rendered('townships-label')).length).toBeGreaterThan(10);
  });

  it('paints the map: most of the district area is coloured, not background', async () => {
    const file = path.join(ARTIFACTS, 'map-overview.png');
    const png = await page.screenshot({ path: file });
    // Count pixel colours of the map canvas area in the screenshot, decoded in the page itself.
    const stats = await colourStats(page, png, await mapBox(page));
    console.log(`screenshot: ${file}; ${stats.colours} colour classes, ${(stats.nonWhiteShare * 100).toFixed(0)}% non-white`);
    expect(stats.colours).toBeGreaterThan(20);
    expect(stats.nonWhiteShare).toBeGreaterThan(0.2);
  });

  it('says on screen that boundaries are schematic and the data is demo', async () => {
    const text = await page.locator('body').innerText();
    expect(text).toContain('示意');
    expect(text).toContain('演示');
  });

  it('switches to villages and grids and draws them', async () => {
    await page.getByRole('button', { name: /村\(社区\)|村（社区）|村/ }).first().click();
    await page.waitForFunction(() => (window as unknown as { __map: { isStyleLoaded(): boolean } }).__map.isStyleLoaded());
    // Polled: the villages reach the renderer through MapLibre's worker some frames after the style loads.
    await expect.poll(async () => (await rendered('villages-fill')).length, { timeout: 30_000 }).toBeGreaterThan(100);
  });

  it('loads nothing from outside this server', () => {
    expect(outside).toEqual([]);
  });
});

describe('a restart', () => {
  it('reuses the data folder (no new district load) and answers again', async () => {
    await server.stop();
    server = await serve({ dataDir: server.dataDir });
    console.log(`warm restart: ${(server.startMs / 1000).toFixed(1)} s`);
    const health = await (await fetch(server.base + '/api/health')).json();
    expect(health).toMatchObject({ status: 'ok', database: 'embedded' });
    const login = await fetch(server.base + '/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'Demo-leader-2026' }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const areas = await (await fetch(server.base + '/api/areas?level=township', { headers: { cookie } })).json();
    expect(areas.features).toHaveLength(19);
  });
});
