-- assessment-trend: cases registered per calendar month (Asia/Shanghai) in a period, with their outcome
-- (current status), for the district or one unit.
-- Parameters: :from, :to (timestamptz ISO text, required; `to` exclusive), :type (dispute type or NULL),
--   :id (the unit key as text, or NULL for the whole district).
-- Slots: {{key}} / {{join}} as in assessment-performance.sql (code constants only).
-- Output: one row per month of the period (months without cases give zeros), success_rate as there.
WITH p AS (
  SELECT to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, c.status
  FROM cases c {{join}}
  WHERE c.created_at >= CAST(:from AS timestamptz) AND c.created_at < CAST(:to AS timestamptz)
    AND (CAST(:type AS text) IS NULL OR c.dispute_type = CAST(:type AS text))
    AND (CAST(:id AS text) IS NULL OR CAST({{key}} AS text) = CAST(:id AS text))
), months AS (
  SELECT to_char(m, 'YYYY-MM') AS month
  FROM generate_series(
    date_trunc('month', CAST(:from AS timestamptz) AT TIME ZONE 'Asia/Shanghai'),
    date_trunc('month', (CAST(:to AS timestamptz) - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai'),
    interval '1 month') AS m
), agg AS (
  SELECT month, count(*) AS received,
         count(*) FILTER (WHERE status = 'settled') AS settled,
         count(*) FILTER (WHERE status = 'failed') AS failed,
         count(*) FILTER (WHERE status = 'filed') AS filed
  FROM p GROUP BY month
)
SELECT ms.month, coalesce(a.received, 0)::int AS received, coalesce(a.settled, 0)::int AS settled,
       coalesce(a.failed, 0)::int AS failed, coalesce(a.filed, 0)::int AS filed,
       CASE WHEN coalesce(a.settled + a.failed + a.filed, 0) = 0 THEN NULL
            ELSE round(a.settled::numeric / (a.settled + a.failed + a.filed), 4)::float8 END AS success_rate
FROM months ms LEFT JOIN agg a ON a.month = ms.month
ORDER BY ms.month;
