-- registry-directory: what the public directory (信息公开) may show: active organisations and active
-- mediators, each with where it takes part. Never an ID number, a location or a case.
-- Parameters: none.
-- Output: rows of two kinds:
--   kind 'organisation': name, org_kind, industry, address, tribunal, phone (contact_phone, masked by the
--     caller), township_code, village_code (the organisation's own unit; both NULL: district-wide)
--   kind 'mediator': name, med_kind, work_unit, position, organisation, tribunal, phone (masked by the
--     caller), specialties, is_liaison, areas (json array of {level, township_code, village_code})
SELECT 'organisation' AS kind, o.id, o.name, o.kind AS org_kind, o.industry, o.address, tr.name AS tribunal,
       o.contact_phone AS phone, o.township_code, o.village_code,
       NULL::text AS med_kind, NULL::text AS work_unit, NULL::text AS position, NULL::text AS organisation,
       NULL::text[] AS specialties, NULL::boolean AS is_liaison, NULL::json AS areas
FROM organisations o
LEFT JOIN tribunals tr ON tr.id = o.tribunal_id
WHERE o.status = 'active'
UNION ALL
SELECT 'mediator', m.id, m.name, NULL, NULL, NULL, tr.name, m.phone, NULL, NULL,
       m.kind, m.work_unit, m.position, o.name, m.specialties, m.is_liaison,
       (SELECT json_agg(json_build_object('level', sa.level, 'township_code', sa.township_code, 'village_code', sa.village_code))
        FROM mediator_service_areas sa WHERE sa.mediator_id = m.id)
FROM mediators m
LEFT JOIN organisations o ON o.id = m.organisation_id
LEFT JOIN tribunals tr ON tr.id = m.tribunal_id
WHERE m.status = 'active'
ORDER BY 1 DESC, 2;
