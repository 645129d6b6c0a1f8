-- locate-fallback: for a point inside the district outline that no grid contains (a sliver between
-- schematic or imported cells), the nearest grid, at most :max_m metres away.
-- Parameters: :lng, :lat (float8, WGS84), :max_m (float8, metres on the spheroid)
-- SRID: 4326; KNN `<->` on the GiST index with the point as a parameter, then geodesic distance.
-- Output: zero rows when outside the district; else one row as locate.sql plus distance_m.
WITH d AS (
  SELECT 1 FROM district WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)) LIMIT 1
), nearest AS (
  SELECT g.code, g.name, g.village_code, g.township_code,
         ST_Distance(g.geom::geography, ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)::geography) AS distance_m
  FROM grids g
  WHERE EXISTS (SELECT 1 FROM d)
  ORDER BY g.geom <-> ST_SetSRID(ST_MakePoint(:lng, :lat), 4326)
  LIMIT 1
)
SELECT n.code AS grid_code, n.name AS grid_name,
       v.code AS village_code, v.display_name AS village_name,
       t.code AS township_code, t.name AS township_name,
       tr.id AS tribunal_id, tr.name AS tribunal_name, n.distance_m
FROM nearest n
JOIN villages v ON v.code = n.village_code
JOIN townships t ON t.code = n.township_code
LEFT JOIN tribunals tr ON tr.id = t.tribunal_id
WHERE n.distance_m <= :max_m;
