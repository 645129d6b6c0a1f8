-- tile-cases-grid-mvt: the `cases` layer for roles without access to parties (leader, planner,
-- mediator): no case location leaves the server, only one point per grid cell at the cell's
-- representative point ST_PointOnSurface(grids.geom), with how many of its cases pass the filters.
-- Same layer name, extent (4096) and buffer (64) as tile-mvt.sql. Its JavaScript twin (embedded
-- database, no ST_AsMVT) is tile-cases-grid-source.sql: keep the two in step.
-- Parameters: :z, :x, :y (int, XYZ tile address, validated by the caller); :from, :to (timestamptz
--   ISO text or NULL, `to` exclusive); :type (dispute type or NULL); :tribunal (int or NULL: only
--   the cases of that tribunal, cases.tribunal_id as in services/case-scope.ts, for users scoped to one tribunal).
-- SRID: grids are 4326; the tile envelope (3857) is transformed to 4326 for the GiST test.
-- Output: one row, column mvt (bytea; empty when no cell touches the tile). Feature attributes:
--   grid_code (text), count (int, cases), open_count (int, cases still pending/assigned/mediating),
--   dispute_type (text, only when :type is set, so a client-side type filter keeps the points).
WITH g AS (
  SELECT code, ST_PointOnSurface(geom) AS pt
  FROM grids
  WHERE geom && ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4326)
), c AS (
  SELECT s.grid_code, count(*)::int AS count,
         (count(*) FILTER (WHERE s.status IN ('pending', 'assigned', 'mediating')))::int AS open_count
  FROM cases s
  JOIN g ON g.code = s.grid_code
  WHERE (CAST(:from AS timestamptz) IS NULL OR s.created_at >= CAST(:from AS timestamptz))
    AND (CAST(:to AS timestamptz) IS NULL OR s.created_at < CAST(:to AS timestamptz))
    AND (CAST(:type AS text) IS NULL OR s.dispute_type = CAST(:type AS text))
    AND (CAST(:tribunal AS int) IS NULL
         OR s.tribunal_id = CAST(:tribunal AS int))
  GROUP BY s.grid_code
)
SELECT ST_AsMVT(q, 'cases', 4096, 'geom') AS mvt
FROM (
  SELECT c.grid_code, c.count, c.open_count, CAST(:type AS text) AS dispute_type,
         ST_AsMVTGeom(ST_Transform(g.pt, 3857), ST_TileEnvelope(:z, :x, :y), 4096, 64, true) AS geom
  FROM c JOIN g ON g.code = c.grid_code
) q
WHERE q.geom IS NOT NULL;
