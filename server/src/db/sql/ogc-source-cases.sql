-- ogc-source-cases: the `cases` collection as points, for roles that see case locations one by one
-- (services/masking.ts casePointMode: admin, dispatcher). No party data and no free text (title,
-- description): a GIS layer is for where and what, the case file stays in the app.
-- Parameters: :tribunal (int or NULL: only the cases of that tribunal, cases.tribunal_id as in
--   services/case-scope.ts). SRID 4326. Output columns: fid (id), geom (Point), t (created_at), id, dispute_type,
--   status, source, township_code, village_code, grid_code (property filters), props (json;
--   location_precision 'village': located only to its village, grid_code null, the point is the village's).
SELECT s.id AS fid, s.location AS geom, s.created_at AS t, s.id, s.dispute_type, s.status, s.source, s.township_code,
       s.village_code, s.grid_code,
       json_build_object('id', s.id, 'dispute_type', s.dispute_type, 'status', s.status, 'source', s.source,
                         'township_code', s.township_code, 'village_code', s.village_code, 'grid_code', s.grid_code,
                         'location_precision', s.location_precision, 'tribunal_id', s.tribunal_id, 'created_at', s.created_at, 'assigned_at', s.assigned_at,
                         'closed_at', s.closed_at) AS props
FROM cases s
WHERE (CAST(:tribunal AS int) IS NULL
       OR s.tribunal_id = CAST(:tribunal AS int))
