-- ogc-items: one page of an OGC API - Features collection (services/ogc/items.ts), and how many
-- features match in all (numberMatched), in one statement.
-- Identifiers: {{source}} is one of the ogc-source-*.sql fragments (a SELECT with columns fid, geom,
--   t, props and the columns its filters name); {{where}} is built by services/ogc/items.ts from code
--   constants only (bbox, datetime, property filters, a single fid), every value bound.
-- Parameters: :limit, :offset (int); :lat_first (boolean: EPSG:4326/4490 axis order, latitude first);
--   the fragment's and the {{where}} clauses' own (:bbox_w, :bbox_s, :bbox_e, :bbox_n, :t_from, :t_to,
--   :tribunal, :f_<property>, :fid).
-- SRID: geometries are stored in 4326 (longitude, latitude); the bbox is an EPSG:4326 envelope tested
--   with ST_Intersects (points: &&, the same answer) on the column itself, so its GiST index serves. EPSG:4490 (CGCS2000) is written
--   with the same numbers: PostGIS defines it without a datum shift to WGS84 (they agree to centimetres).
-- Rings as RFC 7946 asks (outer counter-clockwise in the order the coordinates are written).
-- Output: one row per feature of the page ordered by fid (or one row of NULLs when the page is empty),
--   columns matched (int, all matching features), fid (text), geometry (GeoJSON text or NULL, 7
--   decimals), props (JSON text).
WITH q AS NOT MATERIALIZED (
  {{source}}
), f AS NOT MATERIALIZED (
  SELECT q.* FROM q WHERE true {{where}}
), page AS (
  SELECT f.fid, f.geom, f.props FROM f ORDER BY f.fid LIMIT :limit OFFSET :offset
)
SELECT (SELECT count(*) FROM f)::int AS matched,
       page.fid::text AS fid,
       ST_AsGeoJSON(ST_ForcePolygonCCW(CASE WHEN :lat_first THEN ST_FlipCoordinates(page.geom) ELSE page.geom END), 7) AS geometry,
       page.props::text AS props
FROM (SELECT 1) one
LEFT JOIN page ON true
ORDER BY page.fid;
