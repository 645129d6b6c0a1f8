// Offline (issue 14): a mediator on a 390×844 phone opens a case, loses the network, records a mediation
// session and an outcome, then a grid report with a photo (all queued: 待发送 3 条), reloads while offline
// (the service worker serves the app), and comes back online: the queue sends them, and the server holds
// exactly one session and one report case with its photo; the outcome, made on a version the dispatcher
// changed meanwhile, comes back 409 and stays in the list as 冲突. Sending a queued item again with its
// Idempotency-Key stores nothing new.
// Needs the built client (npm run build: the service worker is registered by production builds only).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { tinyPng } from '../../server/test/case-work-files.ts';
import { serve, type Served } from './serve.ts';
import { casesForDemoMediator, session } from './api-session.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login } from './page.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
});

afterAll(async () => {
  await browser?.setOffline(false).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const PLACE = '离线测试：村委会调解室';
const REPORT = '离线测试：两户因排水沟堵塞争执，现场信号弱';
const POSITION = { longitude: 113.877952, latitude: 32.156549 };

/** Polls `check` until it is true (a generous deadline: only a hang fails). */
async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

const indicator = () => page.getByTestId('queue-indicator');
const states = () => page.getByTestId('queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));

describe('a mediator offline', () => {
  it('queues a session, an outcome and a grid report with a photo; reloads offline; sends each exactly once; a stale write is kept as a conflict', async () => {
    await page.goto(server.base + '/');
    await page.getByLabel('用户名').waitFor();
    await login(page, 'mediator', 'Demo-mediator-2026');
    await page.waitForURL(/\/my-cases$/);
    // The service worker controls the page (it claims its clients on activation).
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker');

    // A case of the demo mediator's, accepted (being mediated).
    const [id] = await casesForDemoMediator(server, ['离线测试：邻里排水纠纷']);
    const mediator = await session(server, 'mediator');
    const assigned = await mediator.call<{ version: number }>('GET', `/api/cases/${id}`);
    expect((await mediator.call('POST', `/api/cases/${id}/accept`, { version: assigned.body.version })).status).toBe(200);
    await page.goto(`${server.base}/cases/${id}`);
    const work = page.getByTestId('case-work');
    await work.getByTestId('session-open').waitFor();
    const dispatcher = (await session(server, 'dispatcher')).call;
    const version = (await dispatcher<{ version: number }>('GET', `/api/cases/${id}`)).body.version;

    await browser.setOffline(true);
    // 1. A mediation session.
    await work.getByTestId('session-open').click();
    await work.getByLabel('调解地点').fill(PLACE);
    await work.getByLabel('参与人').fill('测试甲、测试乙、调解员');
    await work.getByLabel('调解经过').fill('双方陈述，调解员释法说理。');
    await work.getByLabel('本次调解结果').fill('约定下周再谈');
    await work.getByTestId('session-submit').click();
    await expect.poll(() => work.getByTestId('work-notice').textContent()).toContain('待发送队列');
    // 2. The outcome, on the version the phone saw. Meanwhile (the phone is offline) the dispatcher extends
    //    the deadline, so that version goes stale: the server will refuse this one (409) and the queue must
    //    keep it as a conflict with the server's message, not lose it.
    await work.getByTestId('outcome-settled').click();
    await work.getByLabel('结果说明').fill('离线测试：双方达成协议');
    await work.getByTestId('outcome-submit').click();
    await expect.poll(() => indicator().textContent()).toContain('待发送 2 条');
    const extended = await dispatcher('POST', `/api/cases/${id}/extend`, { version, days: 10, reason: '离线测试：延期' });
    expect(extended.status).toBe(200);

    // 3. A grid report with a photo, by the phone's position, from the report form (served offline).
    await browser.grantPermissions(['geolocation'], { origin: server.base });
    await browser.setGeolocation({ ...POSITION, accuracy: 15 });
    await page.goto(`${server.base}/report`);
    await page.getByTestId('report-locate').click();
    await expect.poll(() => page.getByTestId('report-accuracy').textContent(), { timeout: 30_000 }).toBe('（精度约 15 米）');
    await page.getByLabel('纠纷类型').selectOption('neighbour');
    await page.getByLabel('当事人 1 姓名').fill('测试甲');
    await page.getByLabel('情况描述').fill(REPORT);
    await page.getByText('提交分流（待分流员分派）').click();
    await page.getByTestId('report-photo-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: tinyPng() });
    await page.getByTestId('report-submit').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-queued').waitFor();
    await expect.poll(() => indicator().textContent()).toContain('待发送 3 条');

    // Reload without a network: the shell and the queue survive (the service worker, IndexedDB).
    await page.reload();
    await expect.poll(() => indicator().textContent()).toContain('待发送 3 条');
    await indicator().click();
    await expect.poll(states).toEqual(['waiting', 'waiting', 'waiting']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-queue-waiting.png') });

    await browser.setOffline(false);
    await until(async () => (await indicator().textContent())?.includes('1 条未能发送') ?? false, 'the queue to empty');
    expect(await states()).toEqual(['sent', 'conflict', 'sent']);
    expect(await page.locator('[data-state="conflict"] .queue-message').textContent()).toMatch(/\S/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-queue-sent.png') });

    // On the server: one session, the case still being mediated (the stale outcome was refused), one report
    // case with its photo.
    type Work = { sessions: { place: string }[] };
    const sessionsOf = async () => (await dispatcher<Work>('GET', `/api/cases/${id}/work`)).body.sessions.filter((x) => x.place === PLACE).length;
    const reports = async () => (await dispatcher<{ items: { id: number }[] }>('GET', `/api/cases?source=grid_report&q=${encodeURIComponent(REPORT)}`)).body.items;
    expect(await sessionsOf()).toBe(1);
    expect((await dispatcher<{ status: string }>('GET', `/api/cases/${id}`)).body.status).toBe('mediating');
    const reported = await reports();
    expect(reported).toHaveLength(1);
    const files = (await dispatcher<{ attachments: { mime: string }[] }>('GET', `/api/cases/${reported[0]!.id}/work`)).body.attachments;
    expect(files.map((f) => f.mime)).toEqual(['image/png']);

    // The same queued JSON items sent twice more (as a retry after a lost answer would): stored once.
    const replays = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('shihe-offline');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const items = await new Promise<{ key: string; state: string; method: string; path: string; body: { kind: string; value: unknown } }[]>((resolve) => {
        const r = db.transaction('queue').objectStore('queue').getAll();
        r.onsuccess = () => resolve(r.result.filter((i: { state: string; body: { kind: string } }) => i.state === 'sent' && i.body.kind === 'json'));
      });
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const out: { status: number; replayed: string | null }[] = [];
      for (const item of items) {
        for (let n = 0; n < 2; n++) {
          const res = await fetch(item.path, {
            method: item.method,
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, 'Idempotency-Key': item.key },
            body: JSON.stringify(item.body.value),
          });
          out.push({ status: res.status, replayed: res.headers.get('idempotency-replayed') });
        }
      }
      return out;
    });
    expect(replays.length).toBeGreaterThanOrEqual(2);
    for (const r of replays) expect(r).toMatchObject({ replayed: 'true' });
    expect(replays.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(await sessionsOf()).toBe(1);
    expect(await reports()).toHaveLength(1);
  });
});
