-- registry-units: every township, village and grid with what the registry needs to name and place it.
-- Parameters: none.
-- SRID: 4326; lng/lat WGS84 degrees. The point of a township is its seat (else a point on its
--   surface), of a village its representative point, of a grid a point on its surface.
-- Output: level (township|village|grid), code, name (townships: name; villages: display_name; grids: name),
--   township_code, village_code (grids: their village; villages: their own code; townships: NULL),
--   tribunal_id (townships only: the catchment), lng, lat.
SELECT 'township' AS level, t.code, t.name, t.code AS township_code, NULL::text AS village_code, t.tribunal_id,
       ST_X(coalesce(t.seat, ST_PointOnSurface(t.geom))) AS lng, ST_Y(coalesce(t.seat, ST_PointOnSurface(t.geom))) AS lat
FROM townships t
UNION ALL
SELECT 'village', v.code, v.display_name, v.township_code, v.code, NULL::int, ST_X(v.point), ST_Y(v.point)
FROM villages v
UNION ALL
SELECT 'grid', g.code, g.name, g.township_code, g.village_code, NULL::int,
       ST_X(ST_PointOnSurface(g.geom)), ST_Y(ST_PointOnSurface(g.geom))
FROM grids g;
