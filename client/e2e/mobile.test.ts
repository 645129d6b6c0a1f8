// Phones, tablets and desk screens, as a person sees them (issue 14): at 390×844 and 360×800 the mediator's
// 我的案件 and a case, the dispatcher's queue, new-case form and case, and the public directory have nothing
// wider than the screen, no button under 44 px, no text broken one character per line; the tablet (768×1024)
// dispatcher likewise; at 1366×768 the admin's menu is one line and the registry's 操作 column is in view.
// Every view has a URL: opened by URL, kept by reload, left and found again with Back; /cases/<id> opens the
// case, also through the login page. Screenshots go to test-artifacts/mobile-*.png.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { casesForDemoMediator } from './api-session.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login, openView, waitForMap } from './page.ts';
import { layoutReport, MIN_TARGET } from './layout.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;

const PHONES = [{ width: 390, height: 844 }, { width: 360, height: 800 }] as const;
const ACCOUNTS = {
  mediator: 'Demo-mediator-2026',
  dispatcher: 'Demo-dispatcher-2026',
  admin: 'Demo-admin-2026',
} as const;

beforeAll(async () => {
  server = await serve();
  // The demo mediator's own open cases depend on the loading day (demo dates follow it): give it one.
  await casesForDemoMediator(server, ['移动端测试：邻里排水纠纷']);
  browser = await openBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (p: string) => server.base + p;
const pathname = () => new URL(page.url()).pathname;

/** Logs out (if logged in) and in again as `user`, from `/`. */
async function signIn(user: keyof typeof ACCOUNTS, at = '/', onLoginPage?: () => Promise<void>): Promise<void> {
  await page.evaluate(async () => {
    const me = await fetch('/api/auth/me').then((r) => (r.ok ? r.json() : null));
    if (me?.csrfToken) await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
  }).catch(() => undefined);
  await page.goto(url(at));
  await page.getByLabel('用户名').waitFor();
  await onLoginPage?.();
  await login(page, user, ACCOUNTS[user]);
}

/** What the person sees now: a screenshot kept, and the layout measured. */
async function seen(name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `mobile-${name}.png`) });
  return layoutReport(page);
}

async function expectFits(name: string): Promise<void> {
  const r = await seen(name);
  expect.soft(r.pageOverflow, `${name}: the page scrolls sideways`).toBe(0);
  expect.soft(r.outside, `${name}: elements past the screen edge`).toEqual([]);
  expect.soft(r.smallTargets, `${name}: buttons under ${MIN_TARGET} px`).toEqual([]);
  expect.soft(r.brokenText, `${name}: text one character per line`).toEqual([]);
}

/** The id in the first row of the case list on screen. */
async function firstCaseId(): Promise<number> {
  const row = page.locator('[data-testid^="case-row-"]').first();
  await row.waitFor({ timeout: 30_000 });
  return Number((await row.getAttribute('data-testid'))!.replace('case-row-', ''));
}

