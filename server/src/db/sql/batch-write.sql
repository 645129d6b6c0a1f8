-- batch-write: the writes of the backlog batch in ONE statement (services/dispatch/batch.ts): the cases
-- assigned (only at the version read and while pending) and numbered when given a number, their assignment rows (a case's current one
-- closed first when it had a mediator), and one timeline event per case. Run inside the batch's
-- transaction after its mediators are locked and re-checked (batch-recheck.sql); a case not updated (a
-- concurrent change since the re-check) is left out of the assignment rows and events, and the caller
-- reports it left pending. The input is parallel arrays unnested (cheaper than parsing a JSON document).
-- Parameters (text, Postgres array literals, one element per case, in the same order):
--   :case_ids int[], :versions int[], :mediator_ids int[], :previous int[] (the case's mediator or NULL),
--   :tiers int[], :distances float8[] (metres, NULL without a location)
--   :case_numbers text[], :number_years int[], :number_seqs int[]   the case number taken for a case
--     without one (services/case-numbers.ts takeNumbers, which alone formats it), else NULL; a case that
--     has a number keeps it
--   :deadline_days int, the pre-litigation period set at assignment
--   :actor_id int, :actor_name text   who runs the batch
-- Output: one row: updated (int[] of the case ids updated)
WITH j AS (
  SELECT * FROM unnest(CAST(:case_ids AS int[]), CAST(:versions AS int[]), CAST(:mediator_ids AS int[]), CAST(:previous AS int[]),
                       CAST(:tiers AS int[]), CAST(:distances AS float8[]),
                       CAST(:case_numbers AS text[]), CAST(:number_years AS int[]), CAST(:number_seqs AS int[]))
    AS j(case_id, version, mediator_id, previous_mediator_id, tier, distance_m, case_number, number_year, number_seq)
), upd AS (
  UPDATE cases c
  SET mediator_id = j.mediator_id, status = 'assigned',
      assigned_at = coalesce(c.assigned_at, now()),
      deadline_at = coalesce(c.deadline_at, now() + make_interval(days => CAST(:deadline_days AS int))),
      version = c.version + 1, updated_at = now(),
      case_number = coalesce(c.case_number, j.case_number),
      case_number_year = CASE WHEN c.case_number IS NULL THEN j.number_year ELSE c.case_number_year END,
      case_number_seq = CASE WHEN c.case_number IS NULL THEN j.number_seq ELSE c.case_number_seq END
  FROM j
  WHERE c.id = j.case_id AND c.version = j.version AND c.status = 'pending'
  RETURNING c.id
), jj AS (
  SELECT j.*, m.name AS mediator_name FROM j JOIN upd ON upd.id = j.case_id JOIN mediators m ON m.id = j.mediator_id
), closed AS (
  UPDATE case_assignments a SET replaced_at = now()
  FROM jj
  WHERE a.case_id = jj.case_id AND jj.previous_mediator_id IS NOT NULL AND a.replaced_at IS NULL
  RETURNING a.id
), assigned AS (
  INSERT INTO case_assignments (case_id, mediator_id, assigned_by, mode, reason, tier, distance_m)
  SELECT jj.case_id, jj.mediator_id, CAST(:actor_id AS int), 'batch', NULL, jj.tier, jj.distance_m
  FROM jj
  ORDER BY jj.case_id
  RETURNING id
), events AS (
  INSERT INTO case_events (case_id, kind, from_status, to_status, actor_id, actor_name, details)
  SELECT jj.case_id, CASE WHEN jj.previous_mediator_id IS NULL THEN 'assigned' ELSE 'reassigned' END, 'pending', 'assigned',
         CAST(:actor_id AS int), CAST(:actor_name AS text),
         jsonb_build_object('mediator_id', jj.mediator_id, 'mediator_name', jj.mediator_name, 'previous_mediator_id', jj.previous_mediator_id,
                            'mode', 'batch', 'reason', NULL, 'tier', jj.tier, 'distance_m', jj.distance_m)
  FROM jj
  ORDER BY jj.case_id
  RETURNING id
)
SELECT coalesce((SELECT array_agg(u.id) FROM upd u), '{}') AS updated,
       (SELECT count(*) FROM closed)::int AS closed,
       (SELECT count(*) FROM assigned)::int AS assignments,
       (SELECT count(*) FROM events)::int AS events
