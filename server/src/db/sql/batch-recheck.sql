-- batch-recheck: what the database says, inside the backlog batch's transaction and after its mediators
-- and its cases are locked (services/dispatch/batch.ts), about the mediators it assigns to and the cases it assigns —
-- the facts the batch took from the read model, checked in ONE statement (a new snapshot: a concurrent
-- assignment to a locked mediator has committed or waits). The batch leaves pending any case whose
-- facts changed.
-- Parameters: :mediator_ids, :case_ids text, Postgres int[] literals.
-- Output: one row per mediator (kind 'm': id, status, capacity, open = its open cases) and per case
--   (kind 'c': id, status, version, unnumbered = it has no case number yet), each row also with the change counters of the units and the
--   mediators (the registry: service areas, qualification, locations), as model.ts readVersions reads them.
WITH v AS (
  SELECT (SELECT last_value || '/' || is_called FROM coverage_units_seq) AS units,
         (SELECT last_value || '/' || is_called FROM coverage_mediators_seq) AS mediators_v
)
SELECT 'm' AS kind, m.id, m.status, m.capacity,
       (SELECT count(*) FROM cases c WHERE c.mediator_id = m.id AND c.status IN ('pending', 'assigned', 'mediating'))::int AS open,
       NULL::int AS version, NULL::boolean AS unnumbered, v.units, v.mediators_v
FROM mediators m CROSS JOIN v
WHERE m.id = ANY (CAST(:mediator_ids AS int[]))
UNION ALL
SELECT 'c', c.id, c.status, NULL, NULL, c.version, c.case_number IS NULL, v.units, v.mediators_v
FROM cases c CROSS JOIN v
WHERE c.id = ANY (CAST(:case_ids AS int[]))
UNION ALL
-- the counters even when there is nothing to check
SELECT 'v', 0, NULL, NULL, NULL, NULL, NULL, v.units, v.mediators_v FROM v