describe.each(PHONES)('a mediator on a $width×$height phone', (size) => {
  it('lands on 我的案件, opens a case by tapping it, reloads and goes Back', async () => {
    await page.setViewportSize(size);
    await signIn('mediator', '/', async () => expectFits(`login-${size.width}`));
    await page.waitForURL(/\/my-cases$/);
    const id = await firstCaseId();
    const nav = page.getByRole('navigation', { name: '功能导航' });
    expect(await nav.getByRole('link', { name: '我的案件' }).getAttribute('aria-current')).toBe('page');
    await expectFits(`mediator-${size.width}-list`);

    await page.getByTestId(`case-row-${id}`).click();
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    await page.getByTestId('case-panel').waitFor();
    // The case file has the screen's width, and each status button is a real target.
    const panel = (await page.getByTestId('case-panel').boundingBox())!;
    expect(panel.width).toBeGreaterThan(size.width * 0.8);
    for (const b of await page.getByTestId('status-actions').locator('button').all()) {
      const box = (await b.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(MIN_TARGET);
      expect(box.height).toBeGreaterThanOrEqual(MIN_TARGET);
    }
    await expectFits(`mediator-${size.width}-case`);

    await page.reload();
    await page.getByTestId('case-panel').waitFor();
    expect(pathname()).toBe(`/cases/${id}`);
    await page.goBack();
    await page.waitForURL(/\/my-cases$/);
    await page.getByTestId(`case-row-${id}`).waitFor();
    expect(await page.getByTestId('case-panel').count()).toBe(0);
  });
});

describe.each(PHONES)('a dispatcher on a $width×$height phone', (size) => {
  it('lands on the queue over the map; the new-case form and a case fit the screen', async () => {
    await page.setViewportSize(size);
    await signIn('dispatcher');
    await page.waitForURL(/\/dispatch$/);
    const id = await firstCaseId();
    await waitForMap(page, 60_000);
    // The map fills the view behind the sheet.
    const map = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    expect(map.width).toBeGreaterThanOrEqual(size.width - 1);
    expect(map.height).toBeGreaterThan(size.height * 0.7);
    await expectFits(`dispatcher-${size.width}-queue`);

    await page.getByTestId('case-new').click();
    await page.waitForURL(/\/cases\/new$/);
    const form = page.getByRole('form', { name: '登记新纠纷' });
    await form.waitFor();
    const box = (await form.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(box.y).toBeLessThan(size.height);
    await expectFits(`dispatcher-${size.width}-new`);

    // Collapsing the sheet gives the map to the finger (to tap the place of the dispute).
    // waitFor, not isVisible: the page re-renders after the click, and a busy machine is slow to.
    await page.getByRole('button', { name: '收起列表' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '展开列表' }).click();
    await form.waitFor({ state: 'visible' });

    await page.goto(url(`/cases/${id}`));
    await page.getByTestId('case-panel').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /确认(分派|改派)/ }).waitFor({ timeout: 30_000 });
    await expectFits(`dispatcher-${size.width}-case`);
  });

  it('the other views of a dispatcher fit too (态势总览, 调解名册, 考核统计)', async () => {
    await page.setViewportSize(size);
    for (const [p, ready] of [['/overview', '.key-figures'], ['/registry', '.registry-table tbody tr'], ['/assessment', '[data-testid="performance-table"] tbody tr']] as const) {
      await page.goto(url(p));
      await page.locator(ready).first().waitFor({ timeout: 60_000 });
      if (p !== '/assessment') await waitForMap(page, 60_000);
      await expectFits(`dispatcher-${size.width}${p.replace('/', '-')}`);
    }
  });
});

describe('a dispatcher on a 768×1024 tablet', () => {
  it('queue, new-case form and case fit the screen', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await signIn('dispatcher');
    await page.waitForURL(/\/dispatch$/);
    const id = await firstCaseId();
    await waitForMap(page, 60_000);
    await expectFits('dispatcher-768-queue');
    await page.getByTestId('case-new').click();
    await page.getByRole('form', { name: '登记新纠纷' }).waitFor();
    await expectFits('dispatcher-768-new');
    await page.goto(url(`/cases/${id}`));
    await page.getByTestId('case-panel').waitFor({ timeout: 30_000 });
    await expectFits('dispatcher-768-case');
  });
});

describe.each(PHONES)('the public directory on a $width×$height phone', (size) => {
  it('fits the screen without login', async () => {
    await page.setViewportSize(size);
    await page.goto(url('/directory'));
    await page.getByRole('region', { name: '老城街道' }).waitFor({ timeout: 60_000 });
    await expectFits(`directory-${size.width}`);
  });
});

