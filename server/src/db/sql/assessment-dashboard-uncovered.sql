-- assessment-dashboard-uncovered: villages with no ACTIVE mediator whose service area is the village or
-- one of its grids (the rule of stats-summary.sql), per township. The dashboard's fallback when the
-- planning work's coverage (services/coverage) cannot answer; also its villages_without_responsible.
-- Parameters: none. Output: one row per township with such villages: township_code, n (int).
SELECT v.township_code, count(*)::int AS n
FROM villages v
WHERE NOT EXISTS (SELECT 1 FROM mediator_service_areas sa JOIN mediators md ON md.id = sa.mediator_id AND md.status = 'active'
                  WHERE sa.level IN ('village', 'grid') AND sa.village_code = v.code)
GROUP BY v.township_code
ORDER BY v.township_code;
