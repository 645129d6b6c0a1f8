// The mediator's day on a phone (issue 14, item 5), at 390×844 and 360×800: log in as the demo mediator →
// 我的案件 → the case the dispatcher just assigned → the call links are there → accept → a mediation
// session recorded → a photo of the signed agreement attached (a small PNG) → settled with its outcome.
// At each step: nothing wider than the screen, buttons at least 44 px, no text one character per line;
// screenshots go to test-artifacts/case-work-*.png. The server is then asked what it stored.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { tinyPng } from '../../server/test/case-work-files.ts';
import { casesForDemoMediator, PASSWORDS, session } from './api-session.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login } from './page.ts';
import { layoutReport, MIN_TARGET } from './layout.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;
const PHONES = [{ width: 390, height: 844 }, { width: 360, height: 800 }] as const;
/** One case per phone size, assigned to the demo mediator by the dispatcher before the day starts. */
const caseIds = new Map<number, number>();

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
  const ids = await casesForDemoMediator(server, PHONES.map((size) => `测试：邻里排水纠纷（${size.width}）`));
  PHONES.forEach((size, i) => caseIds.set(size.width, ids[i]!));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectFits(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `case-work-${name}.png`)});
  const r = await layoutReport(page);
  expect.soft(r.pageOverflow, `${name}: the page scrolls sideways`).toBe(0);
  expect.soft(r.outside, `${name}: elements past the screen edge`).toEqual([]);
  expect.soft(r.smallTargets, `${name}: buttons under ${MIN_TARGET} px`).toEqual([]);
  expect.soft(r.brokenText, `${name}: text one character per line`).toEqual([]);
}

describe.each(PHONES)('the mediator\'s day on a $width×$height phone', (size) => {
  it('我的案件 → case → call → accept → session → photo → settled', async () => {
    const id = caseIds.get(size.width)!;
    await page.setViewportSize(size);
    await page.context().clearCookies();
    await page.goto(`${server.base}/`);
    await login(page, 'mediator', PASSWORDS.mediator);
    await page.waitForURL(/\/my-cases$/);
    await page.getByTestId(`case-row-${id}`).click();
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    const work = page.getByTestId('case-work');
    await work.waitFor();

    // One tap to call: the parties and the dispatcher who assigned the case; the place in the map app.
    const calls = work.locator('a[href^="tel:"]');
    await calls.first().waitFor();
    expect(await calls.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['tel:13800001234', 'tel:13900005678', 'tel:03760000000']);
    expect(await work.getByTestId('map-geo').getAttribute('href')).toMatch(/^geo:\d+\.\d+,\d+\.\d+/);
    await expectFits(`${size.width}-1-assigned`);

    await work.getByTestId('case-accept').click();
    await work.getByTestId('session-open').click();
    await work.getByLabel('调解地点').fill('村委会调解室');
    await work.getByLabel('参与人').fill('测试甲、测试乙、调解员');
    await work.getByLabel('调解经过').fill('双方陈述，调解员现场查看排水沟，释法说理。');
    await work.getByLabel('本次调解结果').fill('双方同意共同疏通排水沟');
    await work.getByTestId('session-submit').click();
    await work.getByTestId('session-list').getByText('村委会调解室').waitFor();

    await work.getByTestId('attachment-input').setInputFiles({ name: '调解协议书.png', mimeType: 'image/png', buffer: tinyPng() });
    const thumb = work.getByTestId('attachment-list').locator('img');
    await thumb.waitFor();
    // The photo is shown from the server (same origin, the session cookie): it decoded.
    await page.waitForFunction(() => { const i = document.querySelector('[data-testid="attachment-list"] img') as HTMLImageElement | null; return !!i && i.complete && i.naturalWidth === 2; });
    await expectFits(`${size.width}-2-mediating`);

    await work.getByTestId('outcome-settled').click();
    await work.getByLabel('结果说明').fill('双方签订调解协议：共同出资疏通排水沟，被申请人赔偿损失 800 元。');
    await work.getByLabel('协议金额').fill('800');
    await work.getByTestId('outcome-submit').click();
    await work.getByTestId('outcome-shown').waitFor();
    expect(await page.locator('.case-head .status-tag').innerText()).toBe('调解成功');
    await expectFits(`${size.width}-3-settled`);

    // What the server stored, asked as the dispatcher.
    const d = await session(server, 'dispatcher');
    const detail = (await d.call<{ status: string; timeline: { kind: string }[] }>('GET', `/api/cases/${id}`)).body;
    expect(detail.status).toBe('settled');
    expect(detail.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['session_recorded', 'attachment_added']));
    const w = (await d.call<{ sessions: unknown[]; attachments: { mime: string }[]; outcome: { agreement_amount: number } }>('GET', `/api/cases/${id}/work`)).body;
    expect([w.sessions.length, w.attachments.map((a) => a.mime), w.outcome.agreement_amount]).toEqual([1, ['image/png'], 800]);
  });
});
