// The only module that creates knex instances. Opens the embedded database or a server, runs
// migrations, and answers which kind it is.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';
import type { PostgisBundleOptions } from './postgis-bundle.ts';
import { migrationSource } from '../../../migrations/index.ts';

// int8 (counts, sums) as JS numbers: every count here is far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as number (areas, shares); precision beyond double is not needed in this domain.
pg.types.setTypeParser(1700, (v) => Number(v));

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Embedded only: the previous process left the data folder without closing it. */
  uncleanShutdown?: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… — when absent, the embedded database in `dataDir` (or memory) is started. */
  url?: string;
  /** What the URL points at, when it is an embedded database started elsewhere (tests). */
  kind?: DatabaseKind;
  dataDir?: string;
  /** Embedded: which PostGIS bundle PGlite opens (db/postgis-bundle.ts). */
  postgis?: PostgisBundleOptions;
  poolMax?: number;
}

function makeKnex(url: string, poolMax: number): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'shihe-grid-map' },
    pool: { min: 0, max: poolMax, acquireTimeoutMillis: 60_000 },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const kind = opts.kind ?? 'postgres';
    // The embedded database has a single connection: a bigger pool would only queue (or worse).
    const knex = makeKnex(opts.url, kind === 'embedded' ? 1 : (opts.poolMax ?? 10));
    return { knex, kind, close: () => knex.destroy() };
  }
  const embedded: EmbeddedDatabase = await startEmbedded(opts.dataDir, opts.postgis);
  const knex = makeKnex(embedded.url, 1);
  return {
    knex,
    kind: 'embedded',
    uncleanShutdown: embedded.uncleanShutdown,
    async close() {
      await knex.destroy();
      await embedded.close();
    },
  };
}

export async function migrateLatest(knex: Knex, opts: { embedded?: boolean } = {}): Promise<string[]> {
  // Only one process can open an embedded data folder, so a migration lock found there was left by a
  // process that died while migrating (its transaction was rolled back): free it rather than refuse
  // to start forever. On a server, other instances may be migrating, so the lock is respected.
  if (opts.embedded) await knex.migrate.forceFreeMigrationsLock();
  const [, applied] = (await knex.migrate.latest()) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback(undefined, true);
}
