-- boundary-recheck-cases: every open case (pending, assigned, mediating) is located again against the
-- current grids by the one locate rule, shihe_locate (migration 20261201_21: the lowest grid code
-- containing the point; a point inside the district outline between cells takes the nearest grid within
-- :max_m metres); its township, village, grid and tribunal follow. Cases whose units changed are updated
-- and recorded in boundary_case_changes for the import :id. A case that no grid takes keeps its units.
-- A case located only to its village (location_precision 'village': its point is the village's, not the
-- dispute's) is not located by its point: it keeps its village and stays without a grid.
-- Parameters: :id (text, the import), :max_m (float8, metres on the spheroid)
-- SRID: 4326; the grid lookups use the GiST index (the case's point as the probe).
-- Output: one row per changed case: case_id.
WITH open AS (
  SELECT c.id, c.location, c.township_code, c.village_code, c.grid_code, c.tribunal_id
  FROM cases c WHERE c.status IN ('pending', 'assigned', 'mediating') AND c.location_precision = 'point'
), found AS (
  SELECT o.*, l.grid_code AS new_grid
  FROM open o
  CROSS JOIN LATERAL shihe_locate(o.location, CAST(:max_m AS float8)) l
), diff AS (
  SELECT f.id, f.township_code AS old_t, f.village_code AS old_v, f.grid_code AS old_g, f.tribunal_id AS old_tr,
         g.township_code AS new_t, g.village_code AS new_v, g.code AS new_g, t.tribunal_id AS new_tr
  FROM found f
  JOIN grids g ON g.code = f.new_grid
  JOIN townships t ON t.code = g.township_code
  WHERE f.grid_code IS DISTINCT FROM g.code OR f.village_code IS DISTINCT FROM g.village_code
     OR f.township_code IS DISTINCT FROM g.township_code
), moved AS (
  UPDATE cases c
  SET township_code = d.new_t, village_code = d.new_v, grid_code = d.new_g, tribunal_id = d.new_tr
  FROM diff d WHERE c.id = d.id
  RETURNING c.id
)
INSERT INTO boundary_case_changes (import_id, case_id, old_township_code, old_village_code, old_grid_code,
  new_township_code, new_village_code, new_grid_code, old_tribunal_id, new_tribunal_id)
SELECT :id, d.id, d.old_t, d.old_v, d.old_g, d.new_t, d.new_v, d.new_g, d.old_tr, d.new_tr
FROM diff d JOIN moved m ON m.id = d.id
RETURNING case_id;
