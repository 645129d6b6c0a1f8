// Offline (issue 14): a mediator on a 390×844 phone opens a case, loses the network, records a status
// change and a judge-guidance request (queued: 待发送 2 条), reloads while offline (the service worker
// serves the app and the cached case), and comes back online: the queue sends both, and the server holds
// exactly one of each; a third write on a stale version comes back 409 and stays in the list as 冲突.
// Sending a queued item again with its Idempotency-Key stores nothing new.
// Needs the built client (npm run build: the service worker is registered by production builds only).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
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

const NOTE = '离线测试：当事人同意周五到村委会调解';

type Detail = { status: string; guidance: { note: string | null }[]; timeline: { kind: string; to_status: string | null; details: { source?: string } | null }[] };
const caseOnServer = (id: number) => page.evaluate(async (caseId) => (await fetch(`/api/cases/${caseId}`)).json(), id) as Promise<Detail>;

/** Polls `check` until it is true (a generous deadline: only a hang fails). */
async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

const indicator = () => page.getByTestId('queue-indicator');

describe('a mediator offline', () => {
  it('queues a status change and a guidance request, reloads offline, and sends each exactly once', async () => {
    await page.goto(server.base + '/');
    await page.getByLabel('用户名').waitFor();
    await login(page, 'mediator', 'Demo-mediator-2026');
    await page.waitForURL(/\/my-cases$/);
    // The service worker controls the page (it claims its clients on activation).
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker');

    const mine = await page.evaluate(async () => (await fetch('/api/my/cases?status=assigned,mediating&page_size=5')).json()) as { items: { id: number; status: string }[] };
    expect(mine.items.length, 'the demo mediator has an open case').toBeGreaterThan(0);
    const { id, status } = mine.items[0]!;
    const target = status === 'assigned' ? 'mediating' : 'settled';
    await page.goto(`${server.base}/cases/${id}`);
    await page.getByTestId('case-panel').waitFor();
    await page.getByTestId(`status-${target}`).waitFor();
    const before = await caseOnServer(id);

    await browser.setOffline(true);
    await page.getByTestId(`status-${target}`).click();
    await page.getByTestId('status-submit').click();
    await expect.poll(() => page.getByTestId('case-notice').textContent()).toContain('待发送队列');
    await page.getByRole('button', { name: '+ 申请法官指导' }).click();
    await page.getByLabel('申请说明').fill(NOTE);
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => indicator().textContent()).toContain('待发送 2 条');
    // A second status change made on the same (now stale) version: the server will refuse it (409), and the
    // queue must keep it as a conflict with the server's message, not lose it.
    await page.getByTestId('status-withdrawn').click();
    await page.getByTestId('status-submit').click();
    await expect.poll(() => indicator().textContent()).toContain('待发送 3 条');

    // Reload without a network: the shell, 我的案件 and this case come from the service worker's caches.
    await page.reload();
    await page.getByTestId('case-panel').waitFor();
    await expect.poll(() => indicator().textContent()).toContain('待发送 3 条');
    await indicator().click();
    await expect.poll(() => page.getByTestId('queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['waiting', 'waiting', 'waiting']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-queue-waiting.png') });

    await browser.setOffline(false);
    await until(async () => (await indicator().textContent())?.includes('1 条未能发送') ?? false, 'the queue to empty');
    expect(await page.getByTestId('queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['sent', 'sent', 'conflict']);
    expect(await page.locator('[data-state="conflict"] .queue-message').textContent()).toMatch(/\S/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'offline-queue-sent.png') });

    const after = await caseOnServer(id);
    expect(after.status).toBe(target); // not withdrawn: that change was the conflict
    expect(after.guidance.filter((g) => g.note === NOTE)).toHaveLength(1);
    // Recorded status events only: a demo case's timeline also shows entries read from its timestamps.
    const statusEvents = (d: Detail) => d.timeline.filter((e) => e.kind === 'status' && e.to_status === target && e.details?.source !== 'imported').length;
    expect(statusEvents(after)).toBe(statusEvents(before) + 1);

    // The same queued item sent twice more (as a retry after a lost answer would): stored once.
    const replays = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('shihe-offline');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const items = await new Promise<{ key: string; state: string; method: string; path: string; body: { value: unknown } }[]>((resolve) => {
        const r = db.transaction('queue').objectStore('queue').getAll();
        r.onsuccess = () => resolve(r.result.filter((i: { state: string }) => i.state === 'sent'));
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
    expect(replays).toHaveLength(4);
    for (const r of replays) expect(r).toMatchObject({ replayed: 'true' });
    expect(replays.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    const again = await caseOnServer(id);
    expect(again.guidance.filter((g) => g.note === NOTE)).toHaveLength(1);
    expect(statusEvents(again)).toBe(statusEvents(before) + 1);
  });
});
