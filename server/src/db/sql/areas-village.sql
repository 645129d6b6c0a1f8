-- areas-village: every village/community as a GeoJSON FeatureCollection with its thematic figures.
-- Parameters: :from, :to (timestamptz ISO text or NULL; `to` exclusive), :type (dispute type or NULL),
--   :bbox_w, :bbox_s, :bbox_e, :bbox_n (float8 degrees, all NULL for every unit: else only the units meeting the box)
-- SRID: 4326 out, 6 decimals; rings as RFC 7946 asks: outer counter-clockwise, holes clockwise.
-- mediator_count: distinct ACTIVE mediators with a service area that is the village or one of its
--   grids (the coverage rule of the planning work). Counts as in areas-township.sql.
-- Output: one row, column fc (text).
WITH c AS (
  SELECT village_code AS code,
         count(*) FILTER (WHERE (CAST(:from AS timestamptz) IS NULL OR created_at >= CAST(:from AS timestamptz))
                            AND (CAST(:to AS timestamptz) IS NULL OR created_at < CAST(:to AS timestamptz))) AS case_count,
         count(*) FILTER (WHERE status IN ('pending', 'assigned', 'mediating')) AS open_case_count
  FROM cases
  WHERE CAST(:type AS text) IS NULL OR dispute_type = CAST(:type AS text)
  GROUP BY village_code
), m AS (
  SELECT sa.village_code AS code, count(DISTINCT sa.mediator_id) AS mediator_count
  FROM mediator_service_areas sa
  JOIN mediators md ON md.id = sa.mediator_id AND md.status = 'active'
  WHERE sa.level IN ('village', 'grid')
  GROUP BY sa.village_code
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(v.geom), 6)::json,
    'properties', json_build_object(
      'code', v.code, 'name', v.display_name, 'full_name', v.name, 'level', 'village', 'type', v.type,
      'parent_code', v.township_code, 'township_code', v.township_code,
      'urban_rural_code', v.urban_rural_code,
      'geometry_source', v.geometry_source, 'population_est', v.population_est,
      'area_km2', round(v.area_km2::numeric, 3),
      'mediator_count', coalesce(m.mediator_count, 0),
      'case_count', coalesce(c.case_count, 0), 'open_case_count', coalesce(c.open_case_count, 0))
  ) ORDER BY v.code), '[]'::json)
)::text AS fc
FROM villages v
LEFT JOIN c ON c.code = v.code
LEFT JOIN m ON m.code = v.code
WHERE CAST(:bbox_w AS float8) IS NULL
   OR ST_Intersects(v.geom, ST_MakeEnvelope(CAST(:bbox_w AS float8), CAST(:bbox_s AS float8), CAST(:bbox_e AS float8), CAST(:bbox_n AS float8), 4326));
