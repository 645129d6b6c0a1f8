// 案件分流 in headless Chromium on the real server, at 1280×900 as a dispatcher's screen: the view becomes
// usable (timed), a click on the map places a dispute and the ranked candidates are in the viewport, the
// map draws the case and the numbered candidates (rendered features and pixels), the case is saved and the
// first candidate confirmed, and the timeline records it as 首选; an address that only partly matches is
// shown as uncertain and the map flies there; the backlog batch asks first and reports. Screenshots go to
// test-artifacts/.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login, pixelsOf } from './page.ts';

const W = 1280;
const H = 900;
let server: Served;
let browser: BrowserContext;
let page: Page;

type MapHandle = {
  queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[];
  project(p: [number, number]): { x: number; y: number };
  getCenter(): { lng: number; lat: number };
  isMoving(): boolean;
  loaded(): boolean;
};

/**
 * Opens 案件分流 from the menu and waits until it is usable (the queue answered, the district outline drawn),
 * then until the map is complete (every area layer drawn, the grid cells last).
 */
async function openDispatch(): Promise<string> {
  const t0 = performance.now();
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '案件分流' }).click();
  await page.waitForSelector('body[data-dispatch-usable="true"]', { timeout: 180_000 });
  const usable = performance.now() - t0;
  await page.waitForSelector('body[data-dispatch-ready="true"]', { timeout: 180_000 });
  return `usable ${Math.round(usable)} ms, map complete ${Math.round(performance.now() - t0)} ms`;
}

/** Waits until the map has stopped moving and drawn what it holds (a fly-to animates). */
const mapSettled = () => page.waitForFunction(() => {
  const m = (window as unknown as { __map: MapHandle }).__map;
  return m.loaded() && !m.isMoving();
});

const rendered = (layer: string) => page.evaluate((l) => (window as unknown as { __map: MapHandle }).__map.queryRenderedFeatures({ layers: [l] }).map((f) => f.properties), layer);

