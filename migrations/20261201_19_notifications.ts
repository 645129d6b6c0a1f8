// Notifications (站内通知) and the SMS outbox (短信发件箱). A notification belongs to one user and names at
// most one case; its text is built from the case number and type only, never party data. The unique key
// (user, case, kind, dedupe_key) makes every trigger idempotent: the deadline job run twice, or by two
// server processes at once, inserts each notification once (ON CONFLICT DO NOTHING). dedupe_key is the
// deadline for deadline kinds, the case version for assignments, the record id for notes and guidance.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('case_id').references('cases.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('dedupe_key').notNullable();
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
    t.index(['user_id', 'id']);
  });
  // NULLS NOT DISTINCT is PostgreSQL 15+; a notification without a case uses case_id 0 in the key instead.
  await knex.raw(`CREATE UNIQUE INDEX notifications_once ON notifications (user_id, (coalesce(case_id, 0)), kind, dedupe_key)`);
  await knex.raw(`CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL`);

  await knex.schema.createTable('sms_outbox', (t) => {
    t.increments('id').primary();
    t.integer('notification_id').references('notifications.id').onDelete('CASCADE');
    t.integer('user_id').references('users.id').onDelete('SET NULL');
    t.text('phone').notNullable();
    t.text('text').notNullable();
    // pending → sending → sent | pending (retry) | failed; logged: no gateway configured, only logged.
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'sending', 'sent', 'failed', 'logged']);
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('next_attempt_at', { useTz: true }); // null: due now; a retry sets it by the sender's clock
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('done_at', { useTz: true });
  });
  await knex.raw(`CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE status IN ('pending', 'sending')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sms_outbox');
  await knex.schema.dropTableIfExists('notifications');
}
