-- candidates: the facts the assignment rule needs for one point, in one round trip: where the point is,
-- the pool of mediators who may be asked (with their status, capacity, open cases, distance and
-- qualification), and the neighbouring grids near a boundary. It decides nothing: who is eligible, who
-- ranks where and why is services/dispatch/rule.ts `rank`, run on these facts (and on the same facts
-- from the in-memory model, services/dispatch/model.ts).
-- Parameters:
--   :lng, :lat            float8, WGS84 degrees (validated and converted by the caller)
--   :type                 text, dispute type key; :specialist boolean (the type needs a specialist)
--   :radius_m             float8, metres: reach of tier 5 (nearby; a generous box here, cut by the rule)
--   :boundary_m           float8, metres: boundary-warning distance
--   :sliver_m             float8, metres: see shihe_locate
--   :nearby_limit         int, KNN candidates looked at for tier 5
-- SRID: 4326. The point is always the parameter expression ST_SetSRID(ST_MakePoint(:lng, :lat), 4326),
--   never a column joined from a CTE: only then do `ST_Intersects` and KNN `<->` use the GiST indexes
--   (grids_geom_gist, mediators_location_gist). Locate is shihe_locate (migration 20261201_21), inlined.
--   Responsible mediators come from mediator_service_areas by (level, code) (no spatial join); open cases
--   by cases(mediator_id, status).
-- Units: distances in metres on the WGS84 spheroid (geography), unrounded.
-- Pool: tier 1 grid, 2 village, 3 township (service area of that level and code), 4 district-wide
--   (level district, code = the district of the township: first 6 digits + 000000; only for specialist
--   types), 5 the :nearby_limit nearest other active mediators (for a specialist type: qualified ones)
--   within a box around :radius_m. A mediator in several tiers is in the pool once, at its nearest tier.
-- Output: one row:
--   located     json or NULL (outside the district): grid_code, grid_name, village_code, village_name,
--               township_code, township_name, tribunal_id, tribunal_name
--   pool        json array (by mediator_id) of shihe_candidate (migration 20261201_37): mediator_id, name,
--               kind, status, organisation, organisation_industry, specialties, tier, unit_name, distance_m,
--               open_cases, capacity, location (GeoJSON Point or null), service_areas ({level, code})
--   neighbours  json array: grids other than the point's within :boundary_m: code, name, village_code,
--               village_name, township_code, township_name, distance_m (nearest first)
WITH units AS (
  SELECT g.code AS grid_code, g.name AS grid_name, v.code AS village_code, v.display_name AS village_name,
         t.code AS township_code, t.name AS township_name, tr.id AS tribunal_id, tr.name AS tribunal_name,
         left(t.code, 6) || '000000' AS district_code
  FROM shihe_locate(ST_SetSRID(ST_MakePoint(:lng, :lat), 4326), CAST(:sliver_m AS float8)) l
  JOIN grids g ON g.code = l.grid_code
  JOIN villages v ON v.code = g.village_code
  JOIN townships t ON t.code = g.township_code
  LEFT JOIN tribunals tr ON tr.id = t.tribunal_id
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
  (SELECT coalesce(json_agg(c.member ORDER BY p.mediator_id), '[]'::json)
   FROM pool p
   CROSS JOIN LATERAL shihe_candidate(p.mediator_id, p.tier, p.unit_name, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)) c) AS pool,
  (SELECT coalesce(json_agg(json_build_object(
            'code', n.code, 'name', n.name, 'village_code', n.village_code, 'village_name', n.village_name,
            'township_code', n.township_code, 'township_name', n.township_name,
            'distance_m', round(n.distance_m::numeric, 1))
          ORDER BY n.distance_m, n.code), '[]'::json)
   FROM neighbours n) AS neighbours;
