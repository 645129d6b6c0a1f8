-- ogc-source-villages: the `villages` collection (村/社区) for ogc-items.sql (its {{source}}).
-- Parameters: none. SRID 4326. Output columns: fid (code), geom (MultiPolygon), t (NULL), code,
--   township_code (property filters), props (json: code, name, official_name, type, township_code,
--   population_est, area_km2, geometry_source).
SELECT s.code AS fid, s.geom, NULL::timestamptz AS t, s.code, s.township_code,
       json_build_object('code', s.code, 'name', s.display_name, 'official_name', s.name, 'type', s.type,
                         'township_code', s.township_code, 'population_est', s.population_est,
                         'area_km2', round(s.area_km2::numeric, 3), 'geometry_source', s.geometry_source) AS props
FROM villages s
