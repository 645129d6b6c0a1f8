-- coverage-locate: the village (村/社区) each of a list of points stands in (hypothetical mediators of a
-- scenario, lattice candidates): the village a new mediator there is responsible for.
-- Parameters: :lngs, :lats (text, PostgreSQL float8[] literals of equal length, e.g. '{114.05,114.06}')
-- SRID: 4326. The point is built from the LATERAL outer reference, so villages_geom_gist is used.
--   A point on a shared boundary takes the lowest village code.
-- Output: one row per point in input order: i (1-based), village_code, village_name (NULL outside every village).
SELECT p.i::int AS i, v.code AS village_code, v.display_name AS village_name
FROM unnest(CAST(:lngs AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY AS p(lng, lat, i)
LEFT JOIN LATERAL (
  SELECT code, display_name FROM villages
  WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326))
  ORDER BY code
  LIMIT 1
) v ON true
ORDER BY p.i;
