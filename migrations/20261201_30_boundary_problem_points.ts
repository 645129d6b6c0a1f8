// Boundary import problems with a place (issue 17): where on the map each problem of a feature lies, and
// the feature's attributes as read from the file (for the problem list as Excel).
//   import_boundary_features.properties        the feature's attributes as read (json: keeps the file's key order)
//   import_boundary_features.invalid_at        GEOS's location of the invalidity (ST_IsValidDetail)
//   import_boundary_features.crossings         every point where the feature's rings cross or touch
//                                              themselves or each other (GEOS names one; a bow-tie file
//                                              may have many)
//   import_boundary_features.outside_at        a point on the part outside the district (ST_PointOnSurface)
//   import_boundary_features.outside_parent_at a point on the part outside the recorded parent
//   import_boundary_features.label_at          a point on the feature itself (for problems of the whole
//                                              feature: unmatched, duplicate, parent mismatch)
//   import_boundary_features.skipped_code      the unit of a feature left out on request (upload field
//                                              skip_errors): its code is null, so nothing downstream
//                                              (checks, commit) sees it, and the unit keeps its boundary
//   boundary_crossings(g)                      those crossings of one geometry; null when GEOS cannot node it
//                                              (a broken file must not fail the whole preview: GEOS's own
//                                              location is still reported)
// All points SRID 4326. The overlap and gap problems keep their geometry (import_boundary_problems.geom):
// their point is taken from it when the answer is built.
import type { Knex } from 'knex';

const POINTS = ['invalid_at', 'outside_at', 'outside_parent_at', 'label_at'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_boundary_features', (t) => {
    t.json('properties');
    for (const c of POINTS) t.specificType(c, 'geometry(Point,4326)');
    t.specificType('crossings', 'geometry(MultiPoint,4326)');
    t.string('skipped_code', 15);
  });
  // Where the rings of g cross or touch: the nodes of its noded boundary where three or more piece ends meet
  // (a ring's own start and end meet two).
  await knex.raw(`
    CREATE FUNCTION boundary_crossings(g geometry) RETURNS geometry LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
      RETURN (
        SELECT ST_Multi(ST_Collect(e.pt)) FROM (
          SELECT x.pt FROM (
            SELECT ST_StartPoint(d.geom) AS pt FROM ST_Dump(ST_Node(ST_Boundary(g))) d
            UNION ALL SELECT ST_EndPoint(d.geom) FROM ST_Dump(ST_Node(ST_Boundary(g))) d
          ) x GROUP BY x.pt HAVING count(*) >= 3
        ) e);
    EXCEPTION WHEN OTHERS THEN
      RETURN NULL;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS boundary_crossings(geometry)');
  await knex.schema.alterTable('import_boundary_features', (t) => {
    for (const c of ['properties', ...POINTS, 'crossings', 'skipped_code']) t.dropColumn(c);
  });
}
