// What a newcomer sees: the real server on a fresh embedded database, the built client in headless
// Chromium. Checks the polygons are drawn (rendered features and pixels), labels render, nothing
// is loaded from outside, and keeps a screenshot in test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';

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
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.base) && !u.startsWith('blob:') && !u.startsWith('data:')) outside.push(u);
  });
  const t0 = performance.now();
  await page.goto(server.base + '/');
  // The map is behind the login page: log in as the demo 院领导 (README lists the demo accounts).
  await page.getByLabel('用户名').fill('leader');
  await page.getByLabel('密码').fill('Demo-leader-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  drawnMs = performance.now() - t0;
  console.log(`map drawn in headless Chromium: ${Math.round(drawnMs)} ms`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rendered = (layer: string) =>
  page.evaluate((l) => {
    const map = (window as unknown as { __map: { queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[] } }).__map;
    return [...new Set(map.queryRenderedFeatures({ layers: [l] }).map((f) => String(f.properties.code ?? f.properties.name)))];
  }, layer);

describe('the district map in a browser', () => {
  it('draws all 19 townships and labels them', async () => {
    expect((await rendered('townships-fill')).length).toBe(19);
    expect((await rendered('townships-label')).length).toBeGreaterThan(10);
  });

  it('paints the map: most of the district area is coloured, not background', async () => {
    const file = path.join(ARTIFACTS, 'map-overview.png');
    const png = await page.screenshot({ path: file });
    const canvas = await page.locator('canvas.maplibregl-canvas').boundingBox();
    // Count pixel colours of the map canvas area in the screenshot, decoded in the page itself.
    const stats = await page.evaluate(
      async ({ b64, box }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const d = g.getImageData(box.x, box.y, box.width, box.height).data;
        const colours = new Set<number>();
        let nonWhite = 0;
        for (let i = 0; i < d.length; i += 16) {
          colours.add((d[i]! >> 3 << 10) | (d[i + 1]! >> 3 << 5) | (d[i + 2]! >> 3));
          if (d[i]! < 235 || d[i + 1]! < 235 || d[i + 2]! < 235) nonWhite++;
        }
        return { colours: colours.size, nonWhiteShare: nonWhite / (d.length / 16) };
      },
      { b64: png.toString('base64'), box: canvas! },
    );
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
    await page.waitForTimeout(500);
    expect((await rendered('villages-fill')).length).toBeGreaterThan(100);
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
