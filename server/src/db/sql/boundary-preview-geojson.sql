-- boundary-preview-geojson: a preview's geometries for the map: the imported features (kind
-- 'imported': n, code) and the problems found (kind 'overlap': a, b; kind 'gap': parent_code), with area_m2.
-- Parameters: :id (text, the preview)
-- SRID: 4326 (GeoJSON, 7 decimals).
-- Output: one row, fc (text): a FeatureCollection.
SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(x.f ORDER BY x.k, x.o), '[]'::json))::text AS fc
FROM (
  SELECT 0 AS k, f.n AS o, json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(COALESCE(f.geom, f.geom_in)), 7)::json,
    'properties', json_build_object('kind', 'imported', 'n', f.n, 'code', f.code, 'area_m2', round(f.area_m2::numeric, 1))) AS f
  FROM import_boundary_features f WHERE f.preview_id = :id AND COALESCE(f.geom, f.geom_in) IS NOT NULL
  UNION ALL
  SELECT 1, p.id, json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(p.geom), 7)::json,
    'properties', json_build_object('kind', p.kind, 'a', p.a, 'b', p.b, 'parent_code', p.parent_code, 'area_m2', round(p.area_m2::numeric, 1)))
  FROM import_boundary_problems p WHERE p.preview_id = :id
) x;
