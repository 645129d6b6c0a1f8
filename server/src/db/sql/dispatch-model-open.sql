-- dispatch-model-open: open cases (pending, assigned, mediating) per mediator, for the dispatch model,
-- and the statement's snapshot (pg_current_snapshot), so a change this process committed is applied to
-- the counts only when this snapshot did not see it (services/dispatch/model.ts applyOpen).
-- Parameters: none. Output: one row per mediator with open cases: mediator_id, n, snap; and one row
--   with mediator_id NULL (the snapshot even when no case is open).
WITH s AS (SELECT pg_current_snapshot()::text AS snap)
SELECT c.mediator_id, count(*)::int AS n, (SELECT snap FROM s) AS snap
FROM cases c
WHERE c.mediator_id IS NOT NULL AND c.status IN ('pending', 'assigned', 'mediating')
GROUP BY c.mediator_id
UNION ALL
SELECT NULL, 0, snap FROM s;
