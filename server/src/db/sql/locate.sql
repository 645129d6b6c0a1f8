-- locate: the grid, village, township and tribunal a point falls in, by the one locate rule
-- shihe_locate (migration 20261201_21_locate_function: the lowest grid code containing the point, else
-- inside the district outline the nearest grid within :sliver_m metres).
-- Parameters: :lng, :lat (float8, WGS84 degrees; validated by the caller), :sliver_m (float8, metres)
-- SRID: 4326.
-- Output: at most one row: grid_code, grid_name, village_code, village_name, township_code,
--   township_name, tribunal_id, tribunal_name. No row: outside the district.
SELECT g.code AS grid_code, g.name AS grid_name,
       v.code AS village_code, v.display_name AS village_name,
       t.code AS township_code, t.name AS township_name,
       tr.id AS tribunal_id, tr.name AS tribunal_name
FROM shihe_locate(ST_SetSRID(ST_MakePoint(:lng, :lat), 4326), CAST(:sliver_m AS float8)) l
JOIN grids g ON g.code = l.grid_code
JOIN villages v ON v.code = g.village_code
JOIN townships t ON t.code = g.township_code
LEFT JOIN tribunals tr ON tr.id = t.tribunal_id;
