-- locate: the grid, village, township and tribunal a point falls in.
-- Parameters: :lng, :lat  (float8, WGS84 degrees; validated by the caller)
-- SRID: 4326. Boundaries are shared by neighbouring grids; the lowest grid code wins, so the
-- answer is deterministic.
-- Output: at most one row: grid_code, grid_name, village_code, village_name, township_code,
--   township_name, tribunal_id, tribunal_name, in_district (always true when a grid matched).
SELECT g.code AS grid_code, g.name AS grid_name,
       v.code AS village_code, v.display_name AS village_name,
       t.code AS township_code, t.name AS township_name,
       tr.id AS tribunal_id, tr.name AS tribunal_name
FROM grids g
JOIN villages v ON v.code = g.village_code
JOIN townships t ON t.code = g.township_code
LEFT JOIN tribunals tr ON tr.id = t.tribunal_id
WHERE ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326))
ORDER BY g.code
LIMIT 1;
