// Idempotency keys (issue 14, offline queue): a phone that queued a write while offline sends it again
// until it hears an answer, each time with the same `Idempotency-Key`. The first request claims the key
// (a row with no response yet), the write runs, and its answer is stored on the row; a retry gets the
// stored answer and changes nothing. Rows older than 7 days are removed when their user sends a new key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.bigIncrements('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.text('method').notNullable();
    t.text('path').notNullable();
    t.text('request_hash').notNullable(); // sha256 hex of method, path and body
    t.integer('response_status'); // null while the first request is still running
    t.jsonb('response_body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['user_id', 'key']);
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
}
