-- coverage-village: the coverage inputs of every village/community. The nearest active mediator (WGS84
-- spheroid, services/coverage/nearest.ts) and the rule (rule.ts) are computed in TypeScript on these
-- rows, so the API, the what-if model and the best-sites search share one implementation of "covered".
-- Parameters: none.
-- SRID: 4326. Representative point: villages.point.
-- Responsible mediators come from coverage-responsible.sql (a separate query, run alongside).
-- urban: urban_rural_code starts with '1' (城镇); anything else (2xx 乡村, NULL) is rural.
-- Case counts come from coverage-cases.sql (a separate query, run alongside).
-- Output: one row per village, ordered by code: code, name, township_code, village_code, lng, lat,
--   urban, population_est.
SELECT v.code, v.display_name AS name, v.township_code, v.code AS village_code,
       ST_X(v.point) AS lng, ST_Y(v.point) AS lat,
       coalesce(v.urban_rural_code LIKE '1%', false) AS urban,
       v.population_est
FROM villages v
ORDER BY v.code;
