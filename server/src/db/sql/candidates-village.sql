-- candidates-village: the facts the assignment rule needs for a dispute known only to its village (an
-- address the gazetteer matched to a village, services/gazetteer.ts): the village's units and the pool of
-- mediators responsible for it. The twin of candidates.sql without a point: no grid (tier 1), no nearby
-- mediators (tier 5, which needs a point), no distances, no boundary neighbours. It decides nothing:
-- services/dispatch/rule.ts `rank` does (and the in-memory model gives the same facts, model.ts villageFacts).
-- Parameters:
--   :village_code   text, 12 digits
--   :specialist     boolean (the dispute type needs a specialist: tier 4 is looked at)
-- SRID: 4326 (only for the mediators' GeoJSON location).
-- Pool: tier 2 village, 3 township, 4 district-wide (level district, code = the district of the
--   township: first 6 digits + 000000; only for specialist types). A mediator in several tiers is in the
--   pool once, at its nearest tier.
-- Output: one row:
--   located     json or NULL (no such village): grid_code NULL, grid_name NULL, village_code, village_name,
--               township_code, township_name, tribunal_id, tribunal_name
--   pool        json array (by mediator_id) of shihe_candidate (migration 20261201_37), as candidates.sql,
--               with distance_m NULL
WITH units AS (
  SELECT v.code AS village_code, v.display_name AS village_name,
         t.code AS township_code, t.name AS township_name, tr.id AS tribunal_id, tr.name AS tribunal_name,
         left(t.code, 6) || '000000' AS district_code
  FROM villages v
  JOIN townships t ON t.code = v.township_code
  LEFT JOIN tribunals tr ON tr.id = t.tribunal_id
  WHERE v.code = CAST(:village_code AS text)
), responsible AS (
  SELECT s.mediator_id, 2 AS tier, u.village_name AS unit_name FROM mediator_service_areas s, units u
  WHERE s.level = 'village' AND s.code = u.village_code
  UNION ALL
  SELECT s.mediator_id, 3, u.township_name FROM mediator_service_areas s, units u
  WHERE s.level = 'township' AND s.code = u.township_code
  UNION ALL
  SELECT s.mediator_id, 4, NULL FROM mediator_service_areas s, units u
  WHERE s.level = 'district' AND s.code = u.district_code AND CAST(:specialist AS boolean)
), pool AS (
  SELECT DISTINCT ON (x.mediator_id) x.mediator_id, x.tier, x.unit_name
  FROM responsible x
  ORDER BY x.mediator_id, x.tier
)
SELECT
  (SELECT json_build_object('grid_code', NULL, 'grid_name', NULL, 'village_code', u.village_code,
                            'village_name', u.village_name, 'township_code', u.township_code,
                            'township_name', u.township_name, 'tribunal_id', u.tribunal_id, 'tribunal_name', u.tribunal_name)
   FROM units u) AS located,
  (SELECT coalesce(json_agg(c.member ORDER BY p.mediator_id), '[]'::json)
   FROM pool p
   CROSS JOIN LATERAL shihe_candidate(p.mediator_id, p.tier, p.unit_name, NULL) c) AS pool;
