-- tile-source: a whole layer as GeoJSON, the input of the JavaScript tiler (geojson-vt) that
-- stands in for ST_AsMVT on the embedded database. Same identifiers and attributes as tile-mvt.sql.
-- {{extra}} adds the columns the JavaScript path filters on (e.g. a case's creation time as _t).
-- Parameters: none. SRID: 4326 out, 6 decimals.
-- Output: one row, column fc (text): FeatureCollection.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(s.{{geom}}, 6)::json,
    'properties', to_json(p)
  )), '[]'::json)
)::text AS fc
FROM {{table}} s
CROSS JOIN LATERAL (SELECT {{columns}}{{extra}}) p;
