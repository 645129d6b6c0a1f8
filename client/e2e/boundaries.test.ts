// The boundary import in a browser: the admin uploads the overlap/gap fixture, sees the imported grids and
// the problem areas drawn over the current boundaries (rendered features and pixels), then commits the
// grid-swap fixture and gets the list of moved cases; a preview overtaken by another commit is refused and
// made again; a file with a self-intersecting grid shows its problems as red numbered markers, and a click on
// the problem flies there. A fresh embedded database, thrown away afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login, mapBox, openView, pixelsOf, renderedProperties, waitForMap } from './page.ts';

const FIX = path.resolve(import.meta.dirname, '../../server/test/fixtures/boundaries');
let server: Served;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
  await page.goto(server.base + '/');
  await login(page, 'admin', 'Demo-admin-2026');
  await openView(page, '边界导入');
  await page.waitForSelector('[data-testid="boundary-import-view"]');
  await waitForMap(page, 180_000);
}); // the e2e hookTimeout: a fresh server loads the district first

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rendered = (layer: string) => renderedProperties(page, layer);

describe('boundary import in a browser', () => {
  it('previews a file with overlaps and a gap on the map, against the current grids', async () => {
    await page.getByTestId('bi-file').setInputFiles(path.join(FIX, 'grids-overlap-gap.geojson'));
    await page.getByTestId('bi-preview').click();
    await page.waitForSelector('[data-testid="bi-summary"]');
    expect(await page.getByTestId('bi-problems').textContent()).toContain('重叠');
    // The camera flies to the imported grids; wait for it to settle and the layers to draw.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __map: { isMoving(): boolean; queryRenderedFeatures(o: object): unknown[] } }).__map;
      return !map.isMoving() && map.queryRenderedFeatures({ layers: ['bi-imported-line'] }).length > 0;
    }, undefined, { timeout: 60_000 });
    const imported = new Set((await rendered('bi-imported-fill')).map((p) => p.code));
    expect(imported.size).toBe(5);
    const problems = await rendered('bi-problem-fill');
    expect(problems.some((p) => p.kind === 'overlap')).toBe(true);
    expect(problems.some((p) => p.kind === 'gap')).toBe(true);
    expect((await rendered('bi-current-line')).length).toBeGreaterThan(0);
    // Pixels: the orange outline (#e8590c) and the overlap colour (#c2255c at 65 %) are on the canvas.
    const png = await page.screenshot({ path: path.join(ARTIFACTS, 'boundary-preview.png') });
    const box = await mapBox(page);
    const { data: d } = await pixelsOf(page, png, box);
    const counts = { orange: 0, magenta: 0 };
    for (let i = 0; i < d.length; i += 4) {
      const [r, gg, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      if (r > 200 && gg > 70 && gg < 120 && b < 60) counts.orange++;
      if (r > 170 && gg < 110 && b > 80 && b < 160) counts.magenta++;
    }
    expect(counts.orange).toBeGreaterThan(200);
    expect(counts.magenta).toBeGreaterThan(50);
  });

  it('a self-intersecting grid: a red numbered marker where GEOS found it; a click on the problem flies there and outlines the grid', async () => {
    await page.getByTestId('bi-file').setInputFiles(path.join(FIX, 'grids-bad.geojson'));
    await page.getByTestId('bi-preview').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="bi-summary"] h3')?.textContent?.includes('grids-bad'));
    const row = page.locator('[data-testid^="bi-problem-"]', { hasText: '自相交' }).first();
    const i = Number((await row.getAttribute('data-testid'))!.replace('bi-problem-', ''));
    expect(await page.getByTestId('bi-problems-download').getAttribute('href')).toMatch(/\/api\/boundaries\/imports\/[0-9a-f-]{36}\/problems$/);
    await row.click();
    // The camera flies to about 150 m around the place; wait for it to settle.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __map: { isMoving(): boolean; getZoom(): number; queryRenderedFeatures(o: object): unknown[] } }).__map;
      return !map.isMoving() && map.getZoom() > 15 && map.queryRenderedFeatures({ layers: ['bi-selected-feature'] }).length > 0;
    }, undefined, { timeout: 60_000 });
    const markers = await rendered('bi-problem-marker');
    expect(markers.map((m) => m.i)).toContain(i);
    expect((await rendered('bi-selected-feature')).map((f) => f.n)).toEqual(expect.arrayContaining([1]));
    // The marker's place on the screen: the problem's point projected by the map.
    const preview = await page.evaluate(async () => {
      const id = new URL((document.querySelector('[data-testid="bi-problems-download"]') as HTMLAnchorElement).href).pathname.split('/')[4];
      return (await (await fetch(`/api/boundaries/imports/${id}`)).json()) as { features: { n: number; problems: { message: string; point: { lng: number; lat: number } | null }[] }[] };
    });
    const point = preview.features[0]!.problems.find((x) => x.message.includes('自相交'))!.point!;
    const at = await page.evaluate((p) => (window as unknown as { __map: { project(ll: [number, number]): { x: number; y: number } } }).__map.project([p.lng, p.lat]), point);
    const png = await page.screenshot({ path: path.join(ARTIFACTS, 'boundary-problem-marker.png') });
    const box = await mapBox(page);
    const { data: d } = await pixelsOf(page, png, { x: Math.round(box.x + at.x - 12), y: Math.round(box.y + at.y - 12), width: 24, height: 24 });
    let red = 0;
    for (let k = 0; k < d.length; k += 4) if (d[k]! > 220 && d[k + 1]! < 90 && d[k + 2]! < 90) red++; // #f03e3e
    expect(red).toBeGreaterThan(100); // a circle of radius 10 px, less its white number
    expect(await row.getAttribute('class')).toContain('bi-row-selected');
  });

  it('commits a grid file and lists the open cases that changed grid', async () => {
    await page.getByTestId('bi-file').setInputFiles(path.join(FIX, 'grids-swap.geojson'));
    await page.getByTestId('bi-preview').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="bi-summary"] h3')?.textContent?.includes('grids-swap'));
    expect(await page.getByTestId('bi-errors').textContent()).toBe('0');
    await page.getByTestId('bi-commit').click();
    const changes = page.getByTestId('bi-changes');
    await changes.waitFor();
    expect(await changes.textContent()).toMatch(/其中 [1-9]\d* 件所属网格/);
    // The level's version history reloads after the commit: the old and the new version of each of the two
    // swapped grids (the file's other three grids are unchanged: no version).
    await page.waitForFunction(() => document.querySelector('.bi-history')?.textContent?.includes('411502001004001'), undefined, { timeout: 30_000 });
    expect(await page.locator('.bi-history tbody tr').count()).toBe(4);
    expect(await changes.textContent()).toContain('另有 3 个与现行边界相同');
  });

  it('a preview overtaken by another commit: the 409 and what to do, then the same file previewed again', async () => {
    await page.getByTestId('bi-file').setInputFiles(path.join(FIX, 'grids-overlap-gap.geojson'));
    await page.getByTestId('bi-preview').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="bi-summary"] h3')?.textContent?.includes('grids-overlap-gap'));
    // Meanwhile another admin commits a village file: 湖东街道's villages 0.0005° (about 55 m) north — a change,
    // not the GCJ-02 offset (refused) and not enough to move a grid into another village (refused too).
    const moved = fs.readFileSync(path.join(FIX, 'villages-good.geojson'), 'utf8')
      .replace(/\[(11\d\.\d+),(3\d\.\d+)\]/g, (_m, x: string, y: string) => `[${x},${(Number(y) + 0.0005).toFixed(7)}]`);
    const { csrfToken } = (await (await page.request.get(`${server.base}/api/auth/me`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    const other = await page.request.post(`${server.base}/api/boundaries/imports`, {
      headers, multipart: { level: 'village', file: { name: 'v.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(moved) } },
    });
    expect(other.status()).toBe(201);
    const id = ((await other.json()) as { id: string }).id;
    expect((await page.request.post(`${server.base}/api/boundaries/imports/${id}/commit`, { headers, data: { confirm: true, accept_warnings: true } })).status()).toBe(200);
    await page.getByTestId('bi-accept').check();
    await page.getByTestId('bi-commit').click();
    await page.getByTestId('bi-repreview').waitFor();
    expect(await page.getByTestId('bi-error').textContent()).toMatch(/边界已在预览之后被修改（版本 \d+ → \d+），请重新上传并预览/);
    expect(await page.getByTestId('bi-commit').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'boundary-stale.png') });
    await page.getByTestId('bi-repreview').click();
    await page.getByTestId('bi-error').waitFor({ state: 'detached' });
    await page.getByTestId('bi-summary').waitFor();
    expect(await page.getByTestId('bi-repreview').count()).toBe(0);
  });
});
