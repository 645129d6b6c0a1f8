// `npm test`: every test, in three stages.
//   1. vitest: data, client and server tests; the server tests on the embedded PGlite + PostGIS.
//   2. the server tests again on a throwaway PostgreSQL + PostGIS server (scripts/pg-throwaway.mjs).
//   3. the browser test: the built app in headless Chromium (client/e2e).
// Under CI a missing PostgreSQL or Chromium is a failure; elsewhere the stage is skipped with a warning.
// `--only pg` or `--only e2e` runs one stage.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findPgBin, freePort, startCluster } from './pg-throwaway.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const CI = Boolean(process.env.CI);
const results = [];

function vitest(label, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  results.push([label, r.status === 0 ? 'passed' : 'FAILED']);
  return r.status === 0;
}

function missing(label, what) {
  if (CI) {
    console.error(`\n${label}: ${what} is missing, and CI must run this stage.`);
    results.push([label, 'FAILED (missing ' + what + ')']);
  } else {
    console.warn(`\n!!! ${label} SKIPPED: ${what} is missing (install it to run this stage; CI fails without it).`);
    results.push([label, 'SKIPPED']);
  }
}

if (!only) vitest('unit, data, client and server tests (embedded PGlite + PostGIS)', []);

if (!only || only === 'pg') {
  const label = 'server tests on PostgreSQL + PostGIS';
  const bin = findPgBin();
  if (!bin) missing(label, 'PostgreSQL with PostGIS (apt-get install postgresql-15-postgis-3)');
  else {
    const cluster = startCluster(bin, await freePort()); // not a fixed port: another run may be beside this one
    try { vitest(label, ['--project', 'server'], { TEST_DATABASE_URL: cluster.url }); } finally { cluster.stop(); }
  }
}

if (!only || only === 'e2e') {
  const label = 'browser test (headless Chromium)';
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!chromium) missing(label, 'Chromium (apt-get install chromium)');
  else {
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) results.push([label, 'FAILED (client build)']);
    else vitest(label, ['--config', 'vitest.e2e.config.ts'], { CHROMIUM_PATH: chromium });
  }
}

console.log('\n=== summary ===');
for (const [label, status] of results) console.log(`${status.padEnd(10)} ${label}`);
process.exit(results.some(([, s]) => s.startsWith('FAILED')) ? 1 : 0);
