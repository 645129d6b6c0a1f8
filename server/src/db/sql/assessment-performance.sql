-- assessment-performance: performance figures per unit (mediator, organisation, township, village,
-- tribunal or judge) for cases registered in a period. Definitions: contract/assessment.ts DEFINITIONS.
-- Parameters: :from, :to (timestamptz ISO text, required; `to` exclusive), :type (dispute type or NULL),
--   :days (pre-litigation days: the deadline of an assigned case without one), :asof (timestamptz:
--   the earlier of now and `to`; "overdue" is judged at this moment).
-- Slots (code constants of services/assessment/performance.ts, never from a request):
--   {{key}} the unit key of a case, {{join}} joins it needs; {{gkey}}/{{gjoin}} the same for a guidance
--   request (alias gr, its case c); {{units}} SELECT k, name, parent_name, population, listed — every unit
--   of the dimension (listed: shown even without any case).
-- success_rate = settled / (settled + failed + filed), NULL when that is 0; median_days over settled,
--   failed and filed cases (created_at → closed_at); filed_per_10k = filed × 10000 / population (NULL
--   when the population is unknown or 0).
-- Deadline and overdue: the SQL functions shihe_case_deadline and shihe_overdue_by (migration 20261201_29).
-- Output: one row per unit, counts as int, rates as float8 (rounded), ordered by received desc, name.
WITH p AS (
  SELECT {{key}} AS k, c.status, c.source, c.created_at, c.assigned_at, c.closed_at,
         shihe_case_deadline(c.extended_until, c.deadline_at, c.assigned_at, CAST(:days AS int)) AS deadline
  FROM cases c {{join}}
  WHERE c.created_at >= CAST(:from AS timestamptz) AND c.created_at < CAST(:to AS timestamptz)
    AND (CAST(:type AS text) IS NULL OR c.dispute_type = CAST(:type AS text))
), agg AS (
  SELECT k,
         count(*) AS received,
         count(*) FILTER (WHERE assigned_at IS NOT NULL) AS assigned,
         count(*) FILTER (WHERE status = 'settled') AS settled,
         count(*) FILTER (WHERE status = 'failed') AS failed,
         count(*) FILTER (WHERE status = 'filed') AS filed,
         count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
         count(*) FILTER (WHERE status IN ('pending', 'assigned', 'mediating')) AS open,
         count(*) FILTER (WHERE shihe_overdue_by(deadline, closed_at, CAST(:asof AS timestamptz))) AS overdue,
         count(*) FILTER (WHERE source = 'court_delegated') AS court_delegated,
         count(*) FILTER (WHERE source = 'self_reported') AS self_reported,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at) / 86400)
           FILTER (WHERE status IN ('settled', 'failed', 'filed') AND closed_at IS NOT NULL) AS median_days
  FROM p WHERE k IS NOT NULL GROUP BY k
), g AS (
  SELECT {{gkey}} AS k, count(*) AS requested,
         count(*) FILTER (WHERE gr.held_at IS NOT NULL AND gr.held_at < CAST(:to AS timestamptz)) AS held
  FROM guidance_requests gr JOIN cases c ON c.id = gr.case_id {{gjoin}}
  WHERE gr.requested_at >= CAST(:from AS timestamptz) AND gr.requested_at < CAST(:to AS timestamptz)
    AND (CAST(:type AS text) IS NULL OR c.dispute_type = CAST(:type AS text))
  GROUP BY 1
), u AS ({{units}})
SELECT CAST(u.k AS text) AS key, u.name, u.parent_name, CAST(u.population AS int) AS population,
       coalesce(a.received, 0)::int AS received, coalesce(a.assigned, 0)::int AS assigned,
       coalesce(a.settled, 0)::int AS settled, coalesce(a.failed, 0)::int AS failed, coalesce(a.filed, 0)::int AS filed,
       coalesce(a.withdrawn, 0)::int AS withdrawn, coalesce(a.open, 0)::int AS open,
       CASE WHEN coalesce(a.settled + a.failed + a.filed, 0) = 0 THEN NULL
            ELSE round(a.settled::numeric / (a.settled + a.failed + a.filed), 4)::float8 END AS success_rate,
       round(a.median_days::numeric, 1)::float8 AS median_days,
       coalesce(a.overdue, 0)::int AS overdue,
       coalesce(a.court_delegated, 0)::int AS court_delegated, coalesce(a.self_reported, 0)::int AS self_reported,
       coalesce(g.requested, 0)::int AS guidance_requested, coalesce(g.held, 0)::int AS guidance_held,
       CASE WHEN coalesce(u.population, 0) = 0 THEN NULL
            ELSE round(coalesce(a.filed, 0) * 10000.0 / u.population, 2)::float8 END AS filed_per_10k
FROM u LEFT JOIN agg a ON a.k = u.k LEFT JOIN g ON g.k = u.k
WHERE u.listed OR a.k IS NOT NULL OR g.k IS NOT NULL
ORDER BY coalesce(a.received, 0) DESC, u.name, CAST(u.k AS text);
