// One database for the whole server test run, migrated and loaded with the district once:
// the embedded PGlite (in memory) by default, or the PostgreSQL server in TEST_DATABASE_URL
// (a throwaway database: its public schema is emptied first).
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedDatabase } from '../src/db/embedded.ts';
import { openDatabase, migrateLatest } from '../src/db/connection.ts';
import { loadDistrict } from '../src/db/load-district.ts';
import { seedDemoUsers } from '../src/db/seed-users.ts';
import { DISTRICT_DIR } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { url: string; kind: 'embedded' | 'postgres' };
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  let url: string;
  if (serverUrl) {
    if (!/test/i.test(new URL(serverUrl).pathname)) {
      throw new Error(`TEST_DATABASE_URL must name a throwaway database with "test" in its name (got ${new URL(serverUrl).pathname}).`);
    }
    url = serverUrl;
  } else {
    embedded = await startEmbedded();
    url = embedded.url;
  }
  const kind = serverUrl ? 'postgres' : 'embedded';
  const db = await openDatabase({ url, kind });
  if (serverUrl) await db.knex.raw('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrateLatest(db.knex);
  await loadDistrict(db.knex, DISTRICT_DIR);
  await seedDemoUsers(db.knex);
  await db.close();
  project.provide('database', { url, kind });
  return async () => {
    await embedded?.close();
  };
}
