// What "usable" means for 案件分流, checked in the page at every frame: shared by the two timing scripts
// (dispatch-open-time.ts: opened from the menu; dispatch-first-open.ts: a fresh page load) so that both
// time the same thing. Serialised into the page (page.addInitScript), so it refers to nothing outside itself.
// - usable: the queue listed, the form's button interactive and the map showing the district outline
//   (township boundaries rendered);
// - map complete: every area layer's data drawn (body[data-dispatch-ready], which the browser tests wait for).
// Times are `performance.now() - t0` (t0: the click event's time stamp, or 0: the page's navigation start).
import fs from 'node:fs';

export function startProbe(t0: number): void {
  const w = window as any;
  w.__t0 = t0; w.__at = {}; w.__marks = [];
  const note = (k: string) => { if (w.__at[k] === undefined) w.__at[k] = performance.now() - w.__t0; };
  let obs: MutationObserver | null = null;
  const observe = () => {
    obs = new MutationObserver(() => {
      w.__marks.push([document.body.dataset.mapReady, document.body.dataset.dispatchReady, Math.round(performance.now() - w.__t0)]);
      if (document.body.dataset.dispatchReady === 'true') note('complete');
    });
    obs.observe(document.body, { attributes: true });
  };
  if (document.body) observe(); else document.addEventListener('DOMContentLoaded', observe, { once: true });
  const tick = () => {
    if (document.querySelector('[data-testid^="case-row-"]')) note('queue');
    const b = document.querySelector<HTMLButtonElement>('[data-testid="case-new"]');
    if (b && !b.disabled) note('form');
    // The dispatch view's map (the previous view's map until the view is mounted: it is the same map).
    const m = document.querySelector('[data-testid="dispatch-view"] .maplibregl-map') ? w.__map : null;
    try {
      if (m && m.getLayer('townships-line') && m.queryRenderedFeatures({ layers: ['townships-line'] }).length > 0) note('outline');
    } catch (err) { w.__err = String(err); }
    if (w.__at.complete === undefined || w.__at.outline === undefined) requestAnimationFrame(tick);
    else obs?.disconnect();
  };
  requestAnimationFrame(tick);
}

/** The page functions' text, for page.addInitScript: tsx names inner arrows with a helper the page lacks. */
export const PROBE_SCRIPT = `window.__name = (f) => f; window.__startProbe = ${startProbe.toString()};`;

/** CPU time (user + system, ms) so far of the browser started with this profile folder and its child processes. */
export function browserCpuMs(profile: string): number {
  const stats = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      return [{ pid, ppid: f[1]!, cpu: Number(f[11]) + Number(f[12]), cmd: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') }];
    } catch { return []; }
  });
  const ours = new Set(stats.filter((x) => x.cmd.includes(profile)).map((x) => x.pid));
  for (let grew = true; grew;) { grew = false; for (const x of stats) if (!ours.has(x.pid) && ours.has(x.ppid)) { ours.add(x.pid); grew = true; } }
  return stats.filter((x) => ours.has(x.pid)).reduce((a, x) => a + x.cpu, 0) * 10; // 100 ticks a second
}
