-- intake-insert-parties: the parties of a bulk intake's cases, in one statement.
-- Parameters: :rows jsonb text, an array of objects: case_id, position, role, name, phone, id_number.
-- Output: none.
INSERT INTO case_parties (case_id, position, role, name, phone, id_number)
SELECT r.case_id, r.position, r.role, r.name, r.phone, r.id_number
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(case_id int, position smallint, role text, name text, phone text, id_number text);
