-- boundary-gaps: the parts of each parent that its children would no longer cover after a commit,
-- for one preview; stored as problems (kind 'gap') with their geometry and area.
-- Parameters: :id (text, the preview), :min_m2 (float8), :min_width_m (float8): smaller or thinner parts are
--   slivers, not gaps (boundary_solid_parts, migration 09)
-- Slots: {{table}}, {{parent_table}}, {{parent_col}} — code constants (see boundary-validate.sql).
-- SRID: 4326; areas in m² on the WGS84 spheroid. Parents are those of the matched units; children
--   are the preview's usable features for the units it replaces and the current geometry of the others.
-- Output: the inserted rows: parent_code, area_m2.
WITH imp AS (
  SELECT f.code, f.geom, u.{{parent_col}} AS parent
  FROM import_boundary_features f JOIN {{table}} u ON u.code = f.code
  WHERE f.preview_id = :id AND f.geom IS NOT NULL
), layer AS (
  SELECT imp.parent, imp.geom FROM imp
  UNION ALL
  SELECT u.{{parent_col}}, u.geom FROM {{table}} u
  WHERE u.{{parent_col}} IN (SELECT parent FROM imp) AND NOT EXISTS (SELECT 1 FROM imp WHERE imp.code = u.code)
), covered AS (
  SELECT parent, ST_Union(geom) AS geom FROM layer GROUP BY parent
), gaps AS (
  SELECT p.code AS parent_code, boundary_solid_parts(ST_Difference(p.geom, c.geom), :min_width_m, :min_m2) AS geom
  FROM covered c JOIN {{parent_table}} p ON p.code = c.parent
  WHERE NOT ST_CoveredBy(p.geom, c.geom)
), sized AS (
  SELECT g.parent_code, g.geom, ST_Area(g.geom::geography) AS area_m2 FROM gaps g WHERE g.geom IS NOT NULL
)
INSERT INTO import_boundary_problems (preview_id, kind, a, b, parent_code, area_m2, geom)
SELECT :id, 'gap', NULL, NULL, s.parent_code, s.area_m2, s.geom FROM sized s WHERE s.area_m2 >= :min_m2
RETURNING parent_code, area_m2;
