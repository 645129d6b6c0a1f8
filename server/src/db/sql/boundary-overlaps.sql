-- boundary-overlaps: where the boundaries after a commit would overlap, for one preview; stored as
-- problems (kind 'overlap') with their geometry and area.
-- Parameters: :id (text, the preview), :min_m2 (float8), :min_width_m (float8): smaller or thinner parts are
--   slivers of edges digitised twice, not overlaps (boundary_solid_parts, migration 09)
-- Slots: {{table}} (townships|villages|grids) — a code constant.
-- SRID: 4326; areas in m² on the WGS84 spheroid. The layer after a commit is the preview's matched,
--   usable features plus the current units of the level it does not replace; every pair with at least
--   one imported member is tested, across parents too (a grid may overlap its neighbour in the next
--   village). Both joins go through a GiST index (the features' and the level table's); polygons that
--   only touch (shared edges) are not overlaps: one DE-9IM test, interiors intersecting ('T********'),
--   instead of ST_Intersects and NOT ST_Touches (3 times faster at 5,000 grids).
-- Output: the inserted rows: a, b (unit codes, a < b), area_m2.
WITH imp AS (
  SELECT f.n, f.code, f.geom FROM import_boundary_features f
  WHERE f.preview_id = :id AND f.code IS NOT NULL AND f.geom IS NOT NULL
), pairs AS (
  SELECT LEAST(a.code, b.code) AS a, GREATEST(a.code, b.code) AS b, a.geom AS ga, b.geom AS gb
  FROM imp a
  JOIN import_boundary_features b ON b.preview_id = :id AND b.code IS NOT NULL AND b.geom IS NOT NULL
    AND b.n > a.n AND b.geom && a.geom
  UNION ALL
  SELECT LEAST(a.code, u.code), GREATEST(a.code, u.code), a.geom, u.geom
  FROM imp a
  JOIN {{table}} u ON u.geom && a.geom AND NOT EXISTS (SELECT 1 FROM imp i WHERE i.code = u.code)
), hits AS (
  SELECT p.a, p.b, boundary_solid_parts(ST_Intersection(p.ga, p.gb), :min_width_m, :min_m2) AS geom
  FROM pairs p
  WHERE ST_Relate(p.ga, p.gb, 'T********')
), sized AS (
  SELECT h.a, h.b, h.geom, ST_Area(h.geom::geography) AS area_m2 FROM hits h WHERE h.geom IS NOT NULL
)
INSERT INTO import_boundary_problems (preview_id, kind, a, b, parent_code, area_m2, geom)
SELECT :id, 'overlap', s.a, s.b, NULL, s.area_m2, s.geom FROM sized s WHERE s.area_m2 >= :min_m2
RETURNING a, b, area_m2;
