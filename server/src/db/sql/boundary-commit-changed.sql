-- boundary-commit-changed: which features of a preview the commit writes — those matched to a unit, with
-- a usable geometry (valid, or repaired when asked), that differ from the unit's current boundary. Sets
-- import_boundary_features.changed (true: written; false: unchanged; null: not written at all), which every
-- later statement of the commit reads instead of repeating this rule.
-- "Unchanged": the same coordinates in the same order, or every vertex of each within :tol_deg of the
-- other's boundary (ST_HausdorffDistance in degrees; the caller converts from metres). A name or a
-- recorded parent is never changed by an import, so the geometry is the whole comparison.
-- Parameters: :id (text, the preview), :tol_deg (float8, degrees)
-- Slots: {{table}} (townships|villages|grids) — a code constant.
-- SRID: 4326.
-- Output: one row per matched, usable feature: code, changed (boolean).
UPDATE import_boundary_features f
SET changed = CASE WHEN u.geom = f.geom THEN false
                   ELSE ST_HausdorffDistance(u.geom, f.geom) >= :tol_deg END
FROM {{table}} u
WHERE f.preview_id = :id AND u.code = f.code AND f.geom IS NOT NULL AND (f.is_valid OR f.repaired)
RETURNING f.code, f.changed;
