-- boundary-offset: is the whole file shifted by the GCJ-02 offset against the current boundaries? (a file
--   in GCJ-02 read as WGS84 lies about 595 m to the east-north-east here; a WGS84 file converted from
--   GCJ-02 as if it were one lies as far the other way).
-- Parameters: :id (text, the preview), :dx, :dy (float8, degrees: the GCJ-02 offset, WGS84 → GCJ-02, at
--   the district, from gcoord in services/boundaries/offset.ts).
-- SRID: 4326; areas in m² on the WGS84 spheroid (geography); displacements in degrees.
-- Output: one row: matched (features with a geometry and a current unit), dx_median, dy_median (the median
--   centroid displacement, file minus current), overlap_as_is, overlap_minus, overlap_plus (summed areas
--   of intersection with the current units: as read, shifted by −offset, shifted by +offset).
WITH f AS (
  SELECT f.geom, u.geom AS cur
  FROM import_boundary_features f
  JOIN {{table}} u ON u.code = f.code
  WHERE f.preview_id = :id AND f.geom IS NOT NULL
), d AS (
  SELECT ST_X(ST_Centroid(f.geom)) - ST_X(ST_Centroid(f.cur)) AS dx,
         ST_Y(ST_Centroid(f.geom)) - ST_Y(ST_Centroid(f.cur)) AS dy,
         f.geom, f.cur
  FROM f
)
SELECT count(*)::int AS matched,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d.dx) AS dx_median,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d.dy) AS dy_median,
       COALESCE(sum(ST_Area(ST_Intersection(d.geom, d.cur)::geography)), 0) AS overlap_as_is,
       COALESCE(sum(ST_Area(ST_Intersection(ST_Translate(d.geom, -(:dx)::float8, -(:dy)::float8), d.cur)::geography)), 0) AS overlap_minus,
       COALESCE(sum(ST_Area(ST_Intersection(ST_Translate(d.geom, (:dx)::float8, (:dy)::float8), d.cur)::geography)), 0) AS overlap_plus
FROM d;
