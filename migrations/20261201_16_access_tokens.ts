// Personal access tokens (个人访问令牌) for GIS tools (QGIS, GDAL) that cannot log in with a form and a
// cookie. Like sessions, only a keyed hash (HMAC-SHA256 under SESSION_SECRET) of the token is stored:
// a copy of the table lets nobody act as a user. A token is its user's: same role and tribunal scope.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('access_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('token_hash').notNullable().unique(); // HMAC-SHA256(SESSION_SECRET, token), hex
    t.text('prefix').notNullable(); // the first characters, so the user can tell tokens apart
    t.boolean('read_only').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('use_audited_at', { useTz: true }); // last `token.use` audit row (at most one an hour)
    t.timestamp('revoked_at', { useTz: true });
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('access_tokens');
}
