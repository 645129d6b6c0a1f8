// One area formula: every area figure is the ellipsoidal area of the stored geometry on the WGS84 spheroid,
// ST_Area(geom::geography) — as the boundary import and its checks already computed it. The district
// files carried turf's spherical figure (0.1–0.5 % apart); the loader now computes it in PostGIS
// (db/load-district.ts) and this recomputes what a database already holds. Down: nothing to undo (the
// spherical figures are not kept; they were never more right).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  for (const table of ['townships', 'villages', 'grids', 'area_boundary_versions']) {
    await knex.raw(`UPDATE ${table} SET area_km2 = ST_Area(geom::geography) / 1e6 WHERE geom IS NOT NULL`);
  }
}

export async function down(): Promise<void> {}
