-- health: the database answers, and which PostGIS it has.
-- Parameters: none. Output: one row: postgis (text, e.g. 3.6.2), server_version (text).
SELECT postgis_lib_version() AS postgis, current_setting('server_version') AS server_version;
