-- registry-insert-mediators: many mediators at once (an import commit), ids given by the caller
-- (taken from the sequence beforehand, so service areas can name them without RETURNING order).
-- Parameters: :rows jsonb text, an array of objects: id, name, kind, work_unit, position, phone,
--   organisation_id, tribunal_id, lng, lat (WGS84 degrees), location_source, specialties (text array),
--   capacity, status, status_since, withdrawn_on (dates YYYY-MM-DD or null), is_liaison, note;
--   :imported_from text (the preview token), :is_demo boolean.
-- SRID: 4326.
-- Output: none.
INSERT INTO mediators (id, name, kind, work_unit, position, phone, organisation_id, tribunal_id, location, location_source,
                       specialties, capacity, status, status_since, withdrawn_on, is_liaison, note, imported_from, is_demo)
SELECT r.id, r.name, r.kind, r.work_unit, r.position, r.phone, r.organisation_id, r.tribunal_id,
       ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326), r.location_source,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(r.specialties, '[]'::jsonb))), r.capacity, r.status,
       r.status_since, r.withdrawn_on, r.is_liaison, r.note, CAST(:imported_from AS text), CAST(:is_demo AS boolean)
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id int, name text, kind text, work_unit text, position text, phone text,
     organisation_id int, tribunal_id int, lng float8, lat float8, location_source text, specialties jsonb, capacity int,
     status text, status_since date, withdrawn_on date, is_liaison boolean, note text);
