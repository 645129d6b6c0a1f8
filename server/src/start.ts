// Bringing the system up: database, migrations, first-start district load. Shared by index.ts and
// the tests/benchmarks, so all of them start the same way.
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openDatabase, migrateLatest, type Database } from './db/connection.ts';
import { loadDistrict } from './db/load-district.ts';
import { accountsWithDemoPasswords, seedDemoUsers } from './db/seed-users.ts';

export interface Started {
  db: Database;
  timings: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server that is not up yet is retried a few times (it may be starting too); then a clear error. */
async function openWithRetry(config: Config, log: Logger): Promise<Database> {
  const attempts = config.DATABASE_URL ? 5 : 1;
  for (let i = 1; ; i++) {
    const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      await db.knex.raw('SELECT 1');
      return db;
    } catch (err) {
      await db.close().catch(() => undefined);
      if (i >= attempts) {
        throw new Error(`Cannot reach the database (${(err as Error).message}). Check DATABASE_URL and that the server is running.`);
      }
      log.warn({ attempt: i, err: (err as Error).message }, 'database not reachable, retrying');
      await sleep(1000 * i);
    }
  }
}

export async function startDatabase(config: Config, log: Logger): Promise<Started> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const db = await openWithRetry(config, log);
  lap('open_ms');
  const applied = await migrateLatest(db.knex, { embedded: db.kind === 'embedded' });
  lap('migrate_ms');
  if (applied.length) log.info({ applied }, 'migrations applied');
  if (config.LOAD_DISTRICT === 'auto') {
    const report = await loadDistrict(db.knex, config.DISTRICT_DATA_DIR);
    lap('load_ms');
    if (report.loaded) log.info({ counts: report.counts, dataset: report.dataset }, 'district loaded (first start)');
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
