// A throwaway PostgreSQL + PostGIS cluster for tests: initdb into a temporary folder, start it on a
// private port with its socket in the same folder, create the test database with PostGIS, and stop
// and delete it afterwards. As root it runs the server as the `postgres` user (PostgreSQL refuses root).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    const share = execFileSync(path.join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8' }).trim();
    if (fs.existsSync(path.join(share, 'extension', 'postgis.control'))) return bin;
  }
  return null;
}

/** A TCP port free on 127.0.0.1 now: two test runs side by side must not meet on one fixed port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(bin, cmd, args, opts = {}) {
  const full = path.join(bin, cmd);
  const [exe, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
  const r = spawnSync(exe, argv, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function startCluster(bin, port = 55432) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-pg-'));
  fs.chmodSync(dir, 0o777);
  if (isRoot()) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  run(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  run(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']);
  const psql = (sql, db = 'postgres') => run(bin, 'psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  psql('CREATE DATABASE shihe_test');
  psql('CREATE EXTENSION postgis', 'shihe_test');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/shihe_test`,
    stop() {
      try { run(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    },
  };
}
