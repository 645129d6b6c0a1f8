// A pool member of the assignment facts, defined once in SQL (review: candidates-village.sql repeated
// candidates.sql's projection; modelled on shihe_mediator_township of migration 33). Both facts queries
// call it: db/sql/candidates.sql (a point) and db/sql/candidates-village.sql (a village, no point).
//   shihe_candidate(mediator, tier, unit_name, from_point) → one row (none for an unknown id): `member`, the
//     json services/dispatch/rule.ts reads: mediator_id, name, kind, status, organisation,
//     organisation_industry, specialties, tier, unit_name, distance_m (metres on the WGS84 spheroid from
//     from_point, SRID 4326; NULL when from_point is NULL), open_cases (pending, assigned, mediating),
//     capacity, location (GeoJSON Point or null), service_areas ({level, code}, by level and code).
// Arguments are named with the function's name: a bare `tier` could be read as a column.
// LANGUAGE sql, STABLE, not STRICT, one SELECT returning a table: PostgreSQL inlines it into a calling
// `CROSS JOIN LATERAL shihe_candidate(...)`, so the hot candidates statement costs nothing more.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION shihe_candidate(mediator int, tier int, unit_name text, from_point geometry)
    RETURNS TABLE (member json)
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      SELECT json_build_object(
               'mediator_id', m.id, 'name', m.name, 'kind', m.kind, 'status', m.status, 'organisation', o.name,
               'organisation_industry', o.industry, 'specialties', m.specialties, 'tier', shihe_candidate.tier, 'unit_name', shihe_candidate.unit_name,
               'distance_m', ST_Distance(m.location::geography, shihe_candidate.from_point::geography),
               'open_cases', (SELECT count(*) FROM cases c
                              WHERE c.mediator_id = m.id AND c.status IN ('pending', 'assigned', 'mediating'))::int,
               'capacity', m.capacity,
               'location', ST_AsGeoJSON(m.location, 6)::json,
               'service_areas', (SELECT coalesce(json_agg(json_build_object('level', s.level, 'code', s.code) ORDER BY s.level, s.code), '[]'::json)
                                 FROM mediator_service_areas s WHERE s.mediator_id = m.id))
      FROM mediators m
      LEFT JOIN organisations o ON o.id = m.organisation_id
      WHERE m.id = shihe_candidate.mediator
    $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS shihe_candidate(int, int, text, geometry)');
}
