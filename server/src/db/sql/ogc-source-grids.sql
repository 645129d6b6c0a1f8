-- ogc-source-grids: the `grids` collection (网格) for ogc-items.sql (its {{source}}).
-- Parameters: none. SRID 4326. Output columns: fid (code), geom (MultiPolygon), t (NULL), code,
--   village_code, township_code (property filters), props (json: code, name, village_code,
--   township_code, population_est, area_km2, geometry_source).
SELECT s.code AS fid, s.geom, NULL::timestamptz AS t, s.code, s.village_code, s.township_code,
       json_build_object('code', s.code, 'name', s.name, 'village_code', s.village_code,
                         'township_code', s.township_code, 'population_est', s.population_est,
                         'area_km2', round(s.area_km2::numeric, 3), 'geometry_source', s.geometry_source) AS props
FROM grids s
