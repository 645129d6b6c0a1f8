// Disputes (案件). The units a case falls in are stored when it is located, so counts per unit are
// plain indexed group-bys; `version` is for optimistic concurrency of later assignment work.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cases', (t) => {
    t.increments('id').primary();
    t.text('title').notNullable();
    t.text('dispute_type').notNullable();
    t.text('description');
    t.text('status').notNullable().defaultTo('pending')
      .checkIn(['pending', 'assigned', 'mediating', 'settled', 'failed', 'filed', 'withdrawn']);
    t.text('source').notNullable().defaultTo('court_delegated');
    t.specificType('location', 'geometry(Point,4326)').notNullable();
    t.string('township_code', 12).references('townships.code');
    t.string('village_code', 12).references('villages.code');
    t.string('grid_code', 15).references('grids.code');
    t.integer('tribunal_id').references('tribunals.id');
    t.integer('mediator_id').references('mediators.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('assigned_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.index(['status']);
    t.index(['created_at']);
    t.index(['township_code', 'created_at']);
    t.index(['village_code', 'created_at']);
    t.index(['grid_code', 'created_at']);
    t.index(['mediator_id', 'status']);
    t.index(['location'], 'cases_location_gist', 'gist');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cases');
}
