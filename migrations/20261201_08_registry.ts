// Registry admin (issue 5): what editing the register needs beyond migration 03. Only additions, so
// the dispatch rule (services/assignment.ts) reads mediators and service areas as before.
//   mediators: status dates (joined, on leave until, withdrawn), where the location came from, an
//     optimistic version, who imported it; never an ID number (the register does not need one).
//   organisations: contact person, a status of its own (withdrawn organisations stay, with their date).
//   tribunals: address and version; the catchment stays townships.tribunal_id.
//   import_previews: a validated upload waiting for its commit (the token the client sends back).
// Withdrawal is a status, not a delete: cases and case_assignments reference mediators without
// ON DELETE, so the database itself refuses to delete anyone who handled a case.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mediators', (t) => {
    t.date('joined_on');
    /** While on leave: the planned day of return (null: open-ended). */
    t.date('leave_until');
    /** The day of withdrawal (退出), kept when the status later changes back. */
    t.date('withdrawn_on');
    t.text('status_note');
    /** given: coordinates entered; area: the representative point of the first service area. */
    t.text('location_source').checkIn(['given', 'area']);
    t.text('note');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** The import (preview token) that created the row, else null. */
    t.text('imported_from');
    t.index(['name', 'phone'], 'mediators_name_phone');
    t.index(['organisation_id'], 'mediators_organisation_id');
    t.index(['tribunal_id'], 'mediators_tribunal_id');
    t.index(['imported_from'], 'mediators_imported_from');
  });
  await knex.raw(`UPDATE mediators SET location_source = 'given' WHERE location IS NOT NULL`);
  await knex.raw(`UPDATE mediators SET withdrawn_on = status_since WHERE status = 'withdrawn'`);

  await knex.schema.alterTable('organisations', (t) => {
    t.text('contact_name');
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'withdrawn']);
    t.date('status_since');
    t.text('note');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('imported_from');
    t.index(['name'], 'organisations_name');
    t.index(['township_code'], 'organisations_township_code');
    t.index(['imported_from'], 'organisations_imported_from');
  });

  await knex.schema.alterTable('tribunals', (t) => {
    t.text('address');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('import_previews', (t) => {
    t.text('token').primary();
    t.text('kind').notNullable().checkIn(['mediators', 'organisations']);
    t.integer('user_id').references('users.id').onDelete('CASCADE');
    t.text('file_name');
    t.integer('row_count').notNullable();
    t.integer('problem_count').notNullable();
    /** The rows as read from the file (header → cell text), validated again at commit. */
    t.jsonb('rows').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('import_previews');
  await knex.schema.alterTable('tribunals', (t) => {
    for (const c of ['address', 'version', 'updated_at']) t.dropColumn(c);
  });
  // Indexes on columns of migration 03 go explicitly; the others go with their columns.
  for (const i of ['mediators_name_phone', 'mediators_organisation_id', 'mediators_tribunal_id', 'organisations_name', 'organisations_township_code']) {
    await knex.raw(`DROP INDEX IF EXISTS ${i}`);
  }
  await knex.schema.alterTable('organisations', (t) => {
    for (const c of ['contact_name', 'status', 'status_since', 'note', 'version', 'created_at', 'updated_at', 'imported_from']) t.dropColumn(c);
  });
  await knex.schema.alterTable('mediators', (t) => {
    for (const c of ['joined_on', 'leave_until', 'withdrawn_on', 'status_note', 'location_source', 'note', 'version', 'created_at', 'updated_at', 'imported_from']) t.dropColumn(c);
  });
}