describe('URLs', () => {
  it('/cases/<id> opened before logging in shows the case after the login', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn('dispatcher');
    await page.waitForURL(/\/dispatch$/);
    const id = await firstCaseId();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    await page.goto(url(`/cases/${id}`));
    await login(page, 'dispatcher', ACCOUNTS.dispatcher);
    await page.getByTestId('case-panel').waitFor({ timeout: 30_000 });
    expect(pathname()).toBe(`/cases/${id}`);
    expect(await page.locator('.case-brief, .case-title').first().innerText()).toContain(String(id));
  });

  it('a path the role may not use says so and links home', async () => {
    await page.goto(url('/users'));
    await page.getByRole('alert').filter({ hasText: '无权查看' }).waitFor();
    await page.getByRole('link', { name: '返回首页' }).click();
    await page.waitForURL(/\/dispatch$/);
  });

  it('admin, 1366×768: the menu is one line, the registry shows 操作; every view by URL, reload and Back', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn('admin');
    const nav = page.getByRole('navigation', { name: '功能导航' });
    await nav.waitFor();
    const links = await nav.getByRole('link').all();
    expect(links.length).toBe(9);
    const boxes = await Promise.all(links.map(async (l) => (await l.boundingBox())!));
    const top = boxes[0]!.y;
    for (const b of boxes) {
      expect(b.y).toBe(top);
      expect(b.height).toBe(boxes[0]!.height);
    }
    // Each label on one line: as wide as its text needs, no wrapping inside.
    for (const l of links) {
      const lines = await l.evaluate((a) => {
        const r = document.createRange();
        r.selectNodeContents(a);
        return new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top))).size;
      });
      expect(lines).toBe(1);
    }
    expect(boxes.at(-1)!.x + boxes.at(-1)!.width).toBeLessThan(1366);
    expect.soft((await seen('admin-1366-menu')).pageOverflow).toBe(0);

    await openView(page, '调解名册');
    const th = page.getByRole('columnheader', { name: '操作' });
    await th.waitFor({ timeout: 60_000 });
    const wrap = (await page.locator('.registry-table-wrap').first().boundingBox())!;
    const op = (await th.boundingBox())!;
    expect(op.x + op.width).toBeLessThanOrEqual(wrap.x + wrap.width + 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'mobile-admin-1366-registry.png') });

    const views: [string, string][] = [
      ['/leadership', '领导驾驶舱'], ['/overview', '态势总览'], ['/dispatch', '案件分流'], ['/planning', '覆盖规划'], ['/registry', '调解名册'],
      ['/boundaries', '边界导入'], ['/assessment', '考核统计'], ['/users', '用户管理'], ['/audit', '审计日志'],
    ];
    const current = () => nav.locator('a[aria-current="page"]').innerText();
    for (const [p, label] of views) {
      await page.goto(url(p));
      await nav.locator('a[aria-current="page"]').waitFor();
      expect(await current()).toBe(label);
      await page.reload();
      await nav.locator('a[aria-current="page"]').waitFor();
      expect([pathname(), await current()]).toEqual([p, label]);
    }
    // Through the menu, then all the way Back.
    await page.goto(url('/leadership'));
    for (const [p, label] of views.slice(1)) {
      await openView(page, label);
      await page.waitForURL(new RegExp(`${p}$`));
    }
    for (const [p, label] of views.slice(0, -1).reverse()) {
      await page.goBack();
      await page.waitForURL(new RegExp(`${p}$`));
      expect(await current()).toBe(label);
    }
    await page.goForward();
    await page.waitForURL(/\/overview$/);

    // `/` sends the admin to its first view; a case opens in 案件分流.
    await page.goto(url('/'));
    await page.waitForURL(/\/leadership$/);
    await page.goto(url('/dispatch'));
    const id = await firstCaseId();
    await page.getByTestId(`case-row-${id}`).click();
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    expect(await current()).toBe('案件分流');
    await page.goBack();
    await page.waitForURL(/\/dispatch$/);
    expect(await page.getByTestId('case-panel').count()).toBe(0);
  });

  it('admin on a phone: the menu is a collapsible list', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/users'));
    const nav = page.getByRole('navigation', { name: '功能导航' });
    await page.getByRole('button', { name: '菜单' }).waitFor();
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole('button', { name: '菜单' }).click();
    await nav.getByRole('link', { name: '审计日志' }).click();
    await page.waitForURL(/\/audit$/);
    // The menu closes when the path changes (a render after the navigation): wait for it.
    await nav.waitFor({ state: 'hidden' });
    await expectFits('admin-390-audit');
  });
});
