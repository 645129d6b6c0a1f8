-- dispatch-model-grids: every grid with its polygon, for the in-memory dispatch model
-- (services/dispatch/model.ts, locate.ts), and the district outline.
-- Parameters: none. SRID: 4326; polygons as WKB (exact coordinates, parsed in JS).
-- Output: one row per grid: kind 'grid', code, name, village_code, township_code, wkb;
--   and one row per district outline: kind 'district', code, wkb (name, village_code, township_code null).
SELECT 'grid' AS kind, g.code, g.name, g.village_code, g.township_code, ST_AsBinary(g.geom) AS wkb
FROM grids g
UNION ALL
SELECT 'district', d.code, NULL, NULL, NULL, ST_AsBinary(d.geom) FROM district d;
