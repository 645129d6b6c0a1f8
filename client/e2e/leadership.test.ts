// The leadership dashboard (领导驾驶舱) in headless Chromium on the real server: the map is drawn (rendered
// features and pixels), every key figure on screen equals GET /api/dashboard, a figure opens its list with
// the same count, and the one-page briefing comes out as a PNG with the map and figures (and prints).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { colourStats, login, mapBox, trackOutside, waitForMap, type Box } from './page.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;
const outside: string[] = [];

beforeAll(async () => {
  // The built dates (ending 2026-11-30): the figures below name that period (DEMO_ANCHOR, issue 17).
  server = await serve({ env: { DEMO_ANCHOR: 'build' } });
  browser = await openBrowser();
  page = await browser.newPage();
  trackOutside(page, server.base, outside);
  await page.goto(server.base + '/');
  const t0 = performance.now();
  await login(page, 'leader', 'Demo-leader-2026');
  await waitForMap(page, 180_000);
  await page.waitForSelector('[data-testid="lead-cases_month"]');
  console.log(`leadership view drawn: ${Math.round(performance.now() - t0)} ms after login`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Dash = { period: { from: string; to: string }; figures: Record<string, number | null> };
const api = <T,>(p: string) => page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).json(), p) as Promise<T>;
const int = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n);
const share = (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(1)}%`);

const pixelStats = (png: Buffer, box: Box) => colourStats(page, png, box);

describe('the leadership dashboard in a browser', () => {
  it('draws the coverage map of the villages, with the townships on top', async () => {
    const count = await page.evaluate(() => {
      const map = (window as unknown as { __map: { queryRenderedFeatures(o: object): { properties: { code: string } }[] } }).__map;
      const n = (l: string) => new Set(map.queryRenderedFeatures({ layers: [l] }).map((f) => f.properties.code)).size;
      return { villages: n('villages-fill'), townships: n('townships-fill') };
    });
    expect(count.townships).toBe(19);
    expect(count.villages).toBeGreaterThan(100);
    const file = path.join(ARTIFACTS, 'leadership.png');
    const png = await page.screenshot({ path: file });
    const box = await mapBox(page);
    const stats = await pixelStats(png, box);
    console.log(`screenshot ${file}: ${stats.colours} colour classes, ${(stats.nonWhiteShare * 100).toFixed(0)}% non-white`);
    expect(stats.colours).toBeGreaterThan(20);
    expect(stats.nonWhiteShare).toBeGreaterThan(0.2);
  });

  it('shows every key figure exactly as GET /api/dashboard gives it', async () => {
    const d = await api<Dash>('/api/dashboard');
    const f = d.figures as Record<string, number>;
    const expected: Record<string, string> = {
      cases_month: int(f.cases_month!), cases_year: int(f.cases_year!), cases_period: int(f.cases_period!),
      success_rate: share(d.figures.success_rate!), diverted: int(f.diverted!), overdue_open: int(f.overdue_open!),
      uncovered_villages: int(f.uncovered_villages!), mediators_active: int(f.mediators_active!),
      training_share: share(d.figures.training_share!), publicity_share: share(d.figures.publicity_share!),
      publicity_events: int(f.publicity_events!), guidance: int(f.guidance_requested!),
    };
    for (const [key, value] of Object.entries(expected)) {
      expect(await page.getByTestId(`lead-${key}`).locator('.figure-number').innerText(), key).toBe(value);
    }
    expect(f.cases_period).toBeGreaterThan(1000);
    expect(await page.getByTestId('leadership-period').innerText()).toContain('2025年12月1日');
    const text = await page.locator('body').innerText();
    expect(text).toContain('示意');
    expect(text).toContain('演示');
  });

  it('a figure opens its list, with the same count', async () => {
    const d = await api<Dash>('/api/dashboard');
    await page.getByTestId('lead-uncovered_villages').click();
    await page.waitForSelector('[data-testid="figure-list-total"]:has-text("共")');
    expect(await page.getByTestId('figure-list-total').innerText()).toBe(`共 ${int(d.figures.uncovered_villages!)} 条`);
    expect(await page.locator('[data-testid="figure-list"] tbody tr').count()).toBe(Math.min(20, d.figures.uncovered_villages!));
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('lead-overdue_open').click();
    await page.waitForSelector('[data-testid="figure-list-total"]:has-text("共")');
    expect(await page.getByTestId('figure-list-total').innerText()).toBe(`共 ${int(d.figures.overdue_open!)} 条`);
    await page.getByRole('button', { name: '关闭' }).click();
  });

  it('downloads the one-page briefing as a PNG with the map and the figures, and prints it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载简报(PNG)' }).click()]);
    const file = path.join(ARTIFACTS, 'leadership-briefing.png');
    await download.saveAs(file);
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const map = await pixelStats(png, { x: 40, y: 150, width: 980, height: 940 });
    console.log(`briefing ${file}: ${map.width}×${map.height}, map ${map.colours} colour classes, ${(map.nonWhiteShare * 100).toFixed(0)}% non-white`);
    expect([map.width, map.height]).toEqual([1754, 1240]);
    expect(map.colours).toBeGreaterThan(8);
    expect(map.nonWhiteShare).toBeGreaterThan(0.3);
    const figures = await pixelStats(png, { x: 1070, y: 140, width: 660, height: 900 });
    expect(figures.colours).toBeGreaterThan(8); // text and warning tints, not a blank column
    expect(figures.nonWhiteShare).toBeGreaterThan(0.03);
    // Printing the page without the briefing button prints the page: the briefing's rule is scoped.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('briefing-image').boundingBox()).toBeNull();
    expect(await page.locator('.leadership').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    // The button: the class is on <body> when print() runs (stubbed here: no dialog in a test), and the
    // printed page is the briefing alone; 'afterprint' takes it off again.
    await page.evaluate(() => {
      (window as unknown as { __printed: boolean[] }).__printed = [];
      window.print = () => { (window as unknown as { __printed: boolean[] }).__printed.push(document.body.classList.contains('printing-briefing')); };
    });
    await page.getByRole('button', { name: '打印简报(PDF)' }).click();
    await page.waitForFunction(() => (window as unknown as { __printed: boolean[] }).__printed.length > 0);
    expect(await page.evaluate(() => (window as unknown as { __printed: boolean[] }).__printed)).toEqual([true]);
    await page.emulateMedia({ media: 'print' });
    const box = await page.getByTestId('briefing-image').boundingBox();
    await page.screenshot({ path: path.join(ARTIFACTS, 'leadership-print.png') });
    expect(await page.locator('.leadership .map-area').isVisible()).toBe(false);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.evaluate(() => document.body.classList.contains('printing-briefing'))).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(box!.width).toBeGreaterThan(1000);
  });

  it('loads nothing from outside this server', () => {
    expect(outside).toEqual([]);
  });
});
