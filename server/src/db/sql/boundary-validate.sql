-- boundary-validate: the per-feature checks of one boundary import preview, written in place.
-- Parameters: :id (text, the preview), :min_m2 (float8), :min_width_m (float8): outside parts smaller or
--   thinner than these are slivers of edges digitised twice (boundary_solid_parts, migration 09)
-- Slots: {{table}} (townships|villages|grids), {{parent_table}} (district|townships|villages),
--   {{parent_col}} (the unit's column naming its parent) — code constants, never from a request.
-- SRID: 4326 throughout; areas in m² on the WGS84 spheroid (geography).
-- Sets on import_boundary_features: is_valid, invalid_reason (ST_IsValidReason), geom (the input as a
--   MultiPolygon, or its ST_MakeValid repair keeping only the polygons; null when nothing is left),
--   area_m2, outside_m2 (outside the district outline), outside_parent_m2 (outside the matched unit's
--   recorded parent), spatial_parent (the current parent holding the largest part of the new geometry,
--   only when most of the geometry lies outside the recorded parent and that parent is another one; a
--   point on surface could fall in the recorded parent and name it as the mismatch).
--   The places of the problems (migration 30), all Points in 4326: invalid_at (GEOS's location,
--   ST_IsValidDetail), crossings (of an invalid feature: every place where its rings cross or touch,
--   boundary_crossings, migration 30), outside_at and outside_parent_at
--   (ST_PointOnSurface of the solid outside part), label_at (on the usable polygon, else the first vertex).
-- Output: none. ST_CoveredBy first so the costly ST_Difference runs only where something sticks out.
WITH d AS (
  SELECT ST_Union(geom) AS geom FROM district
), c AS (
  SELECT f.n, f.geom_in, ST_IsValid(f.geom_in) AS ok,
         CASE WHEN ST_IsValid(f.geom_in) THEN NULL ELSE ST_IsValidReason(f.geom_in) END AS reason,
         CASE WHEN ST_IsValid(f.geom_in) THEN NULL ELSE ST_SetSRID((ST_IsValidDetail(f.geom_in)).location, 4326) END AS invalid_at,
         CASE WHEN ST_IsValid(f.geom_in) THEN ST_Multi(f.geom_in)
              ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(f.geom_in), 3)) END AS fixed
  FROM import_boundary_features f
  WHERE f.preview_id = :id AND f.geom_in IS NOT NULL
), m AS (
  SELECT c.n, c.ok, c.reason, c.invalid_at,
         CASE WHEN c.ok THEN NULL ELSE boundary_crossings(c.geom_in) END AS crossings,
         CASE WHEN ST_IsEmpty(c.fixed) THEN NULL ELSE c.fixed END AS geom,
         ST_GeometryN(ST_Points(c.geom_in), 1) AS first_at
  FROM c
), o AS (
  SELECT m.*,
         CASE WHEN m.geom IS NULL OR ST_CoveredBy(m.geom, d.geom) THEN NULL
              ELSE boundary_solid_parts(ST_Difference(m.geom, d.geom), :min_width_m, :min_m2) END AS outside_g,
         CASE WHEN m.geom IS NULL OR p.geom IS NULL OR ST_CoveredBy(m.geom, p.geom) THEN NULL
              ELSE boundary_solid_parts(ST_Difference(m.geom, p.geom), :min_width_m, :min_m2) END AS outside_parent_g,
         u.{{parent_col}} AS parent_code
  FROM m
  CROSS JOIN d
  JOIN import_boundary_features f ON f.preview_id = :id AND f.n = m.n
  LEFT JOIN {{table}} u ON u.code = f.code
  LEFT JOIN {{parent_table}} p ON p.code = u.{{parent_col}}
), a AS (
  SELECT o.n, o.ok, o.reason, o.geom, o.parent_code, o.invalid_at, o.crossings,
         ST_Area(o.geom::geography) AS area_m2,
         COALESCE(ST_Area(o.outside_g::geography), 0) AS outside_m2,
         COALESCE(ST_Area(o.outside_parent_g::geography), 0) AS outside_parent_m2,
         ST_PointOnSurface(o.outside_g) AS outside_at,
         ST_PointOnSurface(o.outside_parent_g) AS outside_parent_at,
         COALESCE(ST_PointOnSurface(o.geom), o.first_at) AS label_at
  FROM o
)
UPDATE import_boundary_features f
SET is_valid = a.ok,
    invalid_reason = a.reason,
    geom = a.geom,
    area_m2 = a.area_m2,
    outside_m2 = a.outside_m2,
    outside_parent_m2 = a.outside_parent_m2,
    invalid_at = a.invalid_at,
    crossings = a.crossings,
    outside_at = a.outside_at,
    outside_parent_at = a.outside_parent_at,
    label_at = a.label_at,
    spatial_parent = CASE WHEN a.parent_code IS NOT NULL AND a.outside_parent_m2 > a.area_m2 / 2 THEN (
      SELECT NULLIF(b.code, a.parent_code) FROM (
        SELECT p2.code FROM {{parent_table}} p2
        WHERE ST_Intersects(p2.geom, a.geom)
        ORDER BY ST_Area(ST_Intersection(p2.geom, a.geom)::geography) DESC, p2.code LIMIT 1
      ) b
    ) END
FROM a
WHERE f.preview_id = :id AND f.n = a.n;
