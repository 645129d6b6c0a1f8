// Migrations go down and up again on the real database, and the loader is all-or-nothing and
// loads once.
//
// On PostgreSQL this runs on the shared test database and leaves it as it found it (migrated and
// loaded). On the embedded database it runs on a database of its own, started in this process as the
// app runs it: the shared embedded database is ONE PGlite backend behind a socket, and dropping and
// re-creating the postgis extension there leaves PostGIS's per-backend caches pointing at the old
// types, which breaks the spatial queries of every later test file (a real server starts a new
// backend per connection, so it does not have this problem).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { openTestDatabase } from './helpers.ts';
import { migrateLatest, migrateRollbackAll, openDatabase, type Database } from '../src/db/connection.ts';
import { loadDistrict } from '../src/db/load-district.ts';
import { DISTRICT_DIR } from './paths.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let db: Database;
beforeAll(async () => {
  if (inject('database').kind === 'embedded') {
    db = await openDatabase({});
    await migrateLatest(db.knex);
    await loadDistrict(db.knex, DISTRICT_DIR);
  } else {
    db = await openTestDatabase();
  }
}); // the server project's hookTimeout: a migration and a district load on a busy machine
afterAll(async () => { await db.close(); });

const tables = async (knex: Knex) =>
  (await knex.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r: { tablename: string }) => r.tablename);

describe('migrations and district load', () => {
  it('loading again is a no-op', async () => {
    expect(await loadDistrict(db.knex, DISTRICT_DIR)).toEqual({ loaded: false });
  });

  it('geometry columns are SRID 4326 with GiST indexes', async () => {
    const cols = (await db.knex.raw(`SELECT f_table_name AS t, f_geometry_column AS c, srid, type FROM geometry_columns ORDER BY 1, 2`)).rows;
    expect(cols.length).toBeGreaterThanOrEqual(10);
    for (const c of cols) expect(c.srid).toBe(4326);
    const gist = (await db.knex.raw(`SELECT indexname FROM pg_indexes WHERE indexdef ILIKE '%USING gist%'`)).rows.map((r: { indexname: string }) => r.indexname);
    for (const n of ['townships_geom_gist', 'villages_geom_gist', 'grids_geom_gist', 'cases_location_gist', 'mediators_location_gist']) expect(gist).toContain(n);
  });

  it('a failing load leaves nothing behind', async () => {
    await migrateRollbackAll(db.knex);
    await migrateLatest(db.knex);
    // A copy of the data whose last mediator has no kind (NOT NULL): the load fails after the areas,
    // tribunals and organisations went in.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shihe-bad-'));
    for (const f of fs.readdirSync(DISTRICT_DIR)) fs.copyFileSync(path.join(DISTRICT_DIR, f), path.join(dir, f));
    const mediators = JSON.parse(fs.readFileSync(path.join(dir, 'mediators.json'), 'utf8'));
    mediators[mediators.length - 1].kind = null;
    fs.writeFileSync(path.join(dir, 'mediators.json'), JSON.stringify(mediators));
    await expect(loadDistrict(db.knex, dir)).rejects.toThrow();
    for (const t of ['townships', 'villages', 'grids', 'organisations', 'mediators', 'cases', 'dataset_info']) {
      expect((await db.knex(t).count({ n: '*' }))[0]!.n, t).toBe(0);
    }
  });

  it('down removes every table, up restores them, and the district loads', async () => {
    await migrateRollbackAll(db.knex);
    const left = (await tables(db.knex)).filter((t: string) => !t.startsWith('knex_') && t !== 'spatial_ref_sys');
    expect(left).toEqual([]);
    expect((await db.knex.raw(`SELECT count(*) AS n FROM pg_extension WHERE extname = 'postgis'`)).rows[0].n).toBe(0);
    await migrateLatest(db.knex);
    expect(await tables(db.knex)).toEqual(expect.arrayContaining(['townships', 'villages', 'grids', 'tribunals', 'organisations', 'mediators', 'mediator_service_areas', 'cases']));
    const report = await loadDistrict(db.knex, DISTRICT_DIR);
    expect(report.loaded).toBe(true);
    expect(report.counts).toMatchObject({ townships: 19, villages: 269 });
  });
});
