-- intake-insert-cases: the cases of a bulk intake commit, in one statement.
-- Parameters: :rows jsonb text, an array of objects: id (from the cases id sequence), case_number,
--   case_number_year, case_number_seq (null: numbered after the insert), title, dispute_type, description,
--   source, lng, lat (WGS84 degrees), township_code, village_code, grid_code (null: located only to the
--   village), location_precision ('point' | 'village'), tribunal_id, address,
--   coord_system_in, input_lng, input_lat, registered_on (YYYY-MM-DD or null);
--   :created_by int, :intake_id text (uuid).
-- SRID: 4326.
-- Output: id of every inserted row.
INSERT INTO cases (id, case_number, case_number_year, case_number_seq, title, dispute_type, description, status, source, location,
                   township_code, village_code, grid_code, location_precision, tribunal_id, address, coord_system_in, input_lng, input_lat,
                   registered_on, created_by, updated_at, intake_id, is_demo)
SELECT r.id, r.case_number, r.case_number_year, r.case_number_seq, r.title, r.dispute_type, r.description, 'pending', r.source,
       ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326), r.township_code, r.village_code, r.grid_code, coalesce(r.location_precision, 'point'), r.tribunal_id, r.address,
       r.coord_system_in, r.input_lng, r.input_lat, CAST(r.registered_on AS date), CAST(:created_by AS int), now(),
       CAST(:intake_id AS uuid), false
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id int, case_number text, case_number_year int, case_number_seq int, title text,
     dispute_type text, description text, source text, lng float8, lat float8, township_code text, village_code text, grid_code text, location_precision text,
     tribunal_id int, address text, coord_system_in text, input_lng float8, input_lat float8, registered_on text)
RETURNING id;
