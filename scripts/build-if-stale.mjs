// `npm start` builds the client only when client/dist is missing or older than its sources, so a
// restart does not pay for a rebuild. `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const client = path.resolve(import.meta.dirname, '../client');
const built = path.join(client, 'dist', 'index.html');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', '../server/src/contract'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
if (builtAt && Math.max(...inputs.map((i) => newest(path.join(client, i)))) <= builtAt) {
  console.log('client/dist is up to date');
} else {
  const r = spawnSync('npm', ['run', 'build', '-w', 'client'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
