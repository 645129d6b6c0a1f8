-- candidates: locate a point and rank the mediators who may take a dispute there, with the
-- responsible mediators left out and the neighbouring units near a boundary. One round trip.
-- The rule (tiers, eligibility, score) is services/assignment-rule.ts; this file implements it.
-- Parameters:
--   :lng, :lat            float8, WGS84 degrees (validated and converted by the caller)
--   :type                 text, dispute type key; :specialist boolean (the type needs a specialist)
--   :radius_m             float8, metres: reach of tier 5 (nearby)
--   :boundary_m           float8, metres: boundary-warning distance
--   :sliver_m             float8, metres: a point in the district but in no grid takes the nearest grid this close
--   :nearby_limit         int, KNN candidates looked at for tier 5; :max_candidates int, rows returned
--   :distance_scale_m     float8, metres: proximity falls from 1 to 0 over this distance
--   :w_tier, :w_specialty, :w_distance, :w_load   float8, score weights
-- SRID: 4326. The point is always the parameter expression ST_SetSRID(ST_MakePoint(:lng, :lat), 4326),
--   never a column joined from a CTE: only then do `ST_Intersects` and KNN `<->` use the GiST indexes
--   (grids_geom_gist, mediators_location_gist). Responsible mediators come from mediator_service_areas
--   by (level, code) (no spatial join); open cases by cases(mediator_id, status).
-- Units: distances in metres on the WGS84 spheroid (geography; ST_DistanceSpheroid gives the same value
--   but made this prepared statement twice as slow); tier 5 is prefiltered by a bounding
--   box (degrees from metres, generous) and then cut at :radius_m geodesic.
-- Tiers: 1 grid, 2 village, 3 township (service area of that level and code), 4 district-wide
--   (level district, code = the district of the township: first 6 digits + 000000) with a matching
--   specialty (only for specialist types), 5 the :nearby_limit nearest other active mediators (for a
--   specialist type: qualified ones) within :radius_m.
-- Output: one row:
--   located     json or NULL (outside the district): grid_code, grid_name, village_code, village_name,
--               township_code, township_name, tribunal_id, tribunal_name
--   candidates  json array, best first: mediator_id, name, kind, organisation, organisation_industry,
--               specialties, tier, match (0/1/2), fallback (bool), distance_m, open_cases, capacity,
--               score, location (GeoJSON Point or null), unit_name, service_areas (json array of
--               {level: grid|village|township|district, code}, by level and code)
--   excluded    json array: mediator_id, name, tier, reason (on_leave|withdrawn|at_capacity|wrong_specialty),
--               open_cases, capacity
--   neighbours  json array: grids other than the point's within :boundary_m: code, name, village_code,
--               village_name, township_code, township_name, distance_m (nearest first)
WITH loc AS (
  SELECT g.code, g.name, g.village_code, g.township_code
  FROM grids g
  WHERE ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))
  ORDER BY g.code
  LIMIT 1
), sliver AS (
  SELECT s.code, s.name, s.village_code, s.township_code
  FROM (
    SELECT g.code, g.name, g.village_code, g.township_code,
           ST_Distance(g.geom::geography, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography) AS d
    FROM grids g
    WHERE NOT EXISTS (SELECT 1 FROM loc)
      AND EXISTS (SELECT 1 FROM district WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)))
    ORDER BY g.geom <-> ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)
    LIMIT 1
  ) s
  WHERE s.d <= CAST(:sliver_m AS float8)
), units AS (
  SELECT l.code AS grid_code, l.name AS grid_name, v.code AS village_code, v.display_name AS village_name,
         t.code AS township_code, t.name AS township_name, tr.id AS tribunal_id, tr.name AS tribunal_name,
         left(t.code, 6) || '000000' AS district_code
  FROM (SELECT * FROM loc UNION ALL SELECT * FROM sliver) l
  JOIN villages v ON v.code = l.village_code
  JOIN townships t ON t.code = l.township_code
  LEFT JOIN tribunals tr ON tr.id = t.tribunal_id
  LIMIT 1
), responsible AS (
  SELECT s.mediator_id, 1 AS tier, u.grid_name AS unit_name FROM mediator_service_areas s, units u
  WHERE s.level = 'grid' AND s.code = u.grid_code
  UNION ALL
  SELECT s.mediator_id, 2, u.village_name FROM mediator_service_areas s, units u
  WHERE s.level = 'village' AND s.code = u.village_code
  UNION ALL
  SELECT s.mediator_id, 3, u.township_name FROM mediator_service_areas s, units u
  WHERE s.level = 'township' AND s.code = u.township_code
  UNION ALL
  SELECT s.mediator_id, 4, NULL FROM mediator_service_areas s, units u
  WHERE s.level = 'district' AND s.code = u.district_code AND CAST(:specialist AS boolean)
), nearby AS (
  SELECT m.id AS mediator_id, 5 AS tier, NULL::text AS unit_name
  FROM mediators m
  WHERE m.status = 'active'
    AND EXISTS (SELECT 1 FROM units)
    AND m.id <> ALL (ARRAY(SELECT r.mediator_id FROM responsible r))
    -- for a specialist type only qualified mediators are looked for nearby
    AND (NOT CAST(:specialist AS boolean) OR CAST(:type AS text) = ANY (m.specialties)
         OR m.organisation_id IN (SELECT o.id FROM organisations o WHERE o.industry = CAST(:type AS text)))
    AND m.location && ST_Expand(ST_SetSRID(ST_MakePoint(:lng, :lat), 4326),
                                CAST(:radius_m AS float8) / (110000.0 * greatest(cos(radians(CAST(:lat AS float8))), 0.01)),
                                CAST(:radius_m AS float8) / 110000.0)
  ORDER BY m.location <-> ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)
  LIMIT CAST(:nearby_limit AS int)
), pool AS (
  SELECT DISTINCT ON (x.mediator_id) x.mediator_id, x.tier, x.unit_name
  FROM (SELECT * FROM responsible UNION ALL SELECT * FROM nearby) x
  ORDER BY x.mediator_id, x.tier
), facts AS MATERIALIZED (
  SELECT m.id AS mediator_id, m.name, m.kind, m.status, m.capacity, m.location, m.specialties,
         o.name AS organisation, o.industry AS organisation_industry, p.tier, p.unit_name,
         CASE WHEN NOT CAST(:specialist AS boolean) THEN 0
              WHEN o.industry = CAST(:type AS text) THEN 2
              WHEN CAST(:type AS text) = ANY (m.specialties) THEN 1
              ELSE 0 END AS match,
         ST_Distance(m.location::geography, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography) AS distance_m,
         (SELECT count(*) FROM cases c
          WHERE c.mediator_id = m.id AND c.status IN ('pending', 'assigned', 'mediating'))::int AS open_cases
  FROM pool p
  JOIN mediators m ON m.id = p.mediator_id
  LEFT JOIN organisations o ON o.id = m.organisation_id
), judged AS (
  SELECT f.*,
         CASE WHEN f.status = 'on_leave' THEN 'on_leave'
              WHEN f.status = 'withdrawn' THEN 'withdrawn'
              WHEN f.open_cases >= f.capacity THEN 'at_capacity' END AS unavailable
  FROM facts f
  -- district-wide mediators are responsible only for their specialty; tier 5 stops at the radius
  WHERE NOT (f.tier = 4 AND f.match = 0)
    AND NOT (f.tier = 5 AND (f.distance_m IS NULL OR f.distance_m > CAST(:radius_m AS float8)))
), available AS (
  SELECT j.*, coalesce(bool_or(j.match > 0) OVER (), false) AS any_qualified
  FROM judged j
  WHERE j.unavailable IS NULL
), ranked AS (
  SELECT a.*,
         (CAST(:specialist AS boolean) AND a.match = 0) AS fallback,
         round((CAST(:w_tier AS float8) * (6 - a.tier)
              + CAST(:w_specialty AS float8) * a.match
              + CAST(:w_distance AS float8) * greatest(0, 1 - coalesce(a.distance_m, CAST(:distance_scale_m AS float8)) / CAST(:distance_scale_m AS float8))
              + CAST(:w_load AS float8) * (1 - a.open_cases::float8 / greatest(a.capacity, 1)))::numeric, 1) AS score
  FROM available a
  -- a specialist type goes to qualified mediators while any is available; the others only then
  WHERE NOT (CAST(:specialist AS boolean) AND a.any_qualified AND a.match = 0)
), top AS (
  SELECT * FROM ranked
  ORDER BY score DESC, distance_m NULLS LAST, mediator_id
  LIMIT CAST(:max_candidates AS int)
), neighbours AS (
  SELECT g.code, g.name, g.village_code, v.display_name AS village_name, g.township_code, t.name AS township_name,
         ST_Distance(g.geom::geography, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography) AS distance_m
  FROM grids g
  JOIN units u ON g.code <> u.grid_code
  JOIN villages v ON v.code = g.village_code
  JOIN townships t ON t.code = g.township_code
  WHERE g.geom && ST_Expand(ST_SetSRID(ST_MakePoint(:lng, :lat), 4326),
                            CAST(:boundary_m AS float8) / (110000.0 * greatest(cos(radians(CAST(:lat AS float8))), 0.01)),
                            CAST(:boundary_m AS float8) / 110000.0)
    AND ST_DWithin(g.geom::geography, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography, CAST(:boundary_m AS float8))
)
SELECT
  (SELECT json_build_object('grid_code', u.grid_code, 'grid_name', u.grid_name, 'village_code', u.village_code,
                            'village_name', u.village_name, 'township_code', u.township_code,
                            'township_name', u.township_name, 'tribunal_id', u.tribunal_id, 'tribunal_name', u.tribunal_name)
   FROM units u) AS located,
  (SELECT coalesce(json_agg(json_build_object(
            'mediator_id', t.mediator_id, 'name', t.name, 'kind', t.kind, 'organisation', t.organisation,
            'organisation_industry', t.organisation_industry, 'specialties', t.specialties, 'tier', t.tier,
            'match', t.match, 'fallback', t.fallback, 'distance_m', round(t.distance_m::numeric, 1),
            'open_cases', t.open_cases, 'capacity', t.capacity, 'score', t.score, 'unit_name', t.unit_name,
            'location', ST_AsGeoJSON(t.location, 6)::json,
            'service_areas', (SELECT coalesce(json_agg(json_build_object('level', s.level, 'code', s.code) ORDER BY s.level, s.code), '[]'::json)
                              FROM mediator_service_areas s WHERE s.mediator_id = t.mediator_id))
          ORDER BY t.score DESC, t.distance_m NULLS LAST, t.mediator_id), '[]'::json)
   FROM top t) AS candidates,
  (SELECT coalesce(json_agg(json_build_object(
            'mediator_id', e.mediator_id, 'name', e.name, 'tier', e.tier, 'reason', e.reason,
            'open_cases', e.open_cases, 'capacity', e.capacity)
          ORDER BY e.tier, e.mediator_id), '[]'::json)
   FROM (SELECT j.mediator_id, j.name, j.tier, j.unavailable AS reason, j.open_cases, j.capacity
         FROM judged j WHERE j.unavailable IS NOT NULL AND j.tier <= 4
         UNION ALL
         SELECT a.mediator_id, a.name, a.tier, 'wrong_specialty', a.open_cases, a.capacity
         FROM available a
         WHERE CAST(:specialist AS boolean) AND a.any_qualified AND a.match = 0 AND a.tier <= 3) e) AS excluded,
  (SELECT coalesce(json_agg(json_build_object(
            'code', n.code, 'name', n.name, 'village_code', n.village_code, 'village_name', n.village_name,
            'township_code', n.township_code, 'township_name', n.township_name,
            'distance_m', round(n.distance_m::numeric, 1))
          ORDER BY n.distance_m, n.code), '[]'::json)
   FROM neighbours n) AS neighbours;
