-- assessment-compliance: legal publicity in schools per quarter (the plan: every school at least once a
-- quarter) and in enterprises above designated size in the quarter's year up to the quarter's end.
-- Parameters: :quarter_from, :quarter_to (timestamptz ISO text, `to` exclusive: a calendar quarter in
--   Asia/Shanghai, so an event at 23:59 Beijing time on the quarter's last day counts for it),
--   :year_from (start of that year).
-- Output: one row per school and per above-size enterprise: unit ('school' | 'enterprise'), id, name,
--   kind, township_code, township_name, events (count in the window), last_event (ISO text or NULL),
--   lng, lat. Ordered: schools first, those without events first, then by township and id.
SELECT * FROM (
SELECT 'school' AS unit, s.id, s.name, s.kind, s.township_code, tw.name AS township_name, s.is_demo,
       count(e.id)::int AS events, max(e.held_at) AS last_event,
       ST_X(s.location) AS lng, ST_Y(s.location) AS lat
FROM schools s
LEFT JOIN townships tw ON tw.code = s.township_code
LEFT JOIN publicity_events e ON e.school_id = s.id
  AND e.held_at >= CAST(:quarter_from AS timestamptz) AND e.held_at < CAST(:quarter_to AS timestamptz)
GROUP BY s.id, tw.name
UNION ALL
SELECT 'enterprise', en.id, en.name, en.industry, en.township_code, tw.name, en.is_demo,
       count(e.id)::int, max(e.held_at), ST_X(en.location), ST_Y(en.location)
FROM enterprises en
LEFT JOIN townships tw ON tw.code = en.township_code
LEFT JOIN publicity_events e ON e.enterprise_id = en.id
  AND e.held_at >= CAST(:year_from AS timestamptz) AND e.held_at < CAST(:quarter_to AS timestamptz)
WHERE en.above_size
GROUP BY en.id, tw.name
) x
ORDER BY unit DESC, events > 0, township_code, id;
