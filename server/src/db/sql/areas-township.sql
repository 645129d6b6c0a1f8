-- areas-township: every township as a GeoJSON FeatureCollection with its thematic figures.
-- Parameters: :from, :to (timestamptz as ISO text, or NULL: no bound; `to` is exclusive),
--   :type (a dispute type key, or NULL: all types), :bbox_w, :bbox_s, :bbox_e, :bbox_n (float8 degrees,
--   all NULL for every township: else only those meeting the box)
-- SRID: 4326 out, coordinates rounded to 6 decimals (about 0.1 m); rings as RFC 7946 asks: outer
--   counter-clockwise, holes clockwise.
-- mediator_count: distinct ACTIVE mediators with a service area that is the township or one of
--   its villages or grids. case_count: cases in the period (and type); open_case_count: cases now
--   pending/assigned/mediating (type filter applies, period does not).
-- Output: one row, column fc (text): the FeatureCollection, features ordered by code.
WITH c AS (
  SELECT township_code AS code,
         count(*) FILTER (WHERE (CAST(:from AS timestamptz) IS NULL OR created_at >= CAST(:from AS timestamptz))
                            AND (CAST(:to AS timestamptz) IS NULL OR created_at < CAST(:to AS timestamptz))) AS case_count,
         count(*) FILTER (WHERE status IN ('pending', 'assigned', 'mediating')) AS open_case_count
  FROM cases
  WHERE CAST(:type AS text) IS NULL OR dispute_type = CAST(:type AS text)
  GROUP BY township_code
), m AS (
  SELECT sa.township_code AS code, count(DISTINCT sa.mediator_id) AS mediator_count
  FROM mediator_service_areas sa
  JOIN mediators md ON md.id = sa.mediator_id AND md.status = 'active'
  WHERE sa.level IN ('township', 'village', 'grid')
  GROUP BY sa.township_code
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 6)::json,
    'properties', json_build_object(
      'code', t.code, 'name', t.name, 'level', 'township', 'type', t.type,
      'parent_code', t.parent_code, 'township_code', t.code,
      'geometry_source', t.geometry_source, 'population_est', t.population_est,
      'area_km2', round(t.area_km2::numeric, 3), 'tribunal_id', t.tribunal_id,
      'mediator_count', coalesce(m.mediator_count, 0),
      'case_count', coalesce(c.case_count, 0), 'open_case_count', coalesce(c.open_case_count, 0))
  ) ORDER BY t.code), '[]'::json)
)::text AS fc
FROM townships t
LEFT JOIN c ON c.code = t.code
LEFT JOIN m ON m.code = t.code
WHERE CAST(:bbox_w AS float8) IS NULL
   OR ST_Intersects(t.geom, ST_MakeEnvelope(CAST(:bbox_w AS float8), CAST(:bbox_s AS float8), CAST(:bbox_e AS float8), CAST(:bbox_n AS float8), 4326));
