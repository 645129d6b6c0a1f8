// Dispatch (案件分流): what a case needs from registration to closure. Parties (personal data: stored,
// shown masked by services/masking.ts), where the location came from, the status timestamps, the
// pre-litigation deadline and its extensions, the assignment history, a timeline of events, the
// supervision notes (督促督办) and the judge-guidance requests (非诉实质化对接).
import type { Knex } from 'knex';

const CASE_COLUMNS = [
  'address', 'coord_system_in', 'input_lng', 'input_lat', 'created_by', 'updated_at',
  'mediating_at', 'settled_at', 'failed_at', 'filed_at', 'withdrawn_at', 'deadline_at', 'extended_until',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    /** The address as typed (when the location came from the gazetteer), else null. */
    t.text('address');
    /** How the location was given: wgs84 / gcj02 (converted on input) / address (gazetteer point). */
    t.text('coord_system_in').checkIn(['wgs84', 'gcj02', 'address']);
    /** The coordinates as received, before any conversion (GCJ-02 input is kept for checking). */
    t.double('input_lng');
    t.double('input_lat');
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true });
    t.timestamp('mediating_at', { useTz: true });
    t.timestamp('settled_at', { useTz: true });
    t.timestamp('failed_at', { useTz: true });
    t.timestamp('filed_at', { useTz: true });
    t.timestamp('withdrawn_at', { useTz: true });
    /** Pre-litigation deadline: first assignment + PRE_LITIGATION_DAYS. */
    t.timestamp('deadline_at', { useTz: true });
    /** The deadline after extensions (case_extensions holds each one), else null. */
    t.timestamp('extended_until', { useTz: true });
  });
  // Supervision reads open cases by deadline; the batch reads pending cases oldest first.
  await knex.raw(`CREATE INDEX cases_open_deadline ON cases ((coalesce(extended_until, deadline_at))) WHERE status IN ('assigned', 'mediating')`);
  await knex.raw(`CREATE INDEX cases_pending_created ON cases (created_at, id) WHERE status = 'pending'`);
  // Cases registered before this migration that were assigned get their deadline (30 days, the default).
  await knex.raw(`UPDATE cases SET deadline_at = assigned_at + interval '30 days' WHERE assigned_at IS NOT NULL AND deadline_at IS NULL`);

  await knex.schema.createTable('case_parties', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.smallint('position').notNullable();
    t.text('role').notNullable().checkIn(['applicant', 'respondent', 'third_party']);
    t.text('name').notNullable();
    t.text('phone');
    t.text('id_number');
    t.index(['case_id']);
  });

  await knex.schema.createTable('case_assignments', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.integer('mediator_id').notNullable().references('mediators.id');
    t.integer('assigned_by').references('users.id').onDelete('SET NULL');
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** manual (a dispatcher chose), top (the top candidate), batch (the backlog batch). */
    t.text('mode').notNullable().checkIn(['manual', 'top', 'batch']);
    t.text('reason');
    /** The candidate's tier when assigned (1 grid … 5 nearby), null for an override outside the list. */
    t.smallint('tier');
    t.double('distance_m');
    /** Set when the case was reassigned: this row is history. */
    t.timestamp('replaced_at', { useTz: true });
    t.index(['case_id', 'assigned_at']);
    t.index(['mediator_id']);
  });

  await knex.schema.createTable('case_events', (t) => {
    t.bigIncrements('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('kind').notNullable();
    t.text('from_status');
    t.text('to_status');
    t.integer('actor_id').references('users.id').onDelete('SET NULL');
    t.text('actor_name');
    t.jsonb('details');
    t.index(['case_id', 'at']);
  });

  await knex.schema.createTable('case_extensions', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.integer('days').notNullable();
    t.text('reason').notNullable();
    t.timestamp('previous_deadline', { useTz: true });
    t.timestamp('new_deadline', { useTz: true }).notNullable();
    t.integer('extended_by').references('users.id').onDelete('SET NULL');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });

  await knex.schema.createTable('supervision_notes', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.integer('author_id').references('users.id').onDelete('SET NULL');
    t.text('author_name');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('note').notNullable();
    t.index(['case_id', 'at']);
  });

  await knex.schema.createTable('guidance_requests', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('mode').notNullable().checkIn(['typical_case', 'legal_guidance', 'remote_online', 'on_site']);
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('requested_by').references('users.id').onDelete('SET NULL');
    t.text('note');
    t.timestamp('held_at', { useTz: true });
    t.text('outcome');
    t.timestamp('updated_at', { useTz: true });
    t.index(['case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['guidance_requests', 'supervision_notes', 'case_extensions', 'case_events', 'case_assignments', 'case_parties']) {
    await knex.schema.dropTableIfExists(t);
  }
  await knex.raw('DROP INDEX IF EXISTS cases_open_deadline');
  await knex.raw('DROP INDEX IF EXISTS cases_pending_created');
  await knex.schema.alterTable('cases', (t) => {
    for (const c of CASE_COLUMNS) t.dropColumn(c);
  });
}
