-- tile-cases-grid-source: the per-grid aggregate of the `cases` layer as GeoJSON, the input of the
-- JavaScript tiler on the embedded database (twin of tile-cases-grid-mvt.sql: same points, counts
-- and attributes; keep the two in step). One point per grid cell with at least one case.
-- Parameters: :from, :to (timestamptz ISO text or NULL, `to` exclusive); :type (dispute type or
--   NULL); :tribunal (int or NULL: only the cases of that tribunal, cases.tribunal_id as in services/case-scope.ts).
-- SRID: 4326 out, 6 decimals; the point is ST_PointOnSurface(grids.geom).
-- Output: one row, column fc (text): FeatureCollection; properties grid_code, count, open_count,
--   dispute_type (only when :type is set).
WITH c AS (
  SELECT s.grid_code, count(*)::int AS count,
         (count(*) FILTER (WHERE s.status IN ('pending', 'assigned', 'mediating')))::int AS open_count
  FROM cases s
  WHERE s.grid_code IS NOT NULL
    AND (CAST(:from AS timestamptz) IS NULL OR s.created_at >= CAST(:from AS timestamptz))
    AND (CAST(:to AS timestamptz) IS NULL OR s.created_at < CAST(:to AS timestamptz))
    AND (CAST(:type AS text) IS NULL OR s.dispute_type = CAST(:type AS text))
    AND (CAST(:tribunal AS int) IS NULL
         OR s.tribunal_id = CAST(:tribunal AS int))
  GROUP BY s.grid_code
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(ST_PointOnSurface(g.geom), 6)::json,
    'properties', json_strip_nulls(json_build_object('grid_code', c.grid_code, 'count', c.count,
                                                     'open_count', c.open_count, 'dispute_type', CAST(:type AS text)))
  ) ORDER BY c.grid_code), '[]'::json)
)::text AS fc
FROM c JOIN grids g ON g.code = c.grid_code;
