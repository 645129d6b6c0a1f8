-- registry-points-outside: which of many points fall outside the district (import validation).
-- Parameters: :points  jsonb text, an array of [key, lng, lat] (key: any integer, e.g. the row number)
-- SRID: 4326, WGS84 degrees (converted from GCJ-02 by the caller). One indexed ST_Intersects per point
--   against the single district row (district_geom_gist).
-- Output: key of every point NOT in the district.
SELECT (p->>0)::int AS key
FROM jsonb_array_elements(CAST(:points AS jsonb)) AS p
WHERE NOT EXISTS (
  SELECT 1 FROM district d
  WHERE ST_Intersects(d.geom, ST_SetSRID(ST_MakePoint((p->>1)::float8, (p->>2)::float8), 4326))
);
