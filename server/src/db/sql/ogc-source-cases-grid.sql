-- ogc-source-cases-grid: the `cases` collection for roles without access to case locations (leader,
-- planner, mediator: services/masking.ts casePointMode): no case location leaves the server, only one
-- point per grid cell at ST_PointOnSurface(grids.geom) with how many of its cases fall in the period,
-- the same points and counts as the map's cases layer (tile-cases-grid-mvt.sql).
-- Parameters: :t_from, :t_to (timestamptz ISO text or NULL, both ends included: the `datetime` of the
--   request); :tribunal (int or NULL: caseScope). SRID 4326. Output columns: fid (grid_code), geom
--   (Point), t (NULL: the period is applied here), grid_code, village_code, township_code (property
--   filters), props (json: grid_code, village_code, township_code, count, open_count).
SELECT g.code AS fid, ST_PointOnSurface(g.geom) AS geom, NULL::timestamptz AS t, g.code AS grid_code,
       g.village_code, g.township_code,
       json_build_object('grid_code', g.code, 'village_code', g.village_code, 'township_code', g.township_code,
                         'count', c.count, 'open_count', c.open_count) AS props
FROM (
  SELECT s.grid_code, count(*)::int AS count,
         (count(*) FILTER (WHERE s.status IN ('pending', 'assigned', 'mediating')))::int AS open_count
  FROM cases s
  WHERE s.grid_code IS NOT NULL
    AND (CAST(:t_from AS timestamptz) IS NULL OR s.created_at >= CAST(:t_from AS timestamptz))
    AND (CAST(:t_to AS timestamptz) IS NULL OR s.created_at <= CAST(:t_to AS timestamptz))
    AND (CAST(:tribunal AS int) IS NULL
         OR s.township_code IN (SELECT t.code FROM townships t WHERE t.tribunal_id = CAST(:tribunal AS int)))
  GROUP BY s.grid_code
) c
JOIN grids g ON g.code = c.grid_code
