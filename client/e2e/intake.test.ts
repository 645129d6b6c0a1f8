// Bulk intake in a browser (issue 18 item 2): the dispatcher uploads a small file from the dispatch view,
// sees the preview, fixes the uncertain row by a click on the map, commits and runs the batch on the new
// cases. Runs on its own fresh embedded database (serve.ts), so it needs no clean-up.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login, mapBox, openView, pixelsOf, renderedProperties, waitForMap } from './page.ts';
import { cleanRows, xlsx } from '../../server/test/fixtures/intake/make.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('批量导入', () => {
  it('upload, preview, fix the uncertain row on the map, commit, batch', async () => {
    const rows = [...cleanRows(11, 2, 'W'), ['（2088）豫1502民诉前调13号', '离婚纠纷', '示例·丙W（申请人）、示例·丁W（被申请人）', '13800009999', '', '中山路88号', '2026-11-03', '']];
    await page.goto(`${server.base}/`);
    await login(page, 'dispatcher', 'Demo-dispatcher-2026');
    await openView(page, '案件分流');
    await page.getByTestId('intake-link').click();
    await page.getByTestId('intake-file').setInputFiles({ name: '委派案件.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx(rows) });
    await page.getByRole('button', { name: '上传并预览' }).click();
    const counts = page.getByTestId('intake-counts');
    await counts.waitFor({ timeout: 120_000 });
    expect(await counts.textContent()).toContain('可导入 2');
    expect(await counts.textContent()).toContain('位置待确认 1');
    // masked as in a list
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('138****9999');
    expect(body).not.toContain('13800009999');
    await page.locator('tr[data-row="4"]').click();
    await waitForMap(page, 180_000);
    await expect.poll(async () => (await renderedProperties(page, 'intake-alternative')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const box = await mapBox(page);
    await page.waitForTimeout(1500); // the camera's flight to the row
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => (await counts.textContent()) ?? '', { timeout: 60_000 }).toContain('可导入 3');
    await expect.poll(async () => (await renderedProperties(page, 'intake-row')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const png = await page.screenshot({ path: path.join(ARTIFACTS, 'intake-fixed.png') });
    // the row's red point is painted on the map
    const { data } = await pixelsOf(page, png, box);
    let red = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - 0xc8) + Math.abs(data[i + 1]! - 0x10) + Math.abs(data[i + 2]! - 0x2e) < 60) red++;
    expect(red).toBeGreaterThan(5); // a few dozen at most: the point is small and a village label may cross it
    await page.getByTestId('intake-commit').click();
    await page.getByTestId('intake-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('intake-done').textContent()).toContain('已导入 3 件案件');
    await page.getByRole('button', { name: /立即批量分派/ }).click();
    await expect.poll(async () => (await page.getByTestId('intake-done').textContent()) ?? '', { timeout: 60_000 }).toContain('批量分派：已分派');
    await page.screenshot({ path: path.join(ARTIFACTS, 'intake-done.png') });
  });
});
