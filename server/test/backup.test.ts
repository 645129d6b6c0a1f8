// Backup and restore round trips through the documented command (server/src/ops/backup-cli.ts, which
// `npm run backup` / `npm run restore` run): back up, change the data, restore, and the data is as it
// was at the backup. The embedded database always (a folder of its own); the PostgreSQL server when
// the server tests run on one (a database of its own next to TEST_DATABASE_URL's).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLatest, openDatabase, type Database } from '../src/db/connection.ts';
import { loadDistrict } from '../src/db/load-district.ts';
import { seedDemoUsers } from '../src/db/seed-users.ts';
import { REPO_ROOT } from '../src/config.ts';
import { DISTRICT_DIR } from './paths.ts';

const PG = process.env.TEST_DATABASE_URL;
let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-backup-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

function cli(command: 'backup' | 'restore', file: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/ops/backup-cli.ts', command, file], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env }, timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** What a round trip must bring back: counts of the main tables, a marker value, PostGIS geometry, the audit log. */
async function snapshot(db: Database) {
  const k = db.knex;
  const count = async (t: string) => ((await k(t).count({ n: '*' }))[0] as { n: number }).n;
  return {
    marker: (await k('dataset_info').where({ key: 'backup-test' }).first())?.value ?? null,
    users: await count('users'),
    cases: await count('cases'),
    grids: await count('grids'),
    audit: await count('audit_log'),
    area: Math.round(((await k.raw(`SELECT sum(ST_Area(geom::geography)) AS a FROM townships`)).rows[0] as { a: number }).a),
  };
}

async function prepare(db: Database) {
  await migrateLatest(db.knex);
  await loadDistrict(db.knex, DISTRICT_DIR);
  await seedDemoUsers(db.knex);
  await db.knex('dataset_info').insert({ key: 'backup-test', value: JSON.stringify('at backup') });
  await db.knex('audit_log').insert({ action: 'auth.login', outcome: 'success', username: 'backup-test' });
}

async function change(db: Database) {
  await db.knex('dataset_info').where({ key: 'backup-test' }).update({ value: JSON.stringify('changed after') });
  await db.knex('users').where({ username: 'planner' }).del();
  await db.knex('cases').where('id', '<=', 10).del();
  await db.knex('audit_log').insert({ action: 'auth.login', outcome: 'success', username: 'after-backup' });
}

// The embedded round trip in the embedded stage of `npm test`, the server's in the PostgreSQL stage.
describe.skipIf(PG)('embedded database', () => {
  it('npm run backup / npm run restore: a round trip brings the data back as it was at the backup', async () => {
    const dataDir = path.join(tmp, 'pglite');
    const file = path.join(tmp, 'embedded.tar.gz');
    let db = await openDatabase({ dataDir });
    await prepare(db);
    // While the folder is open (a server runs), the backup refuses instead of copying a folder mid-write.
    const busy = cli('backup', file, { DATA_DIR: dataDir });
    expect(busy.status).toBe(1);
    expect(busy.out).toMatch(/in use by another process/);
    const atBackup = await snapshot(db);
    await db.close();

    const made = cli('backup', file, { DATA_DIR: dataDir });
    expect(made.status, made.out).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);

    db = await openDatabase({ dataDir });
    await change(db);
    expect((await snapshot(db)).marker).toBe('changed after');
    await db.close();

    const restored = cli('restore', file, { DATA_DIR: dataDir });
    expect(restored.status, restored.out).toBe(0);
    expect(fs.readdirSync(tmp).some((f) => f.startsWith('pglite.before-restore-'))).toBe(true);
    db = await openDatabase({ dataDir });
    try {
      expect(await snapshot(db)).toEqual(atBackup);
    } finally {
      await db.close();
    }
    // Not a backup: refused, the folder untouched.
    fs.writeFileSync(path.join(tmp, 'junk.tar.gz'), 'not a backup');
    const junk = cli('restore', path.join(tmp, 'junk.tar.gz'), { DATA_DIR: dataDir });
    expect(junk.status).toBe(1);
    db = await openDatabase({ dataDir });
    try { expect(await snapshot(db)).toEqual(atBackup); } finally { await db.close(); }
  }, 240_000);
});

describe.runIf(PG)('PostgreSQL server', () => {
  it('npm run backup / npm run restore: a round trip brings the data back as it was at the backup', async () => {
    const base = new URL(PG!);
    const name = `${base.pathname.slice(1)}_backup`;
    const admin = await openDatabase({ url: PG!, kind: 'postgres', poolMax: 1 });
    await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.knex.raw(`CREATE DATABASE ${name}`);
    base.pathname = `/${name}`;
    const url = base.toString();
    let db = await openDatabase({ url, kind: 'postgres', poolMax: 2 });
    try {
      await db.knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
      await prepare(db);
      const atBackup = await snapshot(db);
      const file = path.join(tmp, 'server.dump');
      const made = cli('backup', file, { DATABASE_URL: url });
      expect(made.status, made.out).toBe(0);
      await change(db);
      // A table a later migration might add: the restore leaves nothing of what came after the backup.
      await db.knex.raw('CREATE TABLE after_backup (x int)');
      await db.close();
      const restored = cli('restore', file, { DATABASE_URL: url });
      expect(restored.status, restored.out).toBe(0);
      db = await openDatabase({ url, kind: 'postgres', poolMax: 2 });
      expect(await snapshot(db)).toEqual(atBackup);
      expect((await db.knex.raw(`SELECT to_regclass('after_backup') AS t`)).rows[0].t).toBeNull();
      // The append-only trigger came back with the data.
      await expect(db.knex('audit_log').update({ action: 'forged' })).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
      await admin.knex.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    }
  }, 240_000);
});
