// The registry in a browser: the public directory without login (no unmasked phone, printable), the
// 调解名册 view with its map of mediators, and the import wizard from a bad file to a committed good one.
// Runs on its own fresh embedded database (serve.ts), so the import needs no clean-up.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login, mapBox, openView, pixelsOf, renderedProperties, waitForMap } from './page.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../server/test/fixtures/registry');

let server: Served;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const renderedIds = async (layer: string) =>
  [...new Set((await renderedProperties(page, layer)).map((p) => Number(p.id)))];

/** Share of the map canvas's pixels close to a colour, in a screenshot. */
async function colourShare(rgb: [number, number, number]): Promise<number> {
  const png = await page.screenshot();
  const box = await mapBox(page);
  const { data: d } = await pixelsOf(page, png, box);
  let hit = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - rgb[0]) + Math.abs(d[i + 1]! - rgb[1]) + Math.abs(d[i + 2]! - rgb[2]) < 40) hit++;
  return hit / (d.length / 4);
}

describe('the public directory', () => {
  it('opens without login, lists townships and villages, shows no unmasked phone, prints', async () => {
    await page.goto(`${server.base}/directory`);
    await page.getByRole('region', { name: '老城街道' }).waitFor({ timeout: 180_000 });
    const text = (await page.textContent('body')) ?? '';
    expect(text).toContain('浉河区诉源治理参与单位和人员名录');
    expect(text).toMatch(/139\*{4}\d{4}/);
    expect(text.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g)).toBeNull();
    // Organisations' office lines are public by nature (信息公开, issue 17): shown; personal mobiles masked.
    expect(text).toMatch(/0376-6\d{6}/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-directory.png') });
    await page.emulateMedia({ media: 'print' });
    // Printing hides the buttons and keeps the list visible.
    expect(await page.getByRole('button', { name: '打印名录' }).isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: '老城街道' }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.emulateMedia({ media: 'screen' });
  });

  it('the login page links to it', async () => {
    await page.goto(`${server.base}/`);
    await page.getByRole('link', { name: /公开名录/ }).click();
    await page.getByRole('region', { name: '老城街道' }).waitFor({ timeout: 30_000 });
  });
});

