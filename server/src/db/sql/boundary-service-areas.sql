-- boundary-service-areas: mediator service areas on a unit of the committed import whose new boundary
-- lies mainly in another parent than the recorded one (import_boundary_features.spatial_parent); units
-- the import left unchanged are not listed.
-- Parameters: :id (text, the import), :level (text, the import's level)
-- Slots: {{table}}, {{parent_col}} — code constants.
-- Output: mediator_id, mediator_name, level, code, recorded_parent, spatial_parent.
SELECT m.id AS mediator_id, m.name AS mediator_name, a.level, a.code,
       u.{{parent_col}} AS recorded_parent, f.spatial_parent
FROM import_boundary_features f
JOIN {{table}} u ON u.code = f.code
JOIN mediator_service_areas a ON a.level = :level AND a.code = f.code
JOIN mediators m ON m.id = a.mediator_id
WHERE f.preview_id = :id AND f.changed AND f.spatial_parent IS NOT NULL
ORDER BY a.code, m.id;
