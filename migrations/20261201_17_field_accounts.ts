// Accounts for real mediators and grid reports (issue 14, items 3–4).
// - users.must_change_password: an account created with a generated password may only change it
//   (routes/access.ts refuses everything else until then).
// - One account per registry mediator: a unique index on users.mediator_id (NULLs allowed many times).
// - cases.source is one of the case sources of contract/vocab.ts CASE_SOURCES (listed again here:
//   a migration must not change when the code does).
// - cases.resolved_on_spot: a grid report resolved where it was found (就地化解), stored settled.
import type { Knex } from 'knex';

const SOURCES = ['court_delegated', 'grid_report', 'self_reported', 'department_referral'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.unique(['mediator_id'], { indexName: 'users_mediator_id_unique' });
  });
  await knex.schema.alterTable('cases', (t) => {
    t.boolean('resolved_on_spot').notNullable().defaultTo(false);
    t.check(`source IN (${SOURCES.map((s) => `'${s}'`).join(', ')})`, [], 'cases_source_check');
    t.index(['source', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['source', 'created_at']);
    t.dropChecks(['cases_source_check']);
    t.dropColumn('resolved_on_spot');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['mediator_id'], 'users_mediator_id_unique');
    t.dropColumn('must_change_password');
  });
}
