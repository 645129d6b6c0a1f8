// A case located only to its village (issue 15) in headless Chromium on the real server: registered by
// address through the API, opened in 案件分流 — the tag "位置：仅到村（社区）", candidates ranked by village, the case
// drawn hollow at the village's point — then its point set by a click on the map (在地图上设定位置): the tag goes
// and the case has its grid. Screenshots go to test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login } from './page.ts';
import { session } from './api-session.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;

type MapHandle = { queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[]; project(p: [number, number]): { x: number; y: number }; loaded(): boolean; isMoving(): boolean };

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a village-only case in 案件分流', () => {
  it('is labelled, ranked by village, drawn hollow, and its point set by a map click', async () => {
    const api = await session(server, 'dispatcher');
    const created = await api.call<{ id: number; location_precision: string; lng: number; lat: number }>('POST', '/api/cases', {
      title: '测试：仅到村的相邻纠纷', dispute_type: 'neighbour', address: '董家河镇高岭村', parties: [{ name: '测试甲', role: 'applicant' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.location_precision).toBe('village');
    const id = created.body.id;

    await page.goto(`${server.base}/cases/${id}`);
    await login(page, 'dispatcher', 'Demo-dispatcher-2026');
    await page.waitForSelector('[data-testid="case-panel"] [data-testid="precision-tag"]', { timeout: 180_000 });
    expect(await page.locator('[data-testid="case-panel"] [data-testid="precision-tag"]').first().textContent()).toBe('位置：仅到村（社区）');
    await page.waitForSelector('body[data-dispatch-ready="true"]', { timeout: 180_000 });
    await page.waitForFunction(() => { const m = (window as unknown as { __map: MapHandle }).__map; return m.loaded() && !m.isMoving(); });
    const drawn = await page.evaluate(() => (window as unknown as { __map: MapHandle }).__map.queryRenderedFeatures({ layers: ['dispatch-case-point'] }).map((f) => f.properties));
    expect(drawn).toContainEqual(expect.objectContaining({ kind: 'case', village_only: true }));
    await page.screenshot({ path: path.join(ARTIFACTS, 'village-case-before.png') });

    // Set the point: arm the map, click where the village's point is drawn.
    await page.getByTestId('set-point-start').first().click();
    const at = await page.evaluate((p) => (window as unknown as { __map: MapHandle }).__map.project(p), [created.body.lng, created.body.lat] as [number, number]);
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + at.x + 2, box.y + at.y + 2);
    await page.waitForSelector('[data-testid="case-notice"]', { timeout: 60_000 });
    expect(await page.getByTestId('case-notice').textContent()).toContain('已设定案件位置');
    await page.waitForFunction(() => !document.querySelector('[data-testid="case-panel"] [data-testid="precision-tag"]'), undefined, { timeout: 60_000 });
    const after = await api.call<{ location_precision: string; grid_code: string | null }>('GET', `/api/cases/${id}`);
    expect(after.body.location_precision).toBe('point');
    expect(after.body.grid_code).toMatch(/^\d{15}$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'village-case-after.png') });
  }, 600_000);
});
