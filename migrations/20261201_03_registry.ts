// Who resolves disputes: mediation organisations (调解组织) and mediators (调解员) with their
// service areas. A service area row carries its township and village so coverage joins need no tree walk.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organisations', (t) => {
    t.increments('id').primary();
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('industry');
    t.string('township_code', 12).references('townships.code').onDelete('SET NULL');
    t.string('village_code', 12).references('villages.code').onDelete('SET NULL');
    t.text('address');
    t.specificType('location', 'geometry(Point,4326)');
    t.text('contact_phone');
    t.integer('tribunal_id').references('tribunals.id').onDelete('SET NULL');
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.index(['location'], 'organisations_location_gist', 'gist');
  });

  await knex.schema.createTable('mediators', (t) => {
    t.increments('id').primary();
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('work_unit');
    t.text('position');
    t.text('phone');
    t.integer('organisation_id').references('organisations.id').onDelete('SET NULL');
    t.integer('tribunal_id').references('tribunals.id').onDelete('SET NULL');
    t.specificType('location', 'geometry(Point,4326)');
    t.specificType('specialties', 'text[]').notNullable().defaultTo('{}');
    t.integer('capacity').notNullable().defaultTo(10);
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'on_leave', 'withdrawn']);
    t.date('status_since');
    t.boolean('is_liaison').notNullable().defaultTo(false);
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.index(['status']);
    t.index(['location'], 'mediators_location_gist', 'gist');
  });

  await knex.schema.createTable('mediator_service_areas', (t) => {
    t.integer('mediator_id').notNullable().references('mediators.id').onDelete('CASCADE');
    t.text('level').notNullable().checkIn(['grid', 'village', 'township', 'district']);
    t.string('code', 15).notNullable();
    t.string('township_code', 12);
    t.string('village_code', 12);
    t.primary(['mediator_id', 'level', 'code']);
    t.index(['level', 'code']);
    t.index(['village_code']);
    t.index(['township_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['mediator_service_areas', 'mediators', 'organisations']) await knex.schema.dropTableIfExists(t);
}
