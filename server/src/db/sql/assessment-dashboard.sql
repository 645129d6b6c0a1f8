-- assessment-dashboard: the case figures of the leadership dashboard in one round trip (the registry,
-- training and publicity figures: assessment-dashboard-units.sql, run beside it).
-- Parameters (timestamptz ISO text unless said; every `…_to` exclusive):
--   :from, :to           the period (cases registered in it)
--   :month_from          start of the calendar month of the period's last day (Asia/Shanghai)
--   :year_from           start of its calendar year
--   :type                dispute type or NULL; :days pre-litigation days; :asof the earlier of now and :to
-- Definitions: contract/assessment.ts DEFINITIONS and contract/figures.ts (overdue = 期内登记曾超期; the
-- deadline and overdue rules are the SQL functions shihe_case_deadline and shihe_overdue_by of migration
-- 20261201_29, which services/figures.ts deadlineSql calls too; 当前超期未结, not bound to the period, is counted there). The cases are read once (g0: a small aggregate,
-- township × month × type × source × status; the statistics object cases_month_shanghai of migration 11
-- lets the planner aggregate it in parallel), then grouped by GROUPING SETS. The month and the year of
-- the period's end both lie within [least(from, year_from), to).
-- Output: one row, column doc (json): figures (case counts), by_month, by_township, by_type, by_source.
WITH g0 AS (
  SELECT c.township_code, date_trunc('month', c.created_at AT TIME ZONE 'Asia/Shanghai') AS month,
         c.dispute_type, c.source, c.status, (c.created_at >= CAST(:from AS timestamptz)) AS in_period,
         count(*) AS n,
         count(*) FILTER (WHERE shihe_overdue_by(shihe_case_deadline(c.extended_until, c.deadline_at, c.assigned_at, CAST(:days AS int)),
                                                 c.closed_at, CAST(:asof AS timestamptz))) AS overdue
  FROM cases c
  WHERE c.created_at >= least(CAST(:from AS timestamptz), CAST(:year_from AS timestamptz)) AND c.created_at < CAST(:to AS timestamptz)
    AND (CAST(:type AS text) IS NULL OR c.dispute_type = CAST(:type AS text))
  GROUP BY 1, 2, 3, 4, 5, 6
), g AS (
  SELECT GROUPING(township_code) AS g_t, GROUPING(month) AS g_m, GROUPING(dispute_type) AS g_d, GROUPING(source) AS g_s,
         township_code, month, dispute_type, source,
         sum(n) AS n,
         sum(n) FILTER (WHERE status = 'settled') AS settled,
         sum(n) FILTER (WHERE status = 'failed') AS failed,
         sum(n) FILTER (WHERE status = 'filed') AS filed,
         sum(n) FILTER (WHERE status = 'withdrawn') AS withdrawn,
         sum(n) FILTER (WHERE status IN ('pending', 'assigned', 'mediating')) AS open,
         sum(n) FILTER (WHERE source = 'court_delegated') AS diverted,
         sum(n) FILTER (WHERE source = 'court_delegated' AND status = 'settled') AS diverted_settled,
         sum(overdue) AS overdue
  FROM g0 WHERE in_period
  GROUP BY GROUPING SETS ((), (township_code), (month), (dispute_type), (source))
), t AS (
  SELECT * FROM g WHERE g_t = 1 AND g_m = 1 AND g_d = 1 AND g_s = 1
), months AS (
  SELECT m AS month
  FROM generate_series(
    date_trunc('month', CAST(:from AS timestamptz) AT TIME ZONE 'Asia/Shanghai'),
    date_trunc('month', (CAST(:to AS timestamptz) - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai'),
    interval '1 month') AS m
)
SELECT json_build_object(
  'figures', json_build_object(
    'cases_period', coalesce(t.n, 0),
    'cases_month', (SELECT coalesce(sum(n), 0) FROM g0 WHERE month = date_trunc('month', CAST(:month_from AS timestamptz) AT TIME ZONE 'Asia/Shanghai')),
    'cases_year', (SELECT coalesce(sum(n), 0) FROM g0 WHERE month >= date_trunc('month', CAST(:year_from AS timestamptz) AT TIME ZONE 'Asia/Shanghai')),
    'settled', coalesce(t.settled, 0), 'failed', coalesce(t.failed, 0), 'filed', coalesce(t.filed, 0),
    'withdrawn', coalesce(t.withdrawn, 0), 'open', coalesce(t.open, 0),
    'success_rate', CASE WHEN coalesce(t.settled + t.failed + t.filed, 0) = 0 THEN NULL
                         ELSE round(t.settled::numeric / (t.settled + t.failed + t.filed), 4) END,
    'diverted', coalesce(t.diverted, 0), 'diverted_settled', coalesce(t.diverted_settled, 0),
    'diverted_share', CASE WHEN coalesce(t.n, 0) = 0 THEN NULL ELSE round(t.diverted::numeric / t.n, 4) END,
    'overdue', coalesce(t.overdue, 0),
    'population', (SELECT coalesce(sum(population_est), 0) FROM townships),
    'filed_per_10k', (SELECT CASE WHEN coalesce(sum(population_est), 0) = 0 THEN NULL
                                  ELSE round(coalesce(t.filed, 0) * 10000.0 / sum(population_est), 2) END FROM townships)),
  'by_month', (SELECT coalesce(json_agg(json_build_object(
                   'month', to_char(ms.month, 'YYYY-MM'), 'received', coalesce(x.n, 0), 'settled', coalesce(x.settled, 0),
                   'failed', coalesce(x.failed, 0), 'filed', coalesce(x.filed, 0),
                   'success_rate', CASE WHEN coalesce(x.settled + x.failed + x.filed, 0) = 0 THEN NULL
                                        ELSE round(x.settled::numeric / (x.settled + x.failed + x.filed), 4) END) ORDER BY ms.month), '[]'::json)
               FROM months ms LEFT JOIN g x ON x.g_m = 0 AND x.month = ms.month),
  'by_township', (SELECT coalesce(json_agg(json_build_object(
                      'code', tw.code, 'name', tw.name, 'received', coalesce(x.n, 0), 'settled', coalesce(x.settled, 0), 'filed', coalesce(x.filed, 0),
                      'success_rate', CASE WHEN coalesce(x.settled + x.failed + x.filed, 0) = 0 THEN NULL
                                           ELSE round(x.settled::numeric / (x.settled + x.failed + x.filed), 4) END,
                      'filed_per_10k', CASE WHEN coalesce(tw.population_est, 0) = 0 THEN NULL
                                            ELSE round(coalesce(x.filed, 0) * 10000.0 / tw.population_est, 2) END)
                    ORDER BY coalesce(x.n, 0) DESC, tw.code), '[]'::json)
                  FROM townships tw LEFT JOIN g x ON x.g_t = 0 AND x.township_code = tw.code),
  'by_type', (SELECT coalesce(json_agg(json_build_object('type', x.dispute_type, 'count', x.n) ORDER BY x.n DESC, x.dispute_type), '[]'::json)
              FROM g x WHERE x.g_d = 0),
  'by_source', (SELECT coalesce(json_agg(json_build_object('source', x.source, 'count', x.n) ORDER BY x.source), '[]'::json)
                FROM g x WHERE x.g_s = 0)
) AS doc
FROM (SELECT 1) one LEFT JOIN t ON TRUE;
