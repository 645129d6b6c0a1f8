// Issue 17 on screen, in headless Chromium set to an English locale on the real server (first start,
// so the demo is loaded with its dates moved to today): the case timeline and 督办记录 show the display
// name, the audit log reads as Chinese sentences, and the date fields are 年/月/日. Screenshots go to
// test-artifacts/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { login, openView } from './page.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser({ locale: 'en-US' });
  page = await browser.newPage();
  await page.goto(server.base + '/');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const todayInShanghai = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function logout() {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByLabel('用户名').waitFor();
}

describe('court-ready screens (issue 17)', () => {
  it('the demo data ends today', async () => {
    const cfg = await page.evaluate(async () => (await fetch('/api/config')).json()) as { dataset: { anchor_date: string } };
    expect(cfg.dataset.anchor_date).toBe(todayInShanghai());
  });

  it('the case timeline and 督办记录 show the display name, not the login name', async () => {
    await login(page, 'dispatcher', 'Demo-dispatcher-2026');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    const id = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json() as { csrfToken: string };
      const csrf = me.csrfToken;
      const list = await (await fetch('/api/supervision?kind=near_deadline&days=60&page_size=1')).json() as { items: { id: number }[] };
      const caseId = list.items[0]!.id;
      const res = await fetch(`/api/cases/${caseId}/notes`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ note: '请三日内反馈调解进展（浏览器测试）' }) });
      if (res.status !== 201) throw new Error(`note: ${res.status} ${await res.text()}`);
      return caseId;
    });
    await page.goto(`${server.base}/cases/${id}`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('演示分流员').first().waitFor();
    const text = await timeline.innerText();
    expect(text).toContain('演示分流员');
    expect(text).not.toMatch(/\bdispatcher\b/);
    await timeline.screenshot({ path: path.join(ARTIFACTS, 'court-ready-timeline.png') });
    await logout();
  });

  it('the audit log reads as sentences with names, and dates are picked as 年/月/日 in an English browser', async () => {
    await login(page, 'admin', 'Demo-admin-2026');
    await openView(page, '审计日志');
    const first = page.getByTestId('audit-sentence').first();
    await first.waitFor();
    const sentences = await page.getByTestId('audit-sentence').allInnerTexts();
    expect(sentences.some((s) => s.includes('演示分流员对案件') && s.includes('督办记录'))).toBe(true);
    expect(sentences.some((s) => s === '演示管理员登录')).toBe(true);
    for (const s of sentences) expect(s).not.toMatch(/[{}]|user #|import #/);
    const field = page.getByRole('group', { name: '起始日期' });
    const text = await field.innerText();
    expect(text).toContain('年');
    expect(text).toContain('月');
    expect(text).toContain('日');
    expect(await page.locator('input[type="date"]').count()).toBe(0);
    await page.getByLabel('起始日期 年').selectOption('2026');
    await page.getByLabel('起始日期 月').selectOption('12');
    await page.getByLabel('起始日期 日').selectOption('1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'court-ready-audit.png') });
  });
});
