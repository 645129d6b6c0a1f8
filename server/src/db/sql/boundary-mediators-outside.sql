-- boundary-mediators-outside: active mediators with a location whose service areas (grids, villages,
-- townships; a district-wide mediator is never outside) none contain that location.
-- Parameters: none.
-- SRID: 4326.
-- Output: mediator_id, mediator_name, codes (text[], their service area codes).
WITH s AS (
  SELECT m.id, m.name, a.code, a.level,
         CASE a.level
           WHEN 'grid' THEN EXISTS (SELECT 1 FROM grids g WHERE g.code = a.code AND ST_Intersects(g.geom, m.location))
           WHEN 'village' THEN EXISTS (SELECT 1 FROM villages v WHERE v.code = a.code AND ST_Intersects(v.geom, m.location))
           WHEN 'township' THEN EXISTS (SELECT 1 FROM townships t WHERE t.code = a.code AND ST_Intersects(t.geom, m.location))
           ELSE true END AS inside
  FROM mediators m JOIN mediator_service_areas a ON a.mediator_id = m.id
  WHERE m.status = 'active' AND m.location IS NOT NULL
)
SELECT id AS mediator_id, name AS mediator_name, array_agg(code ORDER BY code) AS codes
FROM s GROUP BY id, name
HAVING NOT bool_or(inside)
ORDER BY id;
