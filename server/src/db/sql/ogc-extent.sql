-- ogc-extent: the extents OGC API collections declare: the district's bounding box (every collection
-- lies in the district) and the time span of the cases.
-- Parameters: none. SRID 4326 (longitude, latitude). Output: one row, columns xmin, ymin, xmax, ymax
--   (float8), first_case, last_case (timestamptz or NULL).
SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax,
       (SELECT min(created_at) FROM cases) AS first_case, (SELECT max(created_at) FROM cases) AS last_case
FROM (SELECT ST_Extent(geom)::geometry AS e FROM district) d
