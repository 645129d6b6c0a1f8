// Bringing the system up: database, migrations, first-start district load. Shared by index.ts and
// the tests/benchmarks, so all of them start the same way.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, migrateLatest, type Database } from './db/connection.ts';
import { damagedFolderAdvice } from './db/embedded.ts';
import { loadDistrict } from './db/load-district.ts';
import { demoAnchor } from './db/demo-dates.ts';
import { accountsWithDemoPasswords, seedDemoUsers } from './db/seed-users.ts';

export interface Started {
  db: Database;
  timings: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartOptions {
  /** How long to keep retrying a PostgreSQL server that is not reachable (default 5 minutes; 0: try once). */
  waitForDatabaseMs?: number;
  /** Embedded: the longest the write probe and the migrations + first load may take before the folder is declared stuck. */
  embeddedStuckMs?: { probe: number; startup: number };
}

const DEFAULT_WAIT_MS = 5 * 60_000;
const DEFAULT_STUCK_MS = { probe: 30_000, startup: 10 * 60_000 };

/** The message a start that cannot reach the server ends with. */
const unreachable = (err: unknown) =>
  `Cannot reach the database (${(err as Error).message}). Check DATABASE_URL and that the PostgreSQL server is running. ` +
  '无法连接数据库：请检查 DATABASE_URL 以及 PostgreSQL 服务是否已启动。';

/**
 * A server that is not up yet (it may be starting too, or restarting) is retried with a growing
 * pause (0.5 s … 5 s) for `waitMs`, each attempt logged, so a process supervisor sees one waiting
 * process instead of a crash loop; the embedded database is opened once.
 */
async function openWithRetry(config: Config, log: Logger, waitMs: number): Promise<Database> {
  const until = Date.now() + waitMs;
  for (let i = 1; ; i++) {
    const db = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      postgis: { bundle: config.POSTGIS_BUNDLE, cacheDir: config.CACHE_DIR },
    });
    try {
      await db.knex.raw('SELECT 1');
      if (i > 1) log.info({ attempt: i }, 'database reachable');
      return db;
    } catch (err) {
      await db.close().catch(() => undefined);
      if (!config.DATABASE_URL || Date.now() >= until) throw new Error(unreachable(err));
      const pause = Math.min(5000, 500 * 2 ** (i - 1));
      log.warn({ attempt: i, retry_in_ms: pause, err: (err as Error).message }, 'database not reachable, retrying (数据库暂不可用，稍后重试)');
      console.error(`数据库暂不可用，${(pause / 1000).toFixed(1)} 秒后重试 / database not reachable (${(err as Error).message}), retrying in ${(pause / 1000).toFixed(1)} s`);
      await sleep(pause);
    }
  }
}

/** Rejects with `message` when `p` has not settled after `ms` (the embedded database hangs rather than fails). */
async function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A marker in the embedded folder while migrations and the first load run: found at the next start,
 * it says the last start was interrupted there (that is where a killed process has left a folder
 * that reads but hangs on writes).
 */
export const START_MARKER = 'shihe-start-incomplete';

export async function startDatabase(config: Config, log: Logger, opts: StartOptions = {}): Promise<Started> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const db = await openWithRetry(config, log, config.DATABASE_URL ? (opts.waitForDatabaseMs ?? DEFAULT_WAIT_MS) : 0);
  lap('open_ms');
  const embeddedFolder = db.kind === 'embedded' && !config.DATABASE_URL ? config.DATA_DIR : null;
  const stuck = opts.embeddedStuckMs ?? DEFAULT_STUCK_MS;
  const marker = embeddedFolder ? path.join(embeddedFolder, START_MARKER) : null;
  if (embeddedFolder) {
    const interrupted = fs.existsSync(marker!);
    if (db.uncleanShutdown || interrupted) {
      log.warn({ data_dir: embeddedFolder, interrupted_start: interrupted }, interrupted
        ? 'the last start was interrupted during migrations or the first load: checking the embedded folder'
        : 'the last run did not shut down cleanly: checking the embedded folder');
    }
    // A write that cannot finish means a folder damaged by an interrupted run: say so instead of hanging.
    const advice = damagedFolderAdvice(embeddedFolder);
    try {
      await within(db.knex.transaction(async (trx) => { await trx.raw('SELECT txid_current()'); }), stuck.probe,
        `The embedded database in ${embeddedFolder} opens but does not accept writes (a write probe did not finish within ${Math.round(stuck.probe / 1000)} s).`);
    } catch (err) {
      throw new Error(`${(err as Error).message} ${advice}`);
    }
    fs.writeFileSync(marker!, new Date().toISOString());
  }
  const prepare = async () => {
    const applied = await migrateLatest(db.knex, { embedded: db.kind === 'embedded' });
    lap('migrate_ms');
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (config.LOAD_DISTRICT === 'auto') {
      const report = await loadDistrict(db.knex, config.DISTRICT_DATA_DIR, { anchor: demoAnchor(config.DEMO_ANCHOR) });
      lap('load_ms');
      if (report.loaded) log.info({ counts: report.counts, dataset: report.dataset }, 'district loaded (first start)');
    }
  };
  if (embeddedFolder) {
    try {
      await within(prepare(), stuck.startup,
        `The migrations and first district load in ${embeddedFolder} did not finish within ${Math.round(stuck.startup / 60_000)} min: the embedded database is stuck.`);
    } catch (err) {
      throw new Error(`${(err as Error).message} ${damagedFolderAdvice(embeddedFolder)}`);
    }
    fs.rmSync(marker!, { force: true });
  } else {
    await prepare();
  }
  // No account yet (first start): the demo accounts, whose passwords the README lists.
  const seeded = await seedDemoUsers(db.knex);
  if (seeded) log.info({ accounts: seeded }, 'demo accounts created (passwords in README: change them before production)');
  if (config.NODE_ENV === 'production') {
    const demo = await accountsWithDemoPasswords(db.knex);
    if (demo.length) {
      await db.close();
      throw new Error(
        `NODE_ENV=production, but these accounts still have their published demo passwords: ${demo.join(', ')}. ` +
          'Start once without NODE_ENV=production, log in as admin and set new passwords (or deactivate the accounts) in 用户管理, then start again. ' +
          '生产环境拒绝启动：以上演示账号仍使用公开的演示密码，请先在非生产模式下以管理员登录，于“用户管理”中重设密码或停用这些账号。',
      );
    }
  }
  return { db, timings };
}
