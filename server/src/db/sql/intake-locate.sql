-- intake-locate: many points at once (a bulk intake's rows), by the one locate rule shihe_locate
-- (migration 20261201_21_locate_function), in one statement instead of one round trip per row.
-- Parameters: :points jsonb text, an array of {i (int, the caller's index), lng, lat (float8, WGS84
--   degrees, validated by the caller)}; :sliver_m (float8, metres).
-- SRID: 4326.
-- Output: one row per point inside the district: i, grid_code, grid_name, village_code, village_name,
--   township_code, township_name, tribunal_id. A point outside the district has no row.
SELECT p.i, g.code AS grid_code, g.name AS grid_name,
       v.code AS village_code, v.display_name AS village_name,
       t.code AS township_code, t.name AS township_name, t.tribunal_id
FROM jsonb_to_recordset(CAST(:points AS jsonb)) AS p(i int, lng float8, lat float8)
CROSS JOIN LATERAL shihe_locate(ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326), CAST(:sliver_m AS float8)) l
JOIN grids g ON g.code = l.grid_code
JOIN villages v ON v.code = g.village_code
JOIN townships t ON t.code = g.township_code;
