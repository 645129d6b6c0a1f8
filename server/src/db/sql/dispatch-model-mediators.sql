-- dispatch-model-mediators: every mediator with what the assignment rule and the preview need
-- (services/dispatch/model.ts), and their service areas.
-- Parameters: none. SRID: 4326: lng/lat are the exact float8 coordinates; location is the preview's
--   GeoJSON (6 decimals, as candidates.sql writes it).
-- Output: one row per mediator: id, name, kind, status, capacity, specialties, organisation, industry,
--   lng, lat (null without a location), location (json or null), service_areas (json [{level, code}] by
--   level and code).
SELECT m.id, m.name, m.kind, m.status, m.capacity, m.specialties, o.name AS organisation, o.industry,
       ST_X(m.location) AS lng, ST_Y(m.location) AS lat, ST_AsGeoJSON(m.location, 6)::json AS location,
       coalesce(sa.list, '[]'::json) AS service_areas
FROM mediators m
LEFT JOIN organisations o ON o.id = m.organisation_id
LEFT JOIN (
  SELECT s.mediator_id, json_agg(json_build_object('level', s.level, 'code', s.code) ORDER BY s.level, s.code) AS list
  FROM mediator_service_areas s GROUP BY s.mediator_id
) sa ON sa.mediator_id = m.id;
