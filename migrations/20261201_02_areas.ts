// Administrative areas: townships (乡镇/街道) → villages (村/社区) → grids (网格), plus tribunals
// (人民法庭) whose catchment is a set of townships. All geometry is SRID 4326 (WGS84 ≈ CGCS2000 here).
// Codes are the official 12-digit statistical codes (grids: village code + 3 digits) and are the keys.
import type { Knex } from 'knex';

const SOURCES = ['official', 'schematic', 'imported'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tribunals', (t) => {
    t.increments('id').primary();
    t.text('name').notNullable().unique();
    t.boolean('name_is_real').notNullable().defaultTo(false);
    t.specificType('seat', 'geometry(Point,4326)');
    t.text('seat_source').notNullable().defaultTo('schematic');
    t.boolean('is_demo').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('townships', (t) => {
    t.string('code', 12).primary();
    t.text('name').notNullable();
    t.text('type').notNullable().checkIn(['subdistrict', 'town', 'township']);
    t.string('parent_code', 12).notNullable();
    t.integer('population_est').notNullable().defaultTo(0);
    t.integer('tribunal_id').references('tribunals.id').onDelete('SET NULL');
    t.specificType('seat', 'geometry(Point,4326)');
    t.text('seat_source');
    t.text('geometry_source').notNullable().checkIn(SOURCES);
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
    t.double('area_km2').notNullable();
    t.index(['geom'], 'townships_geom_gist', 'gist');
  });

  await knex.schema.createTable('villages', (t) => {
    t.string('code', 12).primary();
    t.string('township_code', 12).notNullable().references('townships.code').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('display_name').notNullable();
    t.text('type').notNullable().checkIn(['community', 'village']);
    t.string('urban_rural_code', 3);
    t.integer('population_est').notNullable().defaultTo(0);
    t.specificType('point', 'geometry(Point,4326)').notNullable();
    t.text('point_source');
    t.text('geometry_source').notNullable().checkIn(SOURCES);
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
    t.double('area_km2').notNullable();
    t.index(['township_code']);
    t.index(['geom'], 'villages_geom_gist', 'gist');
  });

  await knex.schema.createTable('grids', (t) => {
    t.string('code', 15).primary();
    t.string('village_code', 12).notNullable().references('villages.code').onDelete('CASCADE');
    t.string('township_code', 12).notNullable().references('townships.code').onDelete('CASCADE');
    t.text('name').notNullable();
    t.integer('population_est').notNullable().defaultTo(0);
    t.text('geometry_source').notNullable().checkIn(SOURCES);
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
    t.double('area_km2').notNullable();
    t.index(['village_code']);
    t.index(['township_code']);
    t.index(['geom'], 'grids_geom_gist', 'gist');
  });

  // The district outline, kept as one row so "outside the district" is a cheap indexed test.
  await knex.schema.createTable('district', (t) => {
    t.string('code', 12).primary();
    t.text('name').notNullable();
    t.integer('population').notNullable();
    t.text('geometry_source').notNullable().checkIn(SOURCES);
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
    t.index(['geom'], 'district_geom_gist', 'gist');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['district', 'grids', 'villages', 'townships', 'tribunals']) await knex.schema.dropTableIfExists(t);
}
