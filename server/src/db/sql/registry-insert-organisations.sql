-- registry-insert-organisations: many organisations at once (an import commit).
-- Parameters: :rows jsonb text, an array of objects: name, kind, industry, township_code, village_code,
--   address, lng, lat (WGS84 degrees or null), contact_name, contact_phone, tribunal_id, note;
--   :imported_from text (the preview token), :is_demo boolean.
-- SRID: 4326.
-- Output: id of every inserted row.
INSERT INTO organisations (name, kind, industry, township_code, village_code, address, location, contact_name, contact_phone,
                           tribunal_id, note, imported_from, is_demo)
SELECT r.name, r.kind, r.industry, r.township_code, r.village_code, r.address,
       CASE WHEN r.lng IS NULL OR r.lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326) END,
       r.contact_name, r.contact_phone, r.tribunal_id, r.note, CAST(:imported_from AS text), CAST(:is_demo AS boolean)
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(name text, kind text, industry text, township_code text, village_code text,
     address text, lng float8, lat float8, contact_name text, contact_phone text, tribunal_id int, note text)
RETURNING id;
