// Time to usable on a phone's connection (issue 14, item 8): Debian Chromium (playwright-core) with CDP
// Network.emulateNetworkConditions at 1.6 Mbps down, 750 kbps up, 150 ms latency, a 390×844 screen.
// For 我的案件, a case file and the grid-report form (/report; the demo mediator may report): the time from navigation
// to a named element being visible, on a cold cache (a fresh browser profile: no HTTP cache, no service
// worker) and a warm one (a profile that visited before: the service worker installed and in control), and the JavaScript bytes
// transferred (encoded, as on the wire). Then: 20 writes queued offline, the time from going back online
// to the queue being empty (待发送 → 已全部发送). Medians over ROUNDS rounds (default 3).
// Needs the built client: npm run build && npm run bench:phone
// One caveat, printed too: CDP emulation throttles the page; the service worker is its own target, so on a
// warm cache its network-first API requests are not throttled (they add about one RTT per request there).
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../e2e/serve.ts';
import { casesForDemoMediator } from '../e2e/api-session.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PROFILE = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };
const USER = { username: 'mediator', password: 'Demo-mediator-2026' };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const server = await serve();
const base = server.base;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});

/** A fresh profile, logged in (the login is not timed), on a throttled page. */
async function freshPage({ serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true, serviceWorkers });
  const res = await context.request.post(`${base}/api/auth/login`, { data: USER });
  if (!res.ok()) throw new Error(`login: ${res.status()}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', PROFILE);
  const js = { bytes: 0 };
  const scripts = new Set();
  cdp.on('Network.responseReceived', (e) => { if (e.type === 'Script') scripts.add(e.requestId); });
  cdp.on('Network.loadingFinished', (e) => { if (scripts.has(e.requestId)) js.bytes += e.encodedDataLength; });
  return { context, page, cdp, js };
}

/** Navigates and waits until `selector` is visible: ms, and JS bytes on the wire during it. */
async function timeTo(p, path, selector) {
  p.js.bytes = 0;
  const t0 = performance.now();
  await p.page.goto(base + path, { waitUntil: 'commit' });
  await p.page.locator(selector).first().waitFor({ state: 'visible', timeout: 120_000 });
  return { ms: performance.now() - t0, js: p.js.bytes };
}

// A fresh data folder's demo mediator has no open case of their own: the dispatcher assigns one first
// (as the browser tests do), so 我的案件 has a row and the case file a case.
const [caseId] = await casesForDemoMediator(server, ['手机测速：邻里纠纷']);

const VIEWS = [
  { name: '我的案件 /my-cases', path: '/my-cases', selector: '[data-testid^="case-row-"]' },
  { name: `案件 /cases/${caseId}`, path: `/cases/${caseId}`, selector: '[data-testid="case-panel"]' },
  { name: '上报表单 /report', path: '/report', selector: '[data-testid="report-form"], form[aria-label*="上报"], .view-refused' },
];

const results = Object.fromEntries(VIEWS.map((v) => [v.name, { cold: [], warm: [], jsCold: [], jsWarm: [] }]));
let reportSeen = null;
for (let round = 0; round < ROUNDS; round++) {
  for (const v of VIEWS) {
    // Cold: a first visit (no HTTP cache; the service worker, registered seconds after load, kept out).
    const c = await freshPage({ serviceWorkers: 'block' });
    const cold = await timeTo(c, v.path, v.selector);
    if (v.path === '/report') reportSeen = (await c.page.locator('.view-refused').count()) ? 'absent' : 'present';
    await c.context.close();
    // Warm: a visit earlier, the service worker installed (precache done) and controlling the page.
    const w = await freshPage();
    await w.page.goto(base + v.path);
    await w.page.locator(v.selector).first().waitFor({ state: 'visible', timeout: 120_000 });
    await w.page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await w.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const warm = await timeTo(w, v.path, v.selector);
    await w.context.close();
    const r = results[v.name];
    r.cold.push(cold.ms); r.warm.push(warm.ms); r.jsCold.push(cold.js); r.jsWarm.push(warm.js);
  }
}

// The queue: 20 writes (judge-guidance requests on one case) stored offline, then back online.
const drain = [];
for (let round = 0; round < ROUNDS; round++) {
  const p = await freshPage();
  await p.page.goto(base + '/my-cases');
  await p.page.locator('[data-testid^="case-row-"]').first().waitFor();
  await p.page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await p.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const userId = await p.page.evaluate(async () => (await (await fetch('/api/auth/me')).json()).user.id);
  await p.context.setOffline(true);
  await p.page.evaluate(async ({ userId, caseId, round }) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('shihe-offline', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('queue', { keyPath: 'key' });
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const tx = db.transaction('queue', 'readwrite');
    const now = Date.now();
    for (let i = 0; i < 20; i++) {
      tx.objectStore('queue').put({
        key: crypto.randomUUID(), userId, label: `计时 ${i + 1}`, method: 'POST', path: `/api/cases/${caseId}/guidance`,
        body: { kind: 'json', value: { mode: 'legal_guidance', note: `计时测试 第${round + 1}轮 ${i + 1}` } },
        state: 'waiting', message: null, createdAt: now + i, attempts: 0,
      });
    }
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    db.close();
  }, { userId, caseId, round });
  await p.page.reload();
  await p.page.getByText('待发送 20 条').waitFor();
  const t0 = performance.now();
  await p.context.setOffline(false);
  await p.page.waitForFunction(() => document.querySelector('[data-testid="queue-indicator"]')?.textContent?.includes('已全部发送'), null, { timeout: 300_000, polling: 50 });
  drain.push(performance.now() - t0);
  await p.context.close();
}

const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
const kB = (b) => `${(b / 1024).toFixed(1)} kB`;
console.log(`Phone profile: 1.6 Mbps down, 750 kbps up, 150 ms latency (CDP), 390×844; medians of ${ROUNDS} rounds\n`);
console.log('| view | cold: usable | warm: usable | JS transferred cold | JS transferred warm |');
console.log('|---|---:|---:|---:|---:|');
for (const v of VIEWS) {
  const r = results[v.name];
  console.log(`| ${v.name} | ${f(median(r.cold))} | ${f(median(r.warm))} | ${kB(median(r.jsCold))} | ${kB(median(r.jsWarm))} |`);
}
if (reportSeen === 'absent') console.log('\n/report: no report form in this client yet (the view answers 此页面不存在); its row times the app shell and that notice.');
console.log(`\nOffline queue, 20 writes: back online → queue empty ${f(median(drain))} (rounds: ${drain.map(f).join(', ')})`);
console.log('Warm figures: the service worker\'s own network-first API requests are not throttled by CDP page emulation.');

await browser.close();
await server.stop();
fs.rmSync(server.dataDir, { recursive: true, force: true });
