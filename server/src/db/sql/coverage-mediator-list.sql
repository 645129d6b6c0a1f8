-- coverage-mediator-list: the ACTIVE mediators with a location, for the planning map (to move or take
-- out in a scenario), with the villages their village- and grid-level service areas lie in.
-- Parameters: none. SRID: 4326.
-- Output: one row, column doc (json array): id, name, kind, lng, lat, villages (text[] of village codes).
SELECT coalesce(json_agg(json_build_object(
  'id', m.id, 'name', m.name, 'kind', m.kind, 'lng', round(ST_X(m.location)::numeric, 6), 'lat', round(ST_Y(m.location)::numeric, 6),
  'villages', coalesce((SELECT array_agg(DISTINCT sa.village_code ORDER BY sa.village_code) FROM mediator_service_areas sa
                        WHERE sa.mediator_id = m.id AND sa.level IN ('village', 'grid') AND sa.village_code IS NOT NULL), '{}')
) ORDER BY m.id), '[]'::json) AS doc
FROM mediators m
WHERE m.status = 'active' AND m.location IS NOT NULL;
