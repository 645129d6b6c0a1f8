-- batch-pool: the candidate pool of every case of the backlog batch, in one query (services/assignment.ts
-- batchAssign): facts only, ranked by services/dispatch/rule.ts. The same pool the candidates SQL builds
-- for one point (candidates.sql), for many cases: the case's point located by shihe_locate, then the
-- responsible mediators from mediator_service_areas by the grid/village/township codes of that grid,
-- the district-wide ones for a specialist type (looked up once per district and type), and the :nearby_limit nearest other active (for a
-- specialist type: qualified) mediators by a LATERAL KNN on the case's location (a column, so the
-- index mediators_location_gist is used). Capacity and status are NOT judged here: the caller locks
-- the mediators, counts their open cases and allocates oldest first in memory.
-- :lean true: only what decides a case while its nearer tiers have room: tiers 1, 2 and 4 and the
--   qualified mediators of tier 3; no tier 5. The caller asks for the full pool (:lean false) of a case
--   these leave undecided (nobody of them available).
-- Parameters: :ids text, a Postgres int[] literal of the case ids; :specialist_types text, comma-separated;
--   :radius_m float8; :nearby_limit int; :sliver_m float8.
-- Output: one row per (case, mediator): case_id, located (false: the case is in no grid), mediator_id,
--   tier, distance_m (metres on the spheroid, unrounded, NULL without a location). Eligibility, the
--   radius cut of tier 5 and the match are the rule's (rank), not this query's.
WITH p AS (
  SELECT c.id, c.dispute_type, c.location,
         (c.dispute_type = ANY (string_to_array(CAST(:specialist_types AS text), ','))) AS specialist
  FROM cases c
  WHERE c.id = ANY (CAST(:ids AS int[]))
), u AS MATERIALIZED (
  -- located by the case's point with the one locate rule (shihe_locate), as a single preview is: the
  -- stored grid_code is not trusted (a boundary import re-checks it, but the rule must not depend on that)
  SELECT p.*, g.code AS g_code, g.village_code AS v_code, g.township_code AS t_code,
         left(g.township_code, 6) || '000000' AS d_code,
         CASE WHEN p.specialist THEN ARRAY(SELECT o.id FROM organisations o WHERE o.industry = p.dispute_type) ELSE '{}'::int[] END AS industry_orgs
  FROM p
  LEFT JOIN LATERAL shihe_locate(p.location, CAST(:sliver_m AS float8)) l ON true
  LEFT JOIN grids g ON g.code = l.grid_code
), qm AS MATERIALIZED (
  -- the mediators with a specialty or an organisation, when the batch has a specialist case: one scan
  -- (cheaper than looking up every township mediator by id at province scale: 80 per township there;
  -- an index-only scan of the partial index mediators_qualified, migration 13, whose predicate this is)
  SELECT m.id, m.specialties, m.organisation_id
  FROM mediators m
  WHERE (cardinality(m.specialties) > 0 OR m.organisation_id IS NOT NULL) AND EXISTS (SELECT 1 FROM u WHERE u.specialist)
), tq AS MATERIALIZED (
  -- the township mediators with a specialty or an organisation, once per township of the batch (lean tier 3)
  SELECT s.code, s.mediator_id, m.specialties, m.organisation_id
  FROM mediator_service_areas s
  JOIN qm m ON m.id = s.mediator_id
  WHERE CAST(:lean AS boolean) AND s.level = 'township' AND s.code IN (SELECT u.t_code FROM u WHERE u.specialist)
), dq AS MATERIALIZED (
  -- the qualified district-wide mediators, once per (district, dispute type) of the batch, not per case
  SELECT k.d_code, k.dispute_type, s.mediator_id
  FROM (SELECT DISTINCT u.d_code, u.dispute_type, u.industry_orgs FROM u WHERE u.specialist) k
  JOIN mediator_service_areas s ON s.level = 'district' AND s.code = k.d_code
  JOIN mediators mq ON mq.id = s.mediator_id
  WHERE k.dispute_type = ANY (mq.specialties) OR mq.organisation_id = ANY (k.industry_orgs)
), resp AS MATERIALIZED (
  -- by (level, code), row by row (OFFSET 0 keeps each a nested loop over the index: a few rows per case)
  SELECT u.id AS case_id, s.mediator_id, 1 AS tier
  FROM u CROSS JOIN LATERAL (SELECT x.mediator_id FROM mediator_service_areas x WHERE x.level = 'grid' AND x.code = u.g_code OFFSET 0) s
  UNION ALL
  SELECT u.id, s.mediator_id, 2
  FROM u CROSS JOIN LATERAL (SELECT x.mediator_id FROM mediator_service_areas x WHERE x.level = 'village' AND x.code = u.v_code OFFSET 0) s
  UNION ALL
  SELECT u.id, s.mediator_id, 3 FROM u JOIN mediator_service_areas s ON s.level = 'township' AND s.code = u.t_code
  WHERE NOT CAST(:lean AS boolean)
  UNION ALL
  -- lean: of the township only the qualified ones (a specialist type)
  SELECT u.id, q.mediator_id, 3 FROM u JOIN tq q ON q.code = u.t_code
  WHERE u.specialist AND (u.dispute_type = ANY (q.specialties) OR q.organisation_id = ANY (u.industry_orgs))
  UNION ALL
  -- district-wide: only those of the specialty (or of an organisation of the industry)
  SELECT u.id, q.mediator_id, 4 FROM u JOIN dq q ON q.d_code = u.d_code AND q.dispute_type = u.dispute_type
  WHERE u.specialist
), u2 AS (
  SELECT u.*, coalesce(ra.ids, '{}'::int[]) AS resp_ids
  FROM u
  LEFT JOIN (SELECT r.case_id, array_agg(r.mediator_id) AS ids FROM resp r GROUP BY r.case_id) ra ON ra.case_id = u.id
  WHERE u.g_code IS NOT NULL AND NOT CAST(:lean AS boolean)
), near AS (
  SELECT u2.id AS case_id, n.mediator_id, 5 AS tier
  FROM u2
  CROSS JOIN LATERAL (
    SELECT m.id AS mediator_id
    FROM mediators m
    WHERE m.status = 'active'
      AND m.id <> ALL (u2.resp_ids)
      AND (NOT u2.specialist OR u2.dispute_type = ANY (m.specialties) OR m.organisation_id = ANY (u2.industry_orgs))
      AND m.location && ST_Expand(u2.location,
                                  CAST(:radius_m AS float8) / (110000.0 * greatest(cos(radians(ST_Y(u2.location))), 0.01)),
                                  CAST(:radius_m AS float8) / 110000.0)
    ORDER BY m.location <-> u2.location
    LIMIT CAST(:nearby_limit AS int)
  ) n
), pool AS (
  SELECT DISTINCT ON (x.case_id, x.mediator_id) x.case_id, x.mediator_id, x.tier
  FROM (SELECT * FROM resp UNION ALL SELECT * FROM near) x
  ORDER BY x.case_id, x.mediator_id, x.tier
), facts AS (
  SELECT p.case_id, p.mediator_id, p.tier,
         ST_Distance(m.location::geography, u.location::geography) AS distance_m
  FROM pool p
  JOIN u ON u.id = p.case_id
  -- by the primary key, row by row (OFFSET 0 keeps it a nested loop: the pool is a few rows per case)
  CROSS JOIN LATERAL (SELECT mm.location FROM mediators mm WHERE mm.id = p.mediator_id OFFSET 0) m
)
SELECT f.case_id, true AS located, f.mediator_id, f.tier, f.distance_m
FROM facts f
UNION ALL
SELECT u.id, false, NULL, NULL, NULL FROM u WHERE u.g_code IS NULL
