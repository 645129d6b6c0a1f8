-- areas-grid: every grid cell as a GeoJSON FeatureCollection with its thematic figures.
-- Parameters: :from, :to (timestamptz ISO text or NULL; `to` exclusive), :type (dispute type or NULL),
--   :bbox_w, :bbox_s, :bbox_e, :bbox_n (float8 degrees, all NULL for every unit: else only the units meeting the box)
-- SRID: 4326 out, 6 decimals; rings as RFC 7946 asks: outer counter-clockwise, holes clockwise.
-- mediator_count: distinct ACTIVE mediators with a service area that is the grid or its village.
-- Output: one row, column fc (text).
WITH c AS (
  SELECT grid_code AS code,
         count(*) FILTER (WHERE (CAST(:from AS timestamptz) IS NULL OR created_at >= CAST(:from AS timestamptz))
                            AND (CAST(:to AS timestamptz) IS NULL OR created_at < CAST(:to AS timestamptz))) AS case_count,
         count(*) FILTER (WHERE status IN ('pending', 'assigned', 'mediating')) AS open_case_count
  FROM cases
  WHERE CAST(:type AS text) IS NULL OR dispute_type = CAST(:type AS text)
  GROUP BY grid_code
), responsible AS (
  SELECT sa.code AS code, sa.mediator_id FROM mediator_service_areas sa WHERE sa.level = 'grid'
  UNION
  SELECT g.code, sa.mediator_id
  FROM mediator_service_areas sa JOIN grids g ON g.village_code = sa.code
  WHERE sa.level = 'village'
), m AS (
  SELECT r.code, count(DISTINCT r.mediator_id) AS mediator_count
  FROM responsible r JOIN mediators md ON md.id = r.mediator_id AND md.status = 'active'
  GROUP BY r.code
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(g.geom), 6)::json,
    'properties', json_build_object(
      'code', g.code, 'name', g.name, 'level', 'grid', 'type', 'grid',
      'parent_code', g.village_code, 'township_code', g.township_code,
      'geometry_source', g.geometry_source, 'population_est', g.population_est,
      'area_km2', round(g.area_km2::numeric, 3),
      'mediator_count', coalesce(m.mediator_count, 0),
      'case_count', coalesce(c.case_count, 0), 'open_case_count', coalesce(c.open_case_count, 0))
  ) ORDER BY g.code), '[]'::json)
)::text AS fc
FROM grids g
LEFT JOIN c ON c.code = g.code
LEFT JOIN m ON m.code = g.code
WHERE CAST(:bbox_w AS float8) IS NULL
   OR ST_Intersects(g.geom, ST_MakeEnvelope(CAST(:bbox_w AS float8), CAST(:bbox_s AS float8), CAST(:bbox_e AS float8), CAST(:bbox_n AS float8), 4326));
