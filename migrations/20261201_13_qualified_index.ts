// The mediators with a specialty or an organisation (the ones a specialist dispute can go to), as a
// partial covering index: the backlog batch (db/sql/batch-pool.sql, CTE qm) reads them all at once,
// which was a sequential scan of every mediator (28 ms of the 137 ms lean pool query for 2,000 cases at
// province scale, 300,000 mediators of whom 12,576 qualified). The index predicate is the query's.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX mediators_qualified ON mediators (id) INCLUDE (specialties, organisation_id)
    WHERE cardinality(specialties) > 0 OR organisation_id IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS mediators_qualified');
}
