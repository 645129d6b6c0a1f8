// Backup and restore of either database, whole (schema, data, the audit log, sessions).
//   embedded: the data folder as PGlite's own archive (dumpDataDir, a .tar.gz), taken with the folder
//     closed (the lock file refuses while the server runs: a folder copied mid-write is not consistent);
//     restored into a fresh folder, the old one kept next to it.
//   server:   pg_dump's custom format (consistent while the server runs); restored with pg_restore's SQL
//     in ONE psql transaction that first empties the schema, so a failed restore changes nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { LOCK_FILE, lockFolder } from './embedded.ts';
import { START_MARKER } from '../start.ts';

export interface BackupReport { kind: 'embedded' | 'postgres'; file: string; bytes: number; ms: number }

// --- embedded ---------------------------------------------------------------------------------------

export async function backupEmbedded(dataDir: string, file: string): Promise<BackupReport> {
  const t0 = performance.now();
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`No embedded database in ${dataDir} (no PG_VERSION). 该目录中没有内置数据库。`);
  const lock = lockFolder(dataDir, 'backup');
  try {
    const db = await PGlite.create(dataDir, { extensions: { postgis } });
    try {
      await db.query('CHECKPOINT');
      const archive = await db.dumpDataDir('gzip');
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const tmp = `${file}.partial`;
      fs.writeFileSync(tmp, Buffer.from(await archive.arrayBuffer()));
      fs.renameSync(tmp, file); // a backup file either exists whole or not at all
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
  return { kind: 'embedded', file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - t0) };
}

/** Restores into `dataDir`; an existing folder is moved to `<dataDir>.before-restore-<time>` (returned). */
export async function restoreEmbedded(file: string, dataDir: string): Promise<BackupReport & { previous: string | null }> {
  const t0 = performance.now();
  const archive = fs.readFileSync(file);
  let previous: string | null = null;
  const fresh = `${dataDir}.restoring`;
  fs.rmSync(fresh, { recursive: true, force: true });
  if (fs.existsSync(dataDir)) lockFolder(dataDir, 'restore').release(); // refuses while a server runs there
  const db = await PGlite.create(fresh, { extensions: { postgis }, loadDataDir: new Blob([archive]) });
  try {
    // The archive must be a database of this application, readable.
    await db.query('SELECT count(*) FROM knex_migrations');
  } catch (err) {
    await db.close().catch(() => undefined);
    fs.rmSync(fresh, { recursive: true, force: true });
    throw new Error(`${file} is not a backup of this application's embedded database (${(err as Error).message}). 该文件不是本系统内置数据库的备份。`);
  }
  await db.close();
  // The archive holds the lock and start marker of the process that made it: not ours.
  for (const f of [LOCK_FILE, START_MARKER]) fs.rmSync(path.join(fresh, f), { force: true });
  if (fs.existsSync(dataDir)) {
    previous = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dataDir, previous);
  }
  fs.renameSync(fresh, dataDir);
  return { kind: 'embedded', file, bytes: archive.length, ms: Math.round(performance.now() - t0), previous };
}

// --- PostgreSQL server --------------------------------------------------------------------------------

/** pg_dump/pg_restore/psql: on PATH, else the newest of Debian's /usr/lib/postgresql/<version>/bin. */
export function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  if (spawnSync(name, ['--version']).status === 0) return name;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', name))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error(`${name} not found: install the PostgreSQL client (apt-get install postgresql-client). 未找到 ${name}，请安装 PostgreSQL 客户端。`);
  return path.join(root, versions[0]!, 'bin', name);
}

function run(cmd: string, args: string[], opts: { stdin?: NodeJS.ReadableStream } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: [opts.stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => (err += d));
    if (opts.stdin) opts.stdin.pipe(p.stdin!);
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (${code}): ${err.trim().slice(0, 2000)}`))));
  });
}

export async function backupPostgres(url: string, file: string): Promise<BackupReport> {
  const t0 = performance.now();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.partial`;
  await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${url}`]);
  fs.renameSync(tmp, file);
  return { kind: 'postgres', file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - t0) };
}

export async function restorePostgres(file: string, url: string): Promise<BackupReport> {
  const t0 = performance.now();
  if (!fs.existsSync(file)) throw new Error(`No such backup file: ${file}`);
  // pg_restore writes the dump as SQL; psql runs it after emptying the schema, all in one transaction.
  const sql = spawn(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let restoreErr = '';
  sql.stderr!.on('data', (d) => (restoreErr += d));
  const { PassThrough } = await import('node:stream');
  const input = new PassThrough();
  input.write('DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n');
  sql.stdout!.pipe(input);
  const sqlDone = new Promise<void>((resolve, reject) => sql.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_restore failed (${code}): ${restoreErr.trim()}`)))));
  await Promise.all([
    run(pgTool('psql'), ['--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--dbname=${url}`, '--file=-'], { stdin: input }),
    sqlDone,
  ]);
  return { kind: 'postgres', file, bytes: fs.statSync(file).size, ms: Math.round(performance.now() - t0) };
}
