-- ogc-source-mediators: the `mediators` collection (调解员) for ogc-items.sql (its {{source}}). The
-- phone leaves the database as stored; services/ogc/items.ts masks it by role with the registry's own
-- rule (services/registry/common.ts phoneFor), as GET /api/mediators does.
-- Parameters: none. SRID 4326. Output columns: fid (id), geom (Point or NULL), t (NULL), id, kind,
--   status, tribunal_id, organisation_id (property filters), props (json).
SELECT m.id AS fid, m.location AS geom, NULL::timestamptz AS t, m.id, m.kind, m.status, m.tribunal_id,
       m.organisation_id,
       json_build_object('id', m.id, 'name', m.name, 'kind', m.kind, 'status', m.status,
                         'organisation_id', m.organisation_id, 'tribunal_id', m.tribunal_id,
                         'work_unit', m.work_unit, 'position', m.position, 'phone', m.phone,
                         'specialties', m.specialties, 'capacity', m.capacity, 'is_liaison', m.is_liaison,
                         'is_demo', m.is_demo) AS props
FROM mediators m
