// How precisely a case is located (issue 15): `point` (a map click, coordinates, a grid report) or
// `village` (an address the gazetteer matched only to a village: the grid is not known). A village-only
// case keeps the village's representative point in `location` (the map, tiles, OGC and exports draw it
// there, marked as such), but has no grid: grid_code is NULL, and the assignment rule ranks it by village
// (services/dispatch: candidates-village.sql, model.ts villageFacts). Setting the exact point later
// (POST /api/cases/:id/location) makes it `point` again. The CHECK keeps the two facts together.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE cases ADD COLUMN location_precision text NOT NULL DEFAULT 'point'`);
  await knex.raw(`ALTER TABLE cases ADD CONSTRAINT cases_location_precision_check
    CHECK (location_precision = 'point' OR (location_precision = 'village' AND grid_code IS NULL AND village_code IS NOT NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_location_precision_check');
  await knex.raw('ALTER TABLE cases DROP COLUMN IF EXISTS location_precision');
}
