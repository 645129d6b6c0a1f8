// Accounts, server-side sessions and the audit log. Sessions live in the database so a restart keeps
// them; only a keyed hash of the session id is stored, never the id itself. Audit rows are append-only:
// a trigger refuses UPDATE and DELETE, so not even a bug in a later route can rewrite history.
import type { Knex } from 'knex';

const ROLES = ['admin', 'leader', 'dispatcher', 'planner', 'mediator'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.text('username').notNullable().unique(); // stored lower-case
    t.text('display_name').notNullable();
    t.text('role').notNullable().checkIn(ROLES);
    t.integer('tribunal_id').references('tribunals.id').onDelete('SET NULL');
    t.integer('mediator_id').references('mediators.id').onDelete('SET NULL');
    t.text('password_hash').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
  });

  await knex.schema.createTable('sessions', (t) => {
    t.text('id_hash').primary(); // HMAC-SHA256(SESSION_SECRET, cookie value), hex
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable(); // absolute expiry
    t.text('ip');
    t.text('user_agent');
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('username'); // as typed at a failed login, or the user's at the time
    t.text('role');
    t.text('action').notNullable();
    t.text('target_type');
    t.text('target_id');
    t.text('ip');
    t.jsonb('details');
    t.text('outcome').notNullable().checkIn(['success', 'failure', 'denied']);
    t.index(['at']);
    t.index(['user_id', 'at']);
    t.index(['action', 'at']);
  });
  await knex.raw(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
    END $$`);
  await knex.raw(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_log');
  await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  await knex.schema.dropTableIfExists('sessions');
  await knex.schema.dropTableIfExists('users');
}
