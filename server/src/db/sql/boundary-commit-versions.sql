-- boundary-commit-versions: one committed import becomes a new version of each unit it changes (the
-- features that boundary-commit-changed.sql marked changed; an unchanged unit keeps its version).
-- Statements (run in order in the commit's transaction, separated by a line ending in ";"):
--   1. a unit imported for the first time gets version 1: the boundary it had (valid_from null = the
--      data set's), ending on :valid_from;  2. the open version of every other replaced unit ends on
--      :valid_from;  3. the imported boundary is added as the next version, open-ended.
-- Parameters: :id (text, the preview), :level (text), :valid_from (text YYYY-MM-DD), :user_id (int)
-- Slots: {{table}} (townships|villages|grids) — a code constant.
-- SRID: 4326; area_km2 on the WGS84 spheroid.
-- Output: statement 3 returns code, version.
INSERT INTO area_boundary_versions (level, code, version, valid_from, valid_to, geometry_source, geom, area_km2)
SELECT :level, u.code, 1, NULL, CAST(:valid_from AS date), u.geometry_source, u.geom, u.area_km2
FROM import_boundary_features f JOIN {{table}} u ON u.code = f.code
WHERE f.preview_id = :id AND f.changed
  AND NOT EXISTS (SELECT 1 FROM area_boundary_versions v WHERE v.level = :level AND v.code = u.code);
UPDATE area_boundary_versions v SET valid_to = CAST(:valid_from AS date)
FROM import_boundary_features f
WHERE f.preview_id = :id AND f.changed
  AND v.level = :level AND v.code = f.code AND v.valid_to IS NULL;
INSERT INTO area_boundary_versions (level, code, version, valid_from, valid_to, geometry_source, geom, area_km2, imported_by, import_id)
SELECT :level, f.code,
       (SELECT max(v.version) FROM area_boundary_versions v WHERE v.level = :level AND v.code = f.code) + 1,
       CAST(:valid_from AS date), NULL, 'imported', f.geom, ST_Area(f.geom::geography) / 1e6, :user_id, :id
FROM import_boundary_features f
WHERE f.preview_id = :id AND f.changed
RETURNING code, version;
