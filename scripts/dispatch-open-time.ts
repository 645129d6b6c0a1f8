// How long 案件分流 takes to become usable, opened from the menu at 1280×900 in headless Debian Chromium,
// with the requests it waited on and when each ended. Times are taken in the page from the click event
// (what the person feels; the wall time beside adds the automation's own round trips):
// - usable and map complete: see dispatch-probe.ts (the same probe times a fresh page load: dispatch-first-open.ts).
// Usage: npx tsx scripts/dispatch-open-time.ts http://127.0.0.1:3000 [rounds]
import { chromium } from 'playwright-core';
import { browserCpuMs, PROBE_SCRIPT } from './dispatch-probe.ts';
const base = process.argv[2]!;
const profile = '/tmp/shihe-dispatch-probe-' + Date.now();
const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
  args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] });
const page = await ctx.newPage();
// The probe of "usable" (and tsx's helper for the page functions' inner arrows).
await page.addInitScript(PROBE_SCRIPT);
// The renderer's main-thread busy time (CDP Performance metrics) beside the wall time: on a machine
// shared with other work the wall time mostly measures the wait for a core, the busy time what the view costs.
const cdp = await ctx.newCDPSession(page);
await cdp.send('Performance.enable');
const busy = async () => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
};
// Logged in on 调解名册 (the URL survives the login): round 0 is the view's first opening in the session
// (its code loaded on the click), the next rounds open it again.
await page.goto(base + '/registry');
// CPU time (user + system) of the browser's processes: the renderer, and the GPU process where software
// WebGL draws. Unlike a duration it hardly grows with the machine's load.
const ticks = () => browserCpuMs(profile);
await page.getByLabel('用户名').fill('dispatcher');
await page.getByLabel('密码').fill('Demo-dispatcher-2026');
await page.getByRole('button', { name: '登录' }).click();
await page.getByRole('button', { name: '退出登录' }).waitFor();
const rounds = Number(process.argv[3] ?? 3);
for (let round = 0; round < rounds; round++) {
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '调解名册' }).click();
  await page.waitForFunction(() => document.body.dataset.dispatchReady === undefined);
  // 调解名册 has drawn its map and settled: its work does not spill into the measured opening.
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 180000 });
  await page.waitForTimeout(1500);
  // In the page, every frame from the click on: when each part of "usable" first holds (dispatch-probe.ts).
  await page.evaluate(() => {
    const w = window as any;
    performance.clearResourceTimings(); w.__t0 = null; w.__at = {}; w.__marks = [];
    const onClick = (e: MouseEvent) => {
      if ((e.target as Element).closest('a')?.textContent !== '案件分流') return;
      document.removeEventListener('click', onClick, true);
      w.__startProbe(e.timeStamp);
    };
    document.addEventListener('click', onClick, true);
  });
  const b0 = await busy();
  const c0 = ticks();
  const t0 = Date.now();
  await page.getByRole('navigation', { name: '功能导航' }).getByRole('link', { name: '案件分流' }).click();
  await page.waitForSelector('[data-testid^="case-row-"]', { timeout: 180000 });
  const queueMs = Date.now() - t0;
  await page.waitForSelector('body[data-dispatch-ready="true"]', { timeout: 180000 });
  const ms = Date.now() - t0;
  const b1 = await busy();
  const c1 = ticks();
  await page.waitForFunction(() => (window as any).__at.outline !== undefined, undefined, { timeout: 60000 })
    .catch(async (e) => { console.log(await page.evaluate(() => JSON.stringify([(window as any).__at, (window as any).__err]))); throw e; });
  const r = await page.evaluate(() => ({ res: performance.getEntriesByType('resource').map((e: any) => [e.name.replace(location.origin, ''), Math.round(e.startTime - (window as any).__t0), Math.round(e.responseEnd - (window as any).__t0), e.transferSize]), marks: (window as any).__marks, at: (window as any).__at }));
  const at = r.at as Record<string, number>;
  const usable = Math.max(at.queue!, at.form!, at.outline!);
  console.log(`round ${round}: from the click: usable ${Math.round(usable)} ms (queue ${Math.round(at.queue!)}, form ${Math.round(at.form!)}, outline ${Math.round(at.outline!)}), map complete ${Math.round(at.complete!)} ms; wall ${queueMs} / ${ms} ms; main thread busy ${Math.round((b1.task - b0.task) * 1000)} ms (script ${Math.round((b1.script - b0.script) * 1000)} ms); browser CPU ${c1 - c0} ms; load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
  for (const x of r.res) console.log('  ', x.join(' '));
  console.log('  marks', JSON.stringify(r.marks.map((m: any) => [m[0], m[1], Math.round(m[2])])));
}
await ctx.close();
