// Every server test file shares one database, in an order vitest chooses, so a file that leaves rows
// behind can change what a later file counts. This setup file counts the rows of every table before
// and after each file and warns about the tables a file left changed (TEST_ISOLATION=strict fails the
// file instead). Tables that grow by design are not counted.
import { afterAll, beforeAll, expect } from 'vitest';
import { openTestDatabase } from './helpers.ts';
import { seedDemoUsers } from '../src/db/seed-users.ts';

// notifications and sms_outbox grow with every assignment and supervision note of any file, like the audit log.
const MAY_GROW = new Set(['audit_log', 'sessions', 'knex_migrations', 'knex_migrations_lock', 'spatial_ref_sys', 'notifications', 'sms_outbox', 'case_number_counters', 'idempotency_keys']);

async function rowCounts(): Promise<Map<string, number>> {
  const db = await openTestDatabase(); // opened and closed here: the embedded database takes one connection at a time
  try {
    await seedDemoUsers(db.knex); // as createTestApp does (a no-op unless a file emptied the users), so the next file is not blamed
    const tables = (await db.knex.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows
      .map((r: { tablename: string }) => r.tablename).filter((t: string) => !MAY_GROW.has(t));
    if (!tables.length) return new Map();
    const sql = tables.map((t: string) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL ');
    return new Map((await db.knex.raw(sql)).rows.map((r: { t: string; n: number }) => [r.t, r.n]));
  } finally {
    await db.close();
  }
}

let before: Map<string, number> | null = null;
beforeAll(async () => { before = await rowCounts().catch(() => null); });
afterAll(async ({}, suite) => {
  if (!before) return;
  const after = await rowCounts().catch(() => null);
  if (!after) return; // a file that changed the schema itself (migrations.test.ts on PostgreSQL puts it back)
  const changed = [...new Set([...before.keys(), ...after.keys()])]
    .filter((t) => before!.get(t) !== after.get(t))
    .map((t) => `${t} ${before!.get(t) ?? '-'} → ${after.get(t) ?? '-'}`);
  if (!changed.length) return;
  const message = `${(suite as { name?: string }).name ?? 'a test file'} left rows behind in the shared test database: ${changed.join(', ')}`;
  if (process.env.TEST_ISOLATION === 'strict') expect.fail(message);
  console.warn(`[isolation] ${message}`);
});
