// How long 案件分流 takes to become usable when it is the first thing a session shows: a fresh browser
// (new profile: empty HTTP cache, no service worker) whose dispatcher is logged in loads /dispatch. Timed in
// the page from the navigation's start, with the same probe of "usable" and "map complete" as
// dispatch-open-time.ts (dispatch-probe.ts). Each run is its own browser; `again` then loads /dispatch once
// more in a new tab of that browser (its HTTP cache and service worker warm: the next session on that PC).
// Prints every run's requests (start and end from the navigation start, bytes on the wire) and the
// median and maximum over the runs with the load average beside.
// Usage: npx tsx scripts/dispatch-first-open.ts http://127.0.0.1:3000 [runs=7] [again]
import os from 'node:os';
import { chromium, type BrowserContext } from 'playwright-core';
import { browserCpuMs, PROBE_SCRIPT } from './dispatch-probe.ts';

const base = process.argv[2]!;
const runs = Number(process.argv[3] ?? 7);
const again = process.argv[4] === 'again';

interface Opening { usable: number; queue: number; form: number; outline: number; complete: number; busy: number; cpu: number; load: number }

async function open(ctx: BrowserContext, profile: string, label: string): Promise<Opening> {
  const page = await ctx.newPage();
  await page.addInitScript(PROBE_SCRIPT + ' window.__startProbe(0);');
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const c0 = browserCpuMs(profile);
  await page.goto(base + '/dispatch');
  await page.waitForFunction(() => (window as any).__at.complete !== undefined && (window as any).__at.outline !== undefined, undefined, { timeout: 180000 });
  const cpu = browserCpuMs(profile) - c0;
  const { metrics } = await cdp.send('Performance.getMetrics');
  const busy = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  const r = await page.evaluate(() => ({
    res: performance.getEntriesByType('resource').map((e: any) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd), e.transferSize]),
    nav: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseEnd ?? 0,
    marks: (window as any).__marks, at: (window as any).__at,
  }));
  const at = r.at as Record<string, number>;
  const usable = Math.max(at.queue!, at.form!, at.outline!);
  const load = os.loadavg()[0]!;
  console.log(`${label}: from navigation start: usable ${Math.round(usable)} ms (queue ${Math.round(at.queue!)}, form ${Math.round(at.form!)}, outline ${Math.round(at.outline!)}), map complete ${Math.round(at.complete!)} ms; document ${Math.round(r.nav)} ms; main thread busy ${Math.round(busy)} ms; browser CPU ${cpu} ms; load average ${load.toFixed(1)}`);
  for (const x of r.res) console.log('  ', x.join(' '));
  console.log('  marks', JSON.stringify(r.marks));
  await page.close();
  return { usable, queue: at.queue!, form: at.form!, outline: at.outline!, complete: at.complete!, busy, cpu, load };
}

const first: Opening[] = [];
const second: Opening[] = [];
for (let i = 0; i < runs; i++) {
  const profile = `/tmp/shihe-dispatch-first-${Date.now()}`;
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'] });
  // Logged in without a page: the first page the browser loads is /dispatch.
  const login = await ctx.request.post(base + '/api/auth/login', { data: { username: 'dispatcher', password: 'Demo-dispatcher-2026' } });
  if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
  first.push(await open(ctx, profile, `run ${i} first`));
  if (again) {
    await new Promise((f) => setTimeout(f, 4000)); // the service worker registers 3 s after load
    second.push(await open(ctx, profile, `run ${i} again`));
  }
  await ctx.close();
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const sum = (label: string, xs: Opening[]) => {
  if (!xs.length) return;
  const f = (k: keyof Opening) => `${Math.round(median(xs.map((x) => x[k])))} / ${Math.round(Math.max(...xs.map((x) => x[k])))}`;
  console.log(`${label} (${xs.length} runs, median / max ms): usable ${f('usable')}; queue ${f('queue')}; form ${f('form')}; outline ${f('outline')}; complete ${f('complete')}; busy ${f('busy')}; browser CPU ${f('cpu')}; load ${Math.min(...xs.map((x) => x.load)).toFixed(1)}–${Math.max(...xs.map((x) => x.load)).toFixed(1)}; over 1.5 s: ${xs.filter((x) => x.usable > 1500).length}`);
};
sum('first load', first);
sum('again', second);
