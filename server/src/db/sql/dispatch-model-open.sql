-- dispatch-model-open: open cases (pending, assigned, mediating) per mediator, for the dispatch model.
-- Parameters: none. Output: one row per mediator with open cases: mediator_id, n.
SELECT c.mediator_id, count(*)::int AS n
FROM cases c
WHERE c.mediator_id IS NOT NULL AND c.status IN ('pending', 'assigned', 'mediating')
GROUP BY c.mediator_id;
