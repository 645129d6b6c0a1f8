-- boundary-grid-agreement: the grids a village import would put mostly (> half their area) into another
--   village than the one they are recorded in. Cases are located by grid (locate.sql: grid first, its
--   recorded village follows), so such a village boundary would change the map but not where a case
--   belongs: the import is refused with this list (services/boundaries/preview.ts).
-- Parameters: :id (text, the preview of a village import).
-- SRID: 4326; shares by area on the WGS84 spheroid (geography).
-- Output: grid_code, grid_name, recorded (village code), lies_in (the village, as after the import, that
--   holds the largest part of the grid), share (0–1 of the grid's area in it); ordered by grid_code.
WITH f AS (
  SELECT code, geom FROM import_boundary_features WHERE preview_id = :id AND code IS NOT NULL AND geom IS NOT NULL
), nv AS (
  SELECT v.code, COALESCE(f.geom, v.geom) AS geom FROM villages v LEFT JOIN f ON f.code = v.code
), touched AS (
  SELECT g.code, g.name, g.village_code, g.geom FROM grids g
  WHERE g.village_code IN (SELECT code FROM f)
     OR EXISTS (SELECT 1 FROM f WHERE ST_Intersects(f.geom, g.geom))
), best AS (
  SELECT t.code, t.name, t.village_code, b.code AS holder, b.share
  FROM touched t
  CROSS JOIN LATERAL (
    SELECT nv.code, ST_Area(ST_Intersection(nv.geom, t.geom)::geography) / NULLIF(ST_Area(t.geom::geography), 0) AS share
    FROM nv WHERE ST_Intersects(nv.geom, t.geom)
    ORDER BY 2 DESC NULLS LAST, nv.code LIMIT 1
  ) b
)
SELECT code AS grid_code, name AS grid_name, village_code AS recorded, holder AS lies_in, share
FROM best
WHERE holder IS DISTINCT FROM village_code AND share > 0.5
ORDER BY code;
