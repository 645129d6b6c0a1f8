// The notification centre on a 390×844 phone (issue 14, item 6): a supervision note on the mediator's
// case makes the bell show an unread count; the bell, the open list and the top bar fit the screen
// (bounding boxes, 44 px targets, no text one character per line); tapping the notification opens its
// case by URL. Screenshots: test-artifacts/notifications-*.png.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { casesForDemoMediator } from './api-session.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login } from './page.ts';
import { layoutReport, MIN_TARGET } from './layout.ts';

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

/** A session of a demo account through the API: its cookie and CSRF token. */
async function session(username: string, password: string) {
  const res = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.includes('shihe_sid='))!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function expectFits(name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `notifications-${name}.png`) });
  const r = await layoutReport(page);
  expect.soft(r.pageOverflow, `${name}: the page scrolls sideways`).toBe(0);
  expect.soft(r.outside, `${name}: elements past the screen edge`).toEqual([]);
  expect.soft(r.smallTargets, `${name}: buttons under ${MIN_TARGET} px`).toEqual([]);
  expect.soft(r.brokenText, `${name}: text one character per line`).toEqual([]);
}

it('a mediator on a 390×844 phone sees the bell\'s count, opens the list and goes to the case', async () => {
  // A supervision note by the dispatcher on one of the demo mediator's cases.
  // (a case made for the test: the demo mediator's own open cases depend on the loading day)
  const [caseId] = await casesForDemoMediator(server, ['通知测试：邻里排水纠纷']);
  const dispatcher = await session('dispatcher', 'Demo-dispatcher-2026');
  const noted = await fetch(`${server.base}/api/cases/${caseId}/notes`, {
    method: 'POST', headers: { cookie: dispatcher.cookie, 'x-csrf-token': dispatcher.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ note: '请本周内回访当事人' }),
  });
  expect(noted.status).toBe(201);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.base + '/');
  await page.getByLabel('用户名').waitFor();
  await login(page, 'mediator', 'Demo-mediator-2026');
  const bell = page.getByRole('button', { name: /^通知，\d+ 条未读$/ });
  await bell.waitFor();
  const box = (await bell.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(MIN_TARGET - 0.5);
  await expectFits('bell-390');

  await bell.click();
  const panel = page.getByRole('dialog', { name: '通知' });
  const item = panel.getByRole('link', { name: new RegExp(`案件${caseId}（类型：.+）有新的督办意见`) });
  await item.waitFor();
  const p = (await panel.boundingBox())!;
  expect(p.x).toBeGreaterThanOrEqual(0);
  expect(p.x + p.width).toBeLessThanOrEqual(390.5);
  expect(p.y + p.height).toBeLessThanOrEqual(844.5);
  await expectFits('list-390');

  await item.click();
  await page.waitForURL(new RegExp(`/cases/${caseId}$`));
  await expect.poll(() => panel.count()).toBe(0);
});
