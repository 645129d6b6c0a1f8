-- ogc-source-townships: the `townships` collection (乡镇街道) for ogc-items.sql (its {{source}}).
-- Parameters: none. SRID 4326. Output columns: fid (code), geom (MultiPolygon), t (NULL: no time),
--   code, tribunal_id (property filters), props (json: code, name, type, parent_code, tribunal_id,
--   population_est, area_km2, geometry_source).
SELECT s.code AS fid, s.geom, NULL::timestamptz AS t, s.code, s.tribunal_id,
       json_build_object('code', s.code, 'name', s.name, 'type', s.type, 'parent_code', s.parent_code,
                         'tribunal_id', s.tribunal_id, 'population_est', s.population_est,
                         'area_km2', round(s.area_km2::numeric, 3), 'geometry_source', s.geometry_source) AS props
FROM townships s
