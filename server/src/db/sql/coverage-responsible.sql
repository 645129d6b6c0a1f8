-- coverage-responsible: which ACTIVE mediators are responsible for which units, by service area, as
-- plain pairs (no grouping here: the caller groups them per level, far cheaper than GROUP BY +
-- string_agg(DISTINCT) in SQL at province scale).
-- A village's responsible mediators: areas of level village with that code, or of level grid whose
-- village_code is the village. A grid's: areas of level grid with its code or of level village with
-- its village's code. Township- and district-level areas do not count.
-- Parameters: none.
-- Output: one row, column pairs (text, '' when empty): "L code village_code id" joined, records
--   separated by ';', fields by ':': L = g (grid area) or v (village area); village_code may be ''.
SELECT coalesce(string_agg(
         CASE sa.level WHEN 'grid' THEN 'g' ELSE 'v' END || ':' || sa.code || ':' || coalesce(sa.village_code, '') || ':' || sa.mediator_id::text,
         ';'), '') AS pairs
FROM mediator_service_areas sa
JOIN mediators md ON md.id = sa.mediator_id AND md.status = 'active'
WHERE sa.level IN ('village', 'grid');