describe('调解名册', () => {
  it('admin: table, map of the filtered mediators, filters redraw it', async () => {
    await page.goto(`${server.base}/`);
    await login(page, 'admin', 'Demo-admin-2026');
    await openView(page, '调解名册');
    await waitForMap(page, 180_000);
    await page.getByRole('table', { name: '调解员名册' }).locator('tbody tr').first().waitFor();
    const all = await renderedIds('registry-mediators-point');
    expect(all.length).toBeGreaterThan(300);
    // The points are painted: the active-mediator blue is on the canvas.
    expect(await colourShare([0x1b, 0x3a, 0x6b])).toBeGreaterThan(0.002);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-mediators.png') });
    await page.getByLabel('类别').selectOption('invited');
    await page.waitForFunction(() => document.querySelector('.registry-total b')?.textContent !== '633', undefined, { timeout: 30_000 });
    const total = Number(await page.locator('.registry-total b').textContent());
    // Polled (not a fixed pause): the filtered points reach the renderer some frames after the list.
    await expect.poll(async () => { const n = (await renderedIds('registry-mediators-point')).length; return n > 0 && n < all.length && n <= total; }, { timeout: 30_000 }).toBe(true);
    await waitForMap(page);
    const invited = await renderedIds('registry-mediators-point');
    expect(invited.length).toBeLessThan(all.length);
    expect(invited.length).toBeLessThanOrEqual(total);
    expect(invited.length).toBeGreaterThan(0);
    await page.getByLabel('类别').selectOption('');
  });

  it('import wizard: a bad file lists its problems; a good file commits', async () => {
    await page.getByRole('button', { name: /批量导入/ }).click();
    const dialog = page.getByRole('dialog', { name: '批量导入' });
    await dialog.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, 'mediators-bad.xlsx'));
    await dialog.getByRole('button', { name: '上传并预览' }).click();
    const problems = dialog.getByRole('table', { name: '导入问题' });
    await problems.waitFor({ timeout: 30_000 });
    expect(await problems.locator('tbody tr').count()).toBe(22); // mediators-bad.expected.json
    // Nothing is imported without a choice: only the valid rows, and only when asked for (issue 17).
    expect(await dialog.getByTestId('import-only-valid').isChecked()).toBe(false);
    expect(await dialog.getByRole('button', { name: /^导入 \d+ 行$/ }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-import-problems.png') });
    await dialog.getByRole('button', { name: '重新选择文件' }).click();
    await dialog.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, 'mediators-good.xlsx'));
    await dialog.getByRole('button', { name: '上传并预览' }).click();
    await dialog.getByRole('button', { name: '确认导入 6 行' }).click();
    await dialog.getByText(/已导入 6 条调解员记录/).waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: '完成' }).click();
    await page.getByLabel('搜索').fill('示例·甲调解员');
    await page.getByRole('table', { name: '调解员名册' }).getByText('示例·甲调解员').waitFor({ timeout: 30_000 });
  });

  it('the organisations tab lists the register', async () => {
    await page.getByRole('tab', { name: '调解组织' }).click();
    const orgs = page.getByRole('table', { name: '调解组织名册' });
    await orgs.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    await orgs.locator('tbody tr').first().click();
    await page.getByRole('complementary', { name: '组织成员' }).getByText(/成员（\d+）/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-organisations.png') });
  });

  it('the organisations map: points coloured by kind, a point selects, a drawn box filters', async () => {
    await page.getByRole('button', { name: '关闭' }).first().click().catch(() => undefined);
    await waitForMap(page, 180_000);
    const total = Number(await page.locator('.registry-total b').textContent());
    const all = await renderedIds('registry-organisations-point');
    expect(all.length).toBeGreaterThan(50);
    expect(all.length).toBeLessThanOrEqual(total);
    // Painted, and in more than one kind's colour: village committees' blue and township committees' navy.
    const village = await colourShare([0x2b, 0x6c, 0xb0]);
    const township = await colourShare([0x1b, 0x3a, 0x6b]);
    console.log(`organisations map: ${all.length} points drawn, village-committee blue ${(village * 100).toFixed(2)}%, township navy ${(township * 100).toFixed(2)}%`);
    expect(village).toBeGreaterThan(0.001);
    expect(township).toBeGreaterThan(0.0002);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-organisations-map.png') });

    // Click one drawn point: its card opens with its name.
    const target = await page.evaluate(() => {
      const map = (window as unknown as { __map: { getCanvas(): HTMLCanvasElement; queryRenderedFeatures(o: object): { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[]; project(c: [number, number]): { x: number; y: number } } }).__map;
      const w = map.getCanvas().clientWidth, h = map.getCanvas().clientHeight;
      // One away from the legend (bottom left) and the card (top right).
      const f = map.queryRenderedFeatures({ layers: ['registry-organisations-point'] }).find((x) => {
        const p = map.project(x.geometry.coordinates);
        return x.properties.selected === false && p.x > w * 0.2 && p.x < w * 0.55 && p.y > h * 0.15 && p.y < h * 0.6;
      })!;
      const p = map.project(f.geometry.coordinates);
      return { x: p.x, y: p.y, name: String(f.properties.name) };
    });
    const canvas = await mapBox(page);
    await page.mouse.click(canvas.x + target.x, canvas.y + target.y);
    await page.getByRole('complementary', { name: '组织成员' }).getByText(target.name, { exact: true }).waitFor({ timeout: 30_000 });

    // 框选范围: two corners around the middle of the map; fewer organisations, all inside the box.
    await page.getByRole('button', { name: '框选地图范围' }).click();
    await page.mouse.click(canvas.x + canvas.width * 0.35, canvas.y + canvas.height * 0.35);
    await page.mouse.click(canvas.x + canvas.width * 0.65, canvas.y + canvas.height * 0.65);
    await page.getByText('仅显示框内').waitFor({ timeout: 30_000 });
    await page.waitForFunction((t) => document.querySelector('.registry-total b')?.textContent !== String(t), total, { timeout: 30_000 });
    const boxedTotal = Number(await page.locator('.registry-total b').textContent());
    await expect.poll(async () => (await renderedIds('registry-organisations-point')).length <= boxedTotal, { timeout: 30_000 }).toBe(true);
    await waitForMap(page);
    const boxed = await renderedIds('registry-organisations-point');
    expect(boxedTotal).toBeLessThan(total);
    expect(boxed.length).toBeLessThanOrEqual(boxedTotal);
    // The box outline is drawn in the filter's red.
    await expect.poll(() => colourShare([0xc8, 0x10, 0x2e]), { timeout: 30_000 }).toBeGreaterThan(0.0005);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-organisations-box.png') });
    await page.getByRole('button', { name: '清除范围' }).click();
    await page.waitForFunction((t) => document.querySelector('.registry-total b')?.textContent === String(t), total, { timeout: 30_000 });
  });

  it('the tribunals tab lists the register', async () => {
    await page.getByRole('tab', { name: '人民法庭' }).click();
    const trs = page.getByRole('table', { name: '人民法庭' });
    await trs.getByText('董家河法庭').waitFor({ timeout: 30_000 });
    expect(await trs.locator('tbody tr').count()).toBe(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-tribunals.png') });
  });
});
