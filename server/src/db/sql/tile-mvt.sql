-- tile-mvt: one Mapbox Vector Tile for one layer, built by the server's PostGIS (ST_AsMVT needs
-- protobuf, which the embedded PostGIS lacks: see services/tiles.ts for its JavaScript path).
-- Identifiers {{table}}, {{geom}}, {{columns}}, {{layer}} and the {{filter}} fragment come from code
-- constants (TILE_LAYERS), never from the request.
-- Parameters: :z, :x, :y (int, XYZ tile address, validated by the caller); for cases also :from, :to
--   (timestamptz ISO text or NULL, `to` exclusive) and :type (dispute type or NULL).
-- SRID: the tile envelope is EPSG:3857; it is transformed to 4326 for the index test (the column
--   is never transformed in WHERE, so the GiST index serves it). Extent 4096, buffer 64.
-- Output: one row, column mvt (bytea; empty when no feature touches the tile).
SELECT ST_AsMVT(q, '{{layer}}', 4096, 'geom') AS mvt
FROM (
  SELECT {{columns}},
         ST_AsMVTGeom(ST_Transform(s.{{geom}}, 3857), ST_TileEnvelope(:z, :x, :y), 4096, 64, true) AS geom
  FROM {{table}} s
  WHERE s.{{geom}} && ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4326)
  {{filter}}
) q
WHERE q.geom IS NOT NULL;
