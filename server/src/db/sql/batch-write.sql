-- batch-write: the writes of the backlog batch in ONE statement (services/assignment.ts batchAssign):
-- the cases assigned (only at the version read and while open), the assignment rows (a reassigned
-- case's current one closed first), and one timeline event per case. Run inside the batch's
-- transaction; if fewer cases were updated than given (a concurrent change), the caller throws
-- version_conflict and everything is rolled back.
-- Parameters:
--   :rows          text, a JSON array of {case_id, version, mediator_id, mediator_name,
--                  previous_mediator_id (int or null), from_status, tier, distance_m (metres or null)}
--   :deadline_days int, the pre-litigation period set at assignment
--   :actor_id int, :actor_name text   who runs the batch
-- Output: one row: updated (int[] of the case ids updated), statuses (json object case id → new status)
WITH j AS (
  SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
    AS j(case_id int, version int, mediator_id int, mediator_name text, previous_mediator_id int, from_status text, tier int, distance_m float8)
), upd AS (
  UPDATE cases c
  SET mediator_id = j.mediator_id, status = CASE WHEN c.status = 'pending' THEN 'assigned' ELSE c.status END,
      assigned_at = coalesce(c.assigned_at, now()),
      deadline_at = coalesce(c.deadline_at, now() + make_interval(days => CAST(:deadline_days AS int))),
      version = c.version + 1, updated_at = now()
  FROM j
  WHERE c.id = j.case_id AND c.version = j.version AND c.status IN ('pending', 'assigned', 'mediating')
  RETURNING c.id, c.status
), closed AS (
  UPDATE case_assignments a SET replaced_at = now()
  FROM j
  WHERE a.case_id = j.case_id AND j.previous_mediator_id IS NOT NULL AND a.replaced_at IS NULL
  RETURNING a.id
), assigned AS (
  INSERT INTO case_assignments (case_id, mediator_id, assigned_by, mode, reason, tier, distance_m)
  SELECT j.case_id, j.mediator_id, CAST(:actor_id AS int), 'batch', NULL, j.tier, j.distance_m
  FROM j JOIN upd ON upd.id = j.case_id
  ORDER BY j.case_id
  RETURNING id
), events AS (
  INSERT INTO case_events (case_id, kind, from_status, to_status, actor_id, actor_name, details)
  SELECT j.case_id, CASE WHEN j.previous_mediator_id IS NULL THEN 'assigned' ELSE 'reassigned' END, j.from_status, upd.status,
         CAST(:actor_id AS int), CAST(:actor_name AS text),
         jsonb_build_object('mediator_id', j.mediator_id, 'mediator_name', j.mediator_name, 'previous_mediator_id', j.previous_mediator_id,
                            'mode', 'batch', 'reason', NULL, 'tier', j.tier, 'distance_m', j.distance_m)
  FROM j JOIN upd ON upd.id = j.case_id
  ORDER BY j.case_id
  RETURNING id
)
SELECT coalesce((SELECT array_agg(u.id) FROM upd u), '{}') AS updated,
       (SELECT count(*) FROM closed)::int AS closed,
       (SELECT count(*) FROM assigned)::int AS assignments,
       (SELECT count(*) FROM events)::int AS events
