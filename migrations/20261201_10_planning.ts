// Planning (issue 6): saved what-if scenarios, the grids' representative point, and a change counter
// for the coverage model's cache.
//  - coverage_scenarios: a scenario is only parameters and a list of changes (hypothetical mediators
//    added, real ones moved or taken out): it never touches the real tables; its figures are computed
//    on request from the current data.
//  - grids.rep_point: ST_PointOnSurface(geom), a generated column (kept by PostgreSQL itself whenever a
//    boundary changes): computing it per request costs about 1 s for 200,000 grids.
//  - three change counters, one per layer of the in-memory model (services/coverage/layers.ts), each
//    bumped (nextval: no lock, no contention) by a statement trigger on every write to its tables, so the
//    model knows with one cheap read which of its layers are still current: coverage_units_seq
//    (villages, grids: change rarely), coverage_mediators_seq (mediators, their service areas),
//    coverage_cases_seq (cases: change all the time, and only the case counts depend on them).
import type { Knex } from 'knex';

const SOURCES: [table: string, seq: string][] = [
  ['villages', 'coverage_units_seq'], ['grids', 'coverage_units_seq'],
  ['mediators', 'coverage_mediators_seq'], ['mediator_service_areas', 'coverage_mediators_seq'],
  ['cases', 'coverage_cases_seq'],
];
const SEQS = [...new Set(SOURCES.map(([, s]) => s))];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('coverage_scenarios', (t) => {
    t.increments('id').primary();
    t.text('name').notNullable();
    t.integer('owner_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('params').notNullable().defaultTo('{}');
    t.jsonb('changes').notNullable().defaultTo('[]');
    t.index(['updated_at']);
  });
  await knex.raw(`ALTER TABLE grids ADD COLUMN rep_point geometry(Point, 4326) GENERATED ALWAYS AS (ST_PointOnSurface(geom)) STORED`);
  for (const s of SEQS) await knex.raw(`CREATE SEQUENCE ${s}`);
  await knex.raw(`
    CREATE FUNCTION coverage_data_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM nextval(TG_ARGV[0]);
      RETURN NULL;
    END $$`);
  for (const [t, s] of SOURCES) {
    await knex.raw(`CREATE TRIGGER ${t}_coverage_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION coverage_data_touch('${s}')`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [t] of SOURCES) await knex.raw(`DROP TRIGGER IF EXISTS ${t}_coverage_touch ON ${t}`);
  await knex.raw('DROP FUNCTION IF EXISTS coverage_data_touch()');
  for (const s of SEQS) await knex.raw(`DROP SEQUENCE IF EXISTS ${s}`);
  await knex.raw('ALTER TABLE grids DROP COLUMN IF EXISTS rep_point');
  await knex.schema.dropTableIfExists('coverage_scenarios');
}
