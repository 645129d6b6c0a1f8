// Boundary versions (issue 5): imported township/village/grid boundaries, kept by version.
//   import_boundary_previews  one upload: its settings, answer and state (preview → committed | discarded)
//   import_boundary_features  the upload's features in WGS84, as read and as used, with their checks
//   import_boundary_problems  overlaps and gaps found between siblings, with their geometry (drawn on the map)
//   area_boundary_versions    every version of every unit's boundary (the current one has valid_to null)
//   boundary_case_changes     the open cases whose grid or village a committed import changed (for the dispatcher)
// The current geometry stays in townships/villages/grids (geometry_source 'imported' is already allowed there).
import type { Knex } from 'knex';

const LEVELS = ['township', 'village', 'grid'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_boundary_previews', (t) => {
    t.text('id').primary();
    t.text('level').notNullable().checkIn(LEVELS);
    t.text('status').notNullable().defaultTo('preview').checkIn(['preview', 'committed', 'discarded']);
    t.text('file_name').notNullable();
    t.text('format').notNullable();
    t.text('crs').notNullable();
    t.integer('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    /** The preview answer as sent to the client (per-feature problems, summary). */
    t.jsonb('answer').notNullable();
    t.boolean('can_commit').notNullable();
    t.date('valid_from');
    t.integer('committed_by').references('users.id').onDelete('SET NULL');
    t.timestamp('committed_at', { useTz: true });
    /** After the commit: changed cases, service areas to re-check, mediators outside their areas. */
    t.jsonb('result');
    t.index(['status', 'expires_at']);
  });

  await knex.schema.createTable('import_boundary_features', (t) => {
    t.text('preview_id').notNullable().references('import_boundary_previews.id').onDelete('CASCADE');
    t.integer('n').notNullable();
    /** The unit the feature was matched to (null: unmatched). */
    t.string('code', 15);
    t.boolean('duplicate').notNullable().defaultTo(false);
    t.text('file_code');
    t.text('file_name');
    t.specificType('geom_in', 'geometry(Geometry,4326)');
    /** What a commit would store: the input as a MultiPolygon, or its ST_MakeValid repair. */
    t.specificType('geom', 'geometry(MultiPolygon,4326)');
    t.boolean('is_valid');
    t.text('invalid_reason');
    t.boolean('repaired').notNullable().defaultTo(false);
    t.double('area_m2');
    t.double('outside_m2');
    t.double('outside_parent_m2');
    /** The current parent whose area holds most of the new geometry, when it differs from the recorded one. */
    t.string('spatial_parent', 15);
    t.primary(['preview_id', 'n']);
    t.index(['geom'], 'import_boundary_features_geom_gist', 'gist');
  });

  await knex.schema.createTable('import_boundary_problems', (t) => {
    t.bigIncrements('id').primary();
    t.text('preview_id').notNullable().references('import_boundary_previews.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['overlap', 'gap']);
    t.string('a', 15);
    t.string('b', 15);
    t.string('parent_code', 15);
    t.double('area_m2').notNullable();
    t.specificType('geom', 'geometry(Geometry,4326)');
    t.index(['preview_id']);
  });

  await knex.schema.createTable('area_boundary_versions', (t) => {
    t.bigIncrements('id').primary();
    t.text('level').notNullable().checkIn(LEVELS);
    t.string('code', 15).notNullable();
    t.integer('version').notNullable();
    /** Null for the boundary a unit had before its first import (the data set's). */
    t.date('valid_from');
    t.date('valid_to');
    t.text('geometry_source').notNullable();
    t.specificType('geom', 'geometry(MultiPolygon,4326)').notNullable();
    t.double('area_km2').notNullable();
    t.integer('imported_by').references('users.id').onDelete('SET NULL');
    t.text('import_id').references('import_boundary_previews.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['level', 'code', 'version']);
  });
  await knex.raw(`CREATE UNIQUE INDEX area_boundary_versions_current ON area_boundary_versions (level, code) WHERE valid_to IS NULL`);

  // The parts of a polygonal geometry that are not slivers: at least :min_m2 and, as a mean width
  // (2 × area / perimeter, metres on the spheroid), at least :min_width_m. Shared edges digitised twice
  // leave overlaps and gaps a few centimetres wide but hundreds of m² large; those are not problems.
  await knex.raw(`
    CREATE FUNCTION boundary_solid_parts(g geometry, min_width_m float8, min_m2 float8) RETURNS geometry
    LANGUAGE sql IMMUTABLE AS $$
      SELECT ST_Multi(ST_Collect(d.geom))
      FROM ST_Dump(ST_CollectionExtract(g, 3)) AS d
      WHERE ST_Area(d.geom::geography) >= min_m2
        AND 2 * ST_Area(d.geom::geography) / NULLIF(ST_Perimeter(d.geom::geography), 0) >= min_width_m
    $$`);

  await knex.schema.createTable('boundary_case_changes', (t) => {
    t.text('import_id').notNullable().references('import_boundary_previews.id').onDelete('CASCADE');
    t.integer('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.string('old_township_code', 12);
    t.string('old_village_code', 12);
    t.string('old_grid_code', 15);
    t.string('new_township_code', 12);
    t.string('new_village_code', 12);
    t.string('new_grid_code', 15);
    t.integer('old_tribunal_id');
    t.integer('new_tribunal_id');
    t.primary(['import_id', 'case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS boundary_solid_parts(geometry, float8, float8)');
  for (const t of ['boundary_case_changes', 'area_boundary_versions', 'import_boundary_problems', 'import_boundary_features', 'import_boundary_previews']) {
    await knex.schema.dropTableIfExists(t);
  }
}
