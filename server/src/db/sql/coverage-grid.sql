-- coverage-grid: the coverage inputs of every grid cell. The nearest active mediator and the rule are
-- computed in TypeScript on these rows (see coverage-village.sql).
-- Parameters: none.
-- SRID: 4326. Representative point: grids.rep_point = ST_PointOnSurface(geom), a generated column
--   (migration 10; a point on the surface is always inside the cell, unlike the centroid).
-- Responsible mediators come from coverage-responsible.sql (a separate query, run alongside).
-- urban: the grid's village's urban_rural_code starts with '1'.
-- Case counts come from coverage-cases.sql (a separate query, run alongside).
-- Output: one row per grid, ordered by code: code, name, township_code, village_code, lng, lat,
--   urban, population_est.
WITH u AS (
  SELECT g.code, g.name, g.township_code, g.village_code, g.rep_point AS point,
         coalesce(v.urban_rural_code LIKE '1%', false) AS urban, g.population_est
  FROM grids g JOIN villages v ON v.code = g.village_code
)
SELECT u.code, u.name, u.township_code, u.village_code, ST_X(u.point) AS lng, ST_Y(u.point) AS lat,
       u.urban, u.population_est
FROM u
ORDER BY u.code;
