-- coverage-mediators: the ACTIVE mediators with a location, for the in-memory model (layers.ts).
-- Parameters: none. SRID: 4326 (lng, lat in degrees).
-- Output: one row, column pts (bytea, NULL when there is none): per mediator 20 bytes, big-endian
--   int4 id, float8 lng, float8 lat (int4send/float8send), ordered by id (two loads are
--   compared by a merge: nearest.ts updateNearest). Binary: the exact
--   doubles, with no float→text→float formatting on either side (300,000 mediators: ~6 MB, parsed in ms).
SELECT string_agg(int4send(id) || float8send(ST_X(location)) || float8send(ST_Y(location)), ''::bytea ORDER BY id) AS pts
FROM mediators
WHERE status = 'active' AND location IS NOT NULL;
