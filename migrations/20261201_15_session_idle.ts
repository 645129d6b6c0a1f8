// Each session keeps the idle limit in force at its login (as it keeps its absolute end, expires_at), so
// a server with another SESSION_IDLE_MINUTES neither ends nor purges it early: before this, the purge at
// every login deleted all sessions idle longer than the *logging-in* server's limit. Sessions made before
// this column existed have no known limit: they end here (one new login each).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex('sessions').delete();
  await knex.schema.alterTable('sessions', (t) => {
    t.integer('idle_ms').notNullable(); // SESSION_IDLE_MINUTES at login, in milliseconds
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('idle_ms');
  });
}
