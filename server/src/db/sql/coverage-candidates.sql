-- coverage-candidates: candidate sites for the best-sites search.
-- Parameters: :lattice (boolean): false → every village's representative point (villages.point);
--   true → a regular lattice over the district's extent, :step_lng / :step_lat degrees apart (the caller
--   converts the spacing in metres at the district's mid-latitude), kept where it falls in a village.
-- SRID: 4326. Villages found per lattice point through villages_geom_gist (LATERAL outer reference).
-- Output: rows ordered by (lat, lng) for the lattice, by code for villages: lng, lat, village_code, village_name.
WITH box AS (
  SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1
  FROM (SELECT ST_Extent(geom)::geometry AS e FROM district) d
), lattice AS (
  SELECT b.x0 + (i + 0.5) * CAST(:step_lng AS float8) AS lng, b.y0 + (j + 0.5) * CAST(:step_lat AS float8) AS lat
  FROM box b,
       generate_series(0, greatest(0, floor((b.x1 - b.x0) / CAST(:step_lng AS float8))::int - 1)) i,
       generate_series(0, greatest(0, floor((b.y1 - b.y0) / CAST(:step_lat AS float8))::int - 1)) j
  WHERE CAST(:lattice AS boolean)
)
SELECT l.lng, l.lat, v.code AS village_code, v.display_name AS village_name
FROM lattice l
JOIN LATERAL (
  SELECT code, display_name FROM villages
  WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(l.lng, l.lat), 4326))
  ORDER BY code
  LIMIT 1
) v ON true
UNION ALL
SELECT * FROM (
  SELECT ST_X(point), ST_Y(point), code, display_name FROM villages WHERE NOT CAST(:lattice AS boolean) ORDER BY code
) vp;
