// Court documents in the browser (issue 18 item 3): the demo mediator opens the case file (the 文书 section
// offers 生成 Word and 打印) and the print view of the case's 委派调解函 in Chromium: an A4 sheet (210 mm
// wide), text drawn on white with white margins, the court's name and the case number rendered; the
// screenshot goes to test-artifacts/documents-print.png. Then the .docx is generated through the API and
// its XML holds the same case number.
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './serve.ts';
import { casesForDemoMediator, PASSWORDS, session } from './api-session.ts';
import { ARTIFACTS, openBrowser } from './browser.ts';
import { colourStats, login } from './page.ts';

let server: Served;
let browser: BrowserContext;
let page: Page;
let caseId = 0;
let caseNumber = '';

beforeAll(async () => {
  server = await serve();
  browser = await openBrowser();
  page = await browser.newPage();
  [caseId] = await casesForDemoMediator(server, ['测试：文书打印 邻里排水纠纷']);
  const m = await session(server, 'mediator');
  caseNumber = (await m.call<{ case_number: string }>('GET', `/api/cases/${caseId}`)).body.case_number;
  expect(caseNumber).toMatch(/^（\d{4}）豫1502民诉前调\d+号$/);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('documents in the browser', () => {
  it('the case file offers the documents; the print view draws the 委派调解函 on a white A4 sheet', async () => {
    await page.setViewportSize({ width: 1000, height: 1300 });
    await page.goto(`${server.base}/`);
    await login(page, 'mediator', PASSWORDS.mediator);
    await page.waitForURL(/\/my-cases$/);
    await page.goto(`${server.base}/cases/${caseId}`);
    const docs = page.getByTestId('case-documents');
    await docs.waitFor();
    expect(await docs.getByTestId('doc-generate-delegation_letter').isVisible()).toBe(true);
    expect(await docs.getByTestId('doc-print-delegation_letter').getAttribute('href')).toBe(`/cases/${caseId}/print/delegation_letter`);

    await page.goto(`${server.base}/cases/${caseId}/print/delegation_letter`);
    const sheet = page.getByTestId('print-sheet');
    await sheet.waitFor();
    await page.evaluate(() => document.fonts.ready);
    const text = await sheet.innerText();
    expect(text).toContain(caseNumber);
    expect(text).toContain('信阳市浉河区人民法院');
    expect(text).toContain('委派调解函');
    expect(text).toContain('测试甲');
    expect(await page.getByTestId('print-button').isEnabled()).toBe(true);

    const box = (await sheet.boundingBox())!;
    // A4 at CSS 96 dpi: 210 mm = 793.7 px wide, at least 297 mm = 1122.5 px tall.
    expect(Math.abs(box.width - 793.7)).toBeLessThan(2);
    expect(box.height).toBeGreaterThanOrEqual(1122);
    const png = await page.screenshot({ path: path.join(ARTIFACTS, 'documents-print.png'), fullPage: true });
    const clip = { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
    const whole = await colourStats(page, png, clip);
    // Text on white: some ink, mostly paper.
    expect(whole.nonWhiteShare).toBeGreaterThan(0.01);
    expect(whole.nonWhiteShare).toBeLessThan(0.3);
    // The margins are paper: the top 37 mm (≈ 140 px) and the left 28 mm (≈ 105 px) hold no ink.
    expect((await colourStats(page, png, { ...clip, height: 130 })).nonWhiteShare).toBe(0);
    expect((await colourStats(page, png, { ...clip, width: 95 })).nonWhiteShare).toBe(0);
    // The case number line is drawn (right-aligned, under the title): its box has ink.
    const line = page.locator('[data-testid="print-sheet"] p', { hasText: caseNumber }).first();
    const lb = (await line.boundingBox())!;
    expect((await colourStats(page, png, { x: Math.round(lb.x), y: Math.round(lb.y), width: Math.round(lb.width), height: Math.round(lb.height) })).nonWhiteShare).toBeGreaterThan(0.02);

    // In print, the sheet is A4 pages with the page number at the foot: the PDF Chromium makes has A4 pages.
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const sizes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) expect(s).toEqual([595, 842]);
  });

  it('admin: 文书模板 lists every template with its fields', async () => {
    await page.context().clearCookies();
    await page.goto(`${server.base}/`);
    await login(page, 'admin', PASSWORDS.admin);
    await page.waitForURL(/\/leadership$/);
    await page.goto(`${server.base}/document-templates`);
    await page.getByTestId('template-delegation_letter').waitFor();
    expect(await page.locator('[data-testid^="template-"]:not([data-testid="template-error"])').count()).toBe(6);
    expect(await page.getByTestId('template-delegation_letter').innerText()).toContain('{case_number}');
    expect(await page.getByTestId('document-templates').innerText()).toContain('{#parties}…{/parties}');
    await page.screenshot({ path: path.join(ARTIFACTS, 'documents-templates.png'), fullPage: true });
  });

  it('the .docx generated for the same case holds the same case number', async () => {
    const m = await session(server, 'mediator');
    const made = await m.call<{ id: number }>('POST', `/api/cases/${caseId}/documents/delegation_letter`);
    expect(made.status).toBe(201);
    const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mediator', password: PASSWORDS.mediator }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const file = await fetch(`${server.base}/api/documents/${made.body.id}`, { headers: { cookie } });
    const xml = await (await JSZip.loadAsync(Buffer.from(await file.arrayBuffer()))).file('word/document.xml')!.async('string');
    expect(xml).toContain(caseNumber);
  });
});
