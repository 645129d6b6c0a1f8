// How long 案件分流 takes to become usable (the queue answered and the map drew its data), opened from
// the menu at 1280×900 in headless Debian Chromium, with the requests it waited on and when each ended.
// Usage: npx tsx scripts/dispatch-open-time.ts http://127.0.0.1:3000 [rounds]
import { chromium } from 'playwright-core';
const base = process.argv[2]!;
const ctx = await chromium.launchPersistentContext('/tmp/shihe-dispatch-probe-' + Date.now(), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
  args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] });
const page = await ctx.newPage();
// The renderer's main-thread busy time (CDP Performance metrics) beside the wall time: on a machine
// shared with other work the wall time mostly measures the wait for a core, the busy time what the view costs.
const cdp = await ctx.newCDPSession(page);
await cdp.send('Performance.enable');
const busy = async () => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
};
await page.goto(base + '/');
await page.getByLabel('用户名').fill('dispatcher');
await page.getByLabel('密码').fill('Demo-dispatcher-2026');
await page.getByRole('button', { name: '登录' }).click();
await page.getByRole('button', { name: '退出登录' }).waitFor();
const rounds = Number(process.argv[3] ?? 3);
for (let round = 0; round < rounds; round++) {
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '调解名册' }).click();
  await page.waitForFunction(() => document.body.dataset.dispatchReady === undefined);
  await page.waitForTimeout(500);
  await page.evaluate(() => { performance.clearResourceTimings(); (window as any).__t0 = performance.now(); (window as any).__marks = []; 
    const obs = new MutationObserver(() => { (window as any).__marks.push([document.body.dataset.mapReady, document.body.dataset.dispatchReady, performance.now() - (window as any).__t0]); });
    obs.observe(document.body, { attributes: true }); });
  const b0 = await busy();
  const t0 = Date.now();
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '案件分流' }).click();
  await page.waitForSelector('[data-testid^="case-row-"]', { timeout: 180000 });
  const queueMs = Date.now() - t0;
  await page.waitForSelector('body[data-dispatch-ready="true"]', { timeout: 180000 });
  const ms = Date.now() - t0;
  const b1 = await busy();
  const r = await page.evaluate(() => ({ res: performance.getEntriesByType('resource').map((e: any) => [e.name.replace(location.origin, ''), Math.round(e.startTime - (window as any).__t0), Math.round(e.responseEnd - (window as any).__t0), e.transferSize]), marks: (window as any).__marks }));
  console.log(`round ${round}: queue listed at ${queueMs} ms, map drawn (usable) at ${ms} ms wall; main thread busy ${Math.round((b1.task - b0.task) * 1000)} ms (script ${Math.round((b1.script - b0.script) * 1000)} ms); load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
  for (const x of r.res) console.log('  ', x.join(' '));
  console.log('  marks', JSON.stringify(r.marks.map((m: any) => [m[0], m[1], Math.round(m[2])])));
}
await ctx.close();
