// What each view costs a phone to open: the gzip size of the JavaScript and CSS it loads (the entry, its own
// chunk and everything that chunk imports statically), read from the Vite manifest of `npm run build`.
// Prints a Markdown table. Usage: npm run build && node client/scripts/bundle-sizes.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.resolve(import.meta.dirname, '../dist');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'));
const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kB = (n) => (n / 1024).toFixed(1);

/** The files a manifest entry loads: its own, its static imports' (transitively), their CSS. */
function files(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const k of manifest[key].imports ?? []) files(k, seen);
  return seen;
}
const assets = (keys) => {
  const js = new Set(), css = new Set();
  for (const k of keys) {
    js.add(manifest[k].file);
    for (const c of manifest[k].css ?? []) css.add(c);
  }
  return { js, css };
};
const sum = (set) => [...set].reduce((n, f) => n + gz(f), 0);

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entry = assets(files(entryKey));
const VIEWS = {
  '登录页 (entry: React, login, router, API client)': null,
  '我的案件 my-cases': 'src/views/MyCasesView.tsx',
  '案件分流 dispatch': 'src/views/dispatch/DispatchView.tsx',
  '态势总览 overview': 'src/views/OverviewView.tsx',
  '调解名册 registry': 'src/views/registry/RegistryView.tsx',
  '考核统计 assessment': 'src/views/assessment/AssessmentView.tsx',
  '领导驾驶舱 leadership': 'src/views/assessment/LeadershipView.tsx',
  '覆盖规划 planning': 'src/views/planning/PlanningView.tsx',
  '边界导入 boundaries': 'src/views/registry/BoundaryImportView.tsx',
  '用户管理 users': 'src/views/UsersView.tsx',
  '审计日志 audit': 'src/views/AuditView.tsx',
  '公开名录 directory': 'src/views/public/PublicDirectoryView.tsx',
};
const has = (set, name) => [...set].some((f) => path.basename(f).startsWith(name));
console.log('| view | JS gzip (kB) | CSS gzip (kB) | total on first open (kB) | maplibre | charts |');
console.log('|---|---:|---:|---:|:-:|:-:|');
for (const [label, src] of Object.entries(VIEWS)) {
  const key = src && Object.keys(manifest).find((k) => k.endsWith(src));
  const own = key ? assets([...files(key)].filter((k) => !files(entryKey).has(k))) : { js: new Set(), css: new Set() };
  const js = new Set([...entry.js, ...own.js]);
  const css = new Set([...entry.css, ...own.css]);
  console.log(`| ${label} | ${kB(sum(js))} | ${kB(sum(css))} | ${kB(sum(js) + sum(css))} | ${has(js, 'MapView') ? 'yes' : '—'} | ${[...js].some((f) => /BarChart|Charts/.test(f)) ? 'yes' : '—'} |`);
}
const worker = Object.values(manifest).find((m) => m.file.includes('worker'));
console.log(`\nThe map worker (${worker ? kB(gz(worker.file)) : '?'} kB gzip) is fetched by maplibre when a map is first drawn.`);
