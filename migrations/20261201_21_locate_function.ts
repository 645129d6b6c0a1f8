// Locate, defined once in SQL (issue 15): `shihe_locate(point, sliver_m)` → the code of the grid a WGS84
// point falls in. Every query that places a point or a case in a grid calls it (db/sql/locate.sql,
// candidates.sql, batch-pool.sql, boundary-recheck-cases.sql); its in-memory twin is
// services/dispatch/locate.ts, and both are tested against the golden fixtures (server/test/locate*.ts).
//   1. the grid whose polygon intersects the point (boundary included); on a shared edge the lowest code;
//   2. else, when the point is inside the district outline (a sliver between cells), the nearest grid
//      (planar KNN `<->` on the GiST index) if it is at most `sliver_m` metres away on the spheroid;
//   3. else no row (outside the district).
// LANGUAGE sql, STABLE, not STRICT, one SELECT: PostgreSQL inlines it into the calling query, so the
// point stays a parameter (or a LATERAL column) and both probes use grids_geom_gist. The UNION ALL under
// LIMIT 1 runs its second branch only when the first gave no row (Append reads its inputs in order).
// Also: the change counters of migration 10 (statement triggers bumping a sequence) are extended to the
// tables the dispatch read model (services/dispatch/model.ts) reads besides them: organisations (name,
// industry) → coverage_mediators_seq; townships (tribunal) and tribunals (name) → coverage_units_seq.
import type { Knex } from 'knex';

const MORE_SOURCES: [table: string, seq: string][] = [
  ['organisations', 'coverage_mediators_seq'], ['townships', 'coverage_units_seq'], ['tribunals', 'coverage_units_seq'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION shihe_locate(p geometry, sliver_m float8) RETURNS TABLE (grid_code text)
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      SELECT x.code FROM (
        (SELECT g.code FROM grids g WHERE ST_Intersects(g.geom, p) ORDER BY g.code LIMIT 1)
        UNION ALL
        (SELECT s.code FROM (
           SELECT g.code, ST_Distance(g.geom::geography, p::geography) AS d
           FROM grids g
           WHERE EXISTS (SELECT 1 FROM district WHERE ST_Intersects(district.geom, p))
           ORDER BY g.geom <-> p
           LIMIT 1) s
         WHERE s.d <= sliver_m)
      ) x
      LIMIT 1
    $fn$`);
  for (const [t, s] of MORE_SOURCES) {
    await knex.raw(`CREATE TRIGGER ${t}_coverage_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION coverage_data_touch('${s}')`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [t] of MORE_SOURCES) await knex.raw(`DROP TRIGGER IF EXISTS ${t}_coverage_touch ON ${t}`);
  await knex.raw('DROP FUNCTION IF EXISTS shihe_locate(geometry, float8)');
}
