-- boundary-commit-apply: the current table takes the committed import's geometry (the features that
-- boundary-commit-changed.sql marked changed).
-- Statements (in the commit's transaction): 1. geom, geometry_source 'imported', area_km2 recomputed;
--   2. villages only ({{village_points}} is "true" for villages, else "false"): a village point that the
--   new polygon no longer contains moves to ST_PointOnSurface (point_source 'point_on_surface').
-- Parameters: :id (text, the preview)
-- Slots: {{table}} (townships|villages|grids), {{village_points}} (true|false) — code constants.
-- SRID: 4326; area_km2 on the WGS84 spheroid.
-- Output: statement 1 returns code; statement 2 returns code (the villages whose point moved).
UPDATE {{table}} u
SET geom = f.geom, geometry_source = 'imported', area_km2 = ST_Area(f.geom::geography) / 1e6
FROM import_boundary_features f
WHERE f.preview_id = :id AND f.changed AND u.code = f.code
RETURNING u.code;
UPDATE villages v
SET point = ST_PointOnSurface(v.geom), point_source = 'point_on_surface'
FROM import_boundary_features f
WHERE {{village_points}} AND f.preview_id = :id AND f.changed AND f.code = v.code
  AND NOT ST_Intersects(v.point, v.geom)
RETURNING v.code;
