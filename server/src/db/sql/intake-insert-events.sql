-- intake-insert-events: the `created` timeline event of each of a bulk intake's cases, in one statement.
-- Parameters: :rows jsonb text, an array of objects: case_id, details (an object); :actor_id int,
--   :actor_name text.
-- Output: none.
INSERT INTO case_events (case_id, kind, to_status, actor_id, actor_name, details)
SELECT r.case_id, 'created', 'pending', CAST(:actor_id AS int), CAST(:actor_name AS text), r.details
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(case_id int, details jsonb);
