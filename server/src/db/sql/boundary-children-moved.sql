-- boundary-children-moved: after a village or township import, the children (grids of a village,
-- villages of a township) whose point on surface now lies in another unit of the imported level than
-- their recorded parent, with the mediator service areas on them (these need re-checking by hand: a
-- grid's or village's code and recorded parent are not changed by a boundary import).
-- Parameters: :id (text, the import), :child_level (text, grid|village)
-- Slots: {{table}} (villages|townships), {{child_table}} (grids|villages), {{child_parent_col}}
--   (village_code|township_code) — code constants.
-- SRID: 4326; candidates found through the GiST index (bounding boxes of the committed units).
-- Output: mediator_id, mediator_name, level, code, recorded_parent, spatial_parent.
WITH c AS (
  SELECT u.code, u.geom FROM import_boundary_features f JOIN {{table}} u ON u.code = f.code
  WHERE f.preview_id = :id AND f.changed
), ch AS (
  SELECT DISTINCT k.code, k.{{child_parent_col}} AS recorded, k.geom
  FROM {{child_table}} k JOIN c ON c.geom && k.geom OR k.{{child_parent_col}} = c.code
), moved AS (
  SELECT ch.code, ch.recorded,
         (SELECT p.code FROM {{table}} p WHERE ST_Intersects(p.geom, ST_PointOnSurface(ch.geom)) ORDER BY p.code LIMIT 1) AS spatial
  FROM ch
)
SELECT m.id AS mediator_id, m.name AS mediator_name, a.level, a.code, mv.recorded AS recorded_parent, mv.spatial AS spatial_parent
FROM moved mv
JOIN mediator_service_areas a ON a.level = :child_level AND a.code = mv.code
JOIN mediators m ON m.id = a.mediator_id
WHERE mv.spatial IS NOT NULL AND mv.spatial <> mv.recorded
ORDER BY a.code, m.id;