async function inViewport(l: Locator) {
  const b = await l.boundingBox();
  expect(b, 'on screen').not.toBeNull();
  expect(b!.y).toBeGreaterThanOrEqual(0);
  expect(b!.y + b!.height).toBeLessThanOrEqual(H);
  expect(b!.x + b!.width).toBeLessThanOrEqual(W);
}

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: W, height: H });
  await page.goto(server.base + '/');
  await login(page, 'dispatcher', 'Demo-dispatcher-2026');
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  // The first opening also warms the server's caches; the second is what a dispatcher meets every day.
  const cold = await openDispatch();
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '调解名册' }).click();
  await page.waitForFunction(() => document.body.dataset.dispatchReady === undefined);
  // Logged, not asserted (no test asserts a duration): scripts/dispatch-open-time.ts measures it.
  const again = await openDispatch();
  console.log(`dispatch view at ${W}×${H}: ${cold} (first opening); ${again} (again); load average ${os.loadavg()[0].toFixed(1)}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dispatch flow in a browser', () => {
  let village: { lng: number; lat: number };

  it('a click on the map places a dispute; the ranked candidates are in the viewport and drawn on the map', async () => {
    // A point inside 高岭村 (董家河镇): the gazetteer's representative point of the village.
    village = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const r = await fetch('/api/assign/preview', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ address: '董家河镇高岭村', dispute_type: 'neighbour' }) });
      const a = await r.json();
      return { lng: a.lng, lat: a.lat };
    });
    await mapSettled();
    // The village's screen position, nudged off any queue case drawn there (a click on one opens it).
    const at = await page.evaluate((p) => {
      const m = (window as unknown as { __map: MapHandle & { queryRenderedFeatures(pt: [number, number], o: object): unknown[] } }).__map;
      const c = m.project([p.lng, p.lat]);
      for (let d = 0; d < 200; d += 6) {
        for (const [dx, dy] of [[d, 0], [0, d], [-d, 0], [0, -d]] as const) {
          if (!m.queryRenderedFeatures([c.x + dx, c.y + dy], { layers: ['dispatch-queue-point'] }).length) return { x: c.x + dx, y: c.y + dy };
        }
      }
      return c;
    }, village);
    const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
    const form = page.getByRole('form', { name: '登记新纠纷' });
    await form.waitFor();
    await form.getByLabel('纠纷类型').selectOption('neighbour');
    const first = page.getByTestId('preview').getByTestId('candidate-1');
    await first.waitFor();
    await inViewport(first);
    await mapSettled();
    // The map framed the point and the first candidates: both are drawn, the case point in red.
    await expect.poll(async () => (await rendered('dispatch-candidates-point')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await rendered('dispatch-case-point')).length, { timeout: 30_000 }).toBe(1);
    const file = path.join(ARTIFACTS, 'dispatch-preview.png');
    const png = await page.screenshot({ path: file });
    const casePx = await page.evaluate((p) => (window as unknown as { __map: MapHandle }).__map.project([p.lng, p.lat]), await page.evaluate(() => {
      const m = (window as unknown as { __map: MapHandle }).__map;
      const f = m.queryRenderedFeatures({ layers: ['dispatch-case-point'] }) as unknown as { geometry: { coordinates: [number, number] } }[];
      return { lng: f[0]!.geometry.coordinates[0], lat: f[0]!.geometry.coordinates[1] };
    }));
    const box = { x: Math.round(canvas.x + casePx.x) - 3, y: Math.round(canvas.y + casePx.y) - 3, width: 7, height: 7 };
    const { data } = await pixelsOf(page, png, box);
    let red = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 150 && data[i + 1]! < 90 && data[i + 2]! < 100) red++;
    console.log(`screenshot: ${file}; ${red} of ${data.length / 4} pixels at the case point are its red`);
    expect(red).toBeGreaterThan(0);
    // The preview lists the first ten candidates and how many more; 显示全部 lists them all, the map stays.
    const preview = page.getByTestId('preview');
    const showAll = preview.getByTestId('candidates-show-all');
    await showAll.waitFor();
    const more = Number(/另 (\d+) 名/.exec(await showAll.innerText())![1]);
    expect(await preview.getByTestId('candidate-11').count()).toBe(0);
    await showAll.click();
    await preview.getByTestId(`candidate-${10 + more}`).waitFor();
    expect(await showAll.count()).toBe(0);
    expect(await preview.getByTestId('candidate-order').innerText()).toContain(`共 ${10 + more} 名`);
  });

  it('saves the case; its candidates are in the viewport; the first is confirmed with the phone shown; the timeline says 首选', async () => {
    await page.getByPlaceholder('例如：宅基地边界争议').fill('浏览器测试：邻里噪音纠纷');
    await page.getByLabel('当事人 1 姓名').fill('测试甲');
    await page.getByTestId('case-submit').click();
    const panel = page.getByTestId('case-panel');
    const first = panel.getByTestId('candidate-1');
    await first.waitFor();
    await inViewport(first);
    const phone = panel.getByTestId('mediator-phone');
    await phone.waitFor();
    expect(await phone.innerText()).toMatch(/联系电话：[\d-]{7,}/); // a dispatcher sees it in full
    await page.screenshot({ path: path.join(ARTIFACTS, 'dispatch-case.png') });
    const confirm = panel.getByTestId('assign-confirm');
    expect(await confirm.innerText()).toContain('确认分派给首选');
    await inViewport(confirm);
    await confirm.click();
    await expect.poll(async () => (await panel.getByTestId('case-notice').innerText().catch(() => '')), { timeout: 60_000 }).toContain('已分派');
    const timeline = panel.getByTestId('timeline');
    await timeline.waitFor();
    await expect.poll(() => timeline.innerText(), { timeout: 30_000 }).toContain('首选');
    expect(await timeline.innerText()).not.toContain('人工选择');
    await timeline.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'dispatch-assigned.png') });
  });

  it('an address that only partly matches is uncertain, with alternatives, and the map flies to the place', async () => {
    await page.getByTestId('case-new').click();
    const form = page.getByRole('form', { name: '登记新纠纷' });
    await form.waitFor();
    await form.getByLabel('纠纷类型').selectOption('neighbour');
    await form.getByRole('button', { name: '地址', exact: true }).click();
    await form.getByLabel('地址', { exact: true }).fill('中山路88号');
    const note = page.locator('[data-testid="address-match"][data-outcome="partial"]');
    await note.waitFor();
    expect(await note.innerText()).toContain('中山社区');
    // The place itself is offered first, to confirm it by its full name.
    expect(await page.getByTestId('address-alternatives').getByRole('button').first().innerText()).toContain('中山社区');
    await inViewport(page.getByTestId('preview').getByTestId('candidate-1'));
    // The map flew to the matched unit: its centre is inside the unit's bbox (as the server answers it).
    const bbox = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const r = await fetch('/api/assign/preview', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ address: '中山路88号', dispute_type: 'neighbour' }) });
      return (await r.json()).address_match.bbox as [number, number, number, number];
    });
    await expect.poll(async () => {
      await mapSettled();
      const c = await page.evaluate(() => (window as unknown as { __map: MapHandle }).__map.getCenter());
      return c.lng >= bbox[0] - 0.01 && c.lng <= bbox[2] + 0.01 && c.lat >= bbox[1] - 0.01 && c.lat <= bbox[3] + 0.01;
    }, { timeout: 30_000 }).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dispatch-address.png') });
  });

  it('the backlog batch asks with the number pending, then reports what it assigned and what it left', async () => {
    await page.getByTestId('batch-open').click();
    const pending = page.getByTestId('batch-pending');
    await pending.waitFor();
    expect(await pending.innerText()).toMatch(/\d+ 件待分流案件/);
    await page.getByTestId('batch-confirm').click();
    const result = page.getByTestId('batch-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.innerText()).toMatch(/已分派 \d+ 件，保留待分流 \d+ 件/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dispatch-batch.png') });
  });
});
