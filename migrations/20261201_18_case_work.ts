// The mediator's case work (issue 14, item 5): mediation sessions (调解记录), files kept with the case
// (the signed 调解协议书 as photos, PDFs: the bytes in the database, so a backup holds them and a restart
// keeps them), the outcome of a closed case (结果说明, agreement amount), judicial confirmation (司法确认),
// extension requests a dispatcher decides, and a phone on user accounts (the dispatcher a mediator calls).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    /** A work phone other users of the case may call (the dispatcher who assigned it). */
    t.text('phone');
  });
  // The demo dispatchers get an obviously fake number so the demo can show the call link.
  await knex('users').where({ is_demo: true, role: 'dispatcher' }).whereNull('phone').update({ phone: '0376-0000000' });

  await knex.schema.alterTable('cases', (t) => {
    /** 结果说明: what was agreed or why mediation failed (set when settled or failed through the outcome route). */
    t.text('outcome_note');
    /** The amount of the agreement in yuan, when there is one. */
    t.decimal('agreement_amount', 14, 2);
    /** 司法确认: the agreement was sent for judicial confirmation, on this day. */
    t.boolean('judicial_confirmation').notNullable().defaultTo(false);
    t.date('judicial_confirmation_on');
  });

  await knex.schema.createTable('case_sessions', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.timestamp('held_at', { useTz: true }).notNullable();
    t.text('place').notNullable();
    t.text('participants').notNullable();
    /** 经过 */
    t.text('account').notNullable();
    /** 结果 */
    t.text('result').notNullable();
    t.integer('recorded_by').references('users.id').onDelete('SET NULL');
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'held_at']);
  });

  await knex.schema.createTable('case_attachments', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    /** agreement (调解协议书), evidence, other. */
    t.text('kind').notNullable().checkIn(['agreement', 'evidence', 'other']);
    /** From the file's first bytes, never from its name. */
    t.text('mime').notNullable().checkIn(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);
    t.text('file_name').notNullable();
    t.integer('size').notNullable();
    t.text('sha256').notNullable();
    t.binary('data').notNullable();
    t.integer('uploaded_by').references('users.id').onDelete('SET NULL');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });

  await knex.schema.createTable('extension_requests', (t) => {
    t.increments('id').primary();
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.integer('days').notNullable();
    t.text('reason').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'approved', 'refused']);
    t.integer('requested_by').references('users.id').onDelete('SET NULL');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('decided_by').references('users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_note');
    t.index(['case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['extension_requests', 'case_attachments', 'case_sessions']) await knex.schema.dropTableIfExists(t);
  await knex.schema.alterTable('cases', (t) => {
    for (const c of ['outcome_note', 'agreement_amount', 'judicial_confirmation', 'judicial_confirmation_on']) t.dropColumn(c);
  });
  await knex.schema.alterTable('users', (t) => t.dropColumn('phone'));
}
