// A grid worker's report by the phone's position (issue 14), at 390×844 in Chromium with its geolocation
// overridden: the admin creates the account for a registry 网格员 (initial password shown once), the grid
// worker logs in, must change the password first, lands on the report form, takes the position (its accuracy
// shown in metres), reports a dispute to the queue; the dispatcher finds it among the pending cases with
// source 网格上报. Each screen is measured as a person sees it (layout.ts) and kept as a screenshot
// (test-artifacts/grid-report-*.png).
import { tinyPng } from '../../server/test/case-work-files.ts';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login } from './page.ts';
import { layoutReport, MIN_TARGET } from './layout.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;

// Inside 高岭村第1网格 (411502103207001), 董家河镇: ST_PointOnSurface of the grid, WGS84 as a phone gives it.
const POSITION = { longitude: 113.877952, latitude: 32.156549, accuracy: 15 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  // Chromium's geolocation override: the permission granted for this origin, the position set.
  await browser.grantPermissions(['geolocation'], { origin: server.base });
  await browser.setGeolocation(POSITION);
  page = await browser.newPage();
  await page.setViewportSize(PHONE);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const url = (p: string) => server.base + p;

async function expectFits(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `grid-report-${name}.png`), fullPage: true });
  const r = await layoutReport(page);
  expect.soft(r.pageOverflow, `${name}: the page scrolls sideways`).toBe(0);
  expect.soft(r.outside, `${name}: elements past the screen edge`).toEqual([]);
  expect.soft(r.smallTargets, `${name}: buttons under ${MIN_TARGET} px`).toEqual([]);
  expect.soft(r.brokenText, `${name}: text one character per line`).toEqual([]);
}

/** The admin's side, through the API: an account for the first registry 网格员 without one. */
async function gridWorkerAccount(): Promise<{ username: string; password: string }> {
  const res = await fetch(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Demo-admin-2026' }) });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const options = await (await fetch(url('/api/users/mediator-options?without_account=true&limit=500'), { headers: { cookie } })).json();
  const worker = (options.items as { id: number; kind: string; status: string }[]).find((m) => m.kind === 'grid_worker' && m.status === 'active')!;
  const created = await fetch(url('/api/users/mediator-accounts'), {
    method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ mediator_ids: [worker.id] }),
  });
  expect(created.status).toBe(201);
  const [account] = (await created.json()).items as { username: string; initial_password: string }[];
  return { username: account!.username, password: account!.initial_password };
}

describe('a grid worker on a 390×844 phone', () => {
  // One test: the dispatcher's step needs the case the grid worker's step made.
  it('changes the initial password, reports a dispute by position, and the dispatcher finds it pending with source 网格上报', async () => {
    const account = await gridWorkerAccount();
    await page.goto(url('/'));
    await page.getByLabel('用户名').waitFor();
    await login(page, account.username, account.password);
    await page.getByRole('form', { name: '修改初始密码' }).waitFor();
    await expectFits('password');
    await page.getByLabel('初始密码', { exact: true }).fill(account.password);
    await page.getByLabel('新密码（至少 10 位，含字母和数字）', { exact: true }).fill('Grid-worker-2026');
    await page.getByLabel('再次输入新密码', { exact: true }).fill('Grid-worker-2026');
    await page.getByRole('button', { name: '修改密码' }).click();

    await page.waitForURL(/\/report$/);
    const form = page.getByRole('form', { name: '网格上报' });
    await form.waitFor();
    await expectFits('form');
    await page.getByTestId('report-locate').click();
    await expect.poll(() => page.getByTestId('report-accuracy').textContent(), { timeout: 30_000 }).toBe('（精度约 15 米）');
    expect(await page.getByTestId('report-place').textContent()).toContain('113.877952，32.156549');
    await page.getByLabel('纠纷类型').selectOption('neighbour');
    await page.getByLabel('当事人 1 姓名').fill('测试甲');
    await page.getByLabel('当事人 1 电话').fill('13800001234');
    await page.getByLabel('情况描述').fill('两户因排水沟堵塞发生争执，需分流员安排调解');
    await page.getByText('提交分流（待分流员分派）').click();
    // A photo from the phone's camera travels with the report (one request).
    await page.getByTestId('report-photo-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: tinyPng() });
    await expect.poll(() => page.getByTestId('report-photos').textContent()).toContain('现场照片.png');
    // The view scrolls inside the app (the bottom bar stays): bring the button above the bar, as a thumb would.
    await page.getByTestId('report-submit').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await expectFits('filled');
    await page.getByTestId('report-submit').click();
    const done = page.getByTestId('report-done');
    await done.waitFor({ timeout: 60_000 });
    await expectFits('done');
    const text = (await done.textContent())!;
    expect(text).toContain('高岭村第1网格');
    const caseId = Number(/#(\d+)/.exec(text)![1]);
    expect(caseId).toBeGreaterThan(0);

    // The dispatcher's queue.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    await login(page, 'dispatcher', 'Demo-dispatcher-2026');
    await page.waitForURL(/\/dispatch$/);
    await page.getByLabel('案件来源').selectOption('grid_report');
    const row = page.getByTestId(`case-row-${caseId}`);
    await row.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId(`case-source-${caseId}`).textContent()).toBe('网格上报');
    expect(await row.textContent()).toContain('待分流');
    await page.screenshot({ path: path.join(ARTIFACTS, 'grid-report-queue.png') });
    const r = await layoutReport(page);
    expect.soft(r.pageOverflow, 'queue: the page scrolls sideways').toBe(0);
    expect.soft(r.outside, 'queue: elements past the screen edge').toEqual([]);
    // The server agrees: pending, grid_report, at the phone's position.
    const stored = await page.evaluate(async (id) => (await fetch(`/api/cases/${id}`)).json(), caseId);
    expect(stored).toMatchObject({ status: 'pending', source: 'grid_report' });
    expect(Math.abs(stored.lng - POSITION.longitude)).toBeLessThan(1e-6);
    expect(Math.abs(stored.lat - POSITION.latitude)).toBeLessThan(1e-6);
    const work = await page.evaluate(async (id) => (await fetch(`/api/cases/${id}/work`)).json(), caseId);
    expect(work.attachments).toEqual([expect.objectContaining({ kind: 'evidence', mime: 'image/png', file_name: '现场照片.png' })]);
  });
});
