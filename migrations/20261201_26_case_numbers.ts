// Case numbers in the court's format (issue 18): （2026）豫1502民诉前调123号. The number is stored whole
// (unique: never given twice) and as its year and sequence (sorting, the counter's check). The per-year
// counter is a row locked by `INSERT … ON CONFLICT DO UPDATE … RETURNING` in the transaction that writes
// the case: a rolled-back creation gives its number back, unlike a sequence, so the numbers have no gaps.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_number_counters', (t) => {
    t.integer('year').primary();
    t.integer('next').notNullable(); // the sequence the next generated number of this year gets
  });
  await knex.schema.alterTable('cases', (t) => {
    t.text('case_number').unique(); // null: a case not yet in the court's flow (a grid report not yet assigned, demo data)
    t.integer('case_number_year');
    t.integer('case_number_seq');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('case_number');
    t.dropColumn('case_number_year');
    t.dropColumn('case_number_seq');
  });
  await knex.schema.dropTableIfExists('case_number_counters');
}
