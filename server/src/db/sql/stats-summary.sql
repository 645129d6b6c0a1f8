-- stats-summary: the key figures and breakdowns for the dashboard's charts.
-- Parameters: :from, :to (timestamptz ISO text, required; `to` exclusive), :type (dispute type or NULL)
-- Months are calendar months in Asia/Shanghai (the court's time zone).
-- settled_share = settled / (settled + failed + filed) among cases created in the period: the share
--   of mediations that ended in agreement; withdrawn cases are left out; NULL when none ended.
-- settled_on_spot: grid reports resolved where they were found (就地化解, cases.resolved_on_spot),
--   part of `settled`.
-- by_source: cases per source (案件来源, contract/vocab.ts CASE_SOURCES), each with how many settled.
-- villages_uncovered: villages with no ACTIVE mediator whose service area is the village or one of
--   its grids (the same rule as areas-village.sql).
-- Output: one row, column doc (json).
WITH p AS (
  SELECT * FROM cases
  WHERE created_at >= CAST(:from AS timestamptz) AND created_at < CAST(:to AS timestamptz)
    AND (CAST(:type AS text) IS NULL OR dispute_type = CAST(:type AS text))
), totals AS (
  SELECT count(*) AS cases,
         count(*) FILTER (WHERE status = 'settled') AS settled,
         count(*) FILTER (WHERE status = 'failed') AS failed,
         count(*) FILTER (WHERE status = 'filed') AS filed,
         count(*) FILTER (WHERE status = 'withdrawn') AS withdrawn,
         count(*) FILTER (WHERE status = 'settled' AND resolved_on_spot) AS settled_on_spot
  FROM p
), covered AS (
  SELECT DISTINCT sa.village_code
  FROM mediator_service_areas sa JOIN mediators md ON md.id = sa.mediator_id AND md.status = 'active'
  WHERE sa.level IN ('village', 'grid')
), months AS (
  SELECT to_char(m, 'YYYY-MM') AS month
  FROM generate_series(
    date_trunc('month', CAST(:from AS timestamptz) AT TIME ZONE 'Asia/Shanghai'),
    date_trunc('month', (CAST(:to AS timestamptz) - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai'),
    interval '1 month') AS m
)
SELECT json_build_object(
  'totals', json_build_object(
    'cases', t.cases, 'settled', t.settled, 'failed', t.failed, 'filed', t.filed, 'withdrawn', t.withdrawn, 'settled_on_spot', t.settled_on_spot,
    'open_cases', (SELECT count(*) FROM cases
                   WHERE status IN ('pending', 'assigned', 'mediating')
                     AND (CAST(:type AS text) IS NULL OR dispute_type = CAST(:type AS text))),
    'settled_share', CASE WHEN t.settled + t.failed + t.filed = 0 THEN NULL
                          ELSE round(t.settled::numeric / (t.settled + t.failed + t.filed), 4) END,
    'mediators_active', (SELECT count(*) FROM mediators WHERE status = 'active'),
    'villages_total', (SELECT count(*) FROM villages),
    'villages_uncovered', (SELECT count(*) FROM villages v WHERE v.code NOT IN (SELECT village_code FROM covered)),
    'population', (SELECT coalesce(sum(population_est), 0) FROM townships)),
  'by_type', (SELECT coalesce(json_agg(json_build_object('type', dispute_type, 'count', n) ORDER BY n DESC, dispute_type), '[]'::json)
              FROM (SELECT dispute_type, count(*) AS n FROM p GROUP BY dispute_type) x),
  'by_status', (SELECT coalesce(json_agg(json_build_object('status', status, 'count', n) ORDER BY status), '[]'::json)
                FROM (SELECT status, count(*) AS n FROM p GROUP BY status) x),
  'by_source', (SELECT coalesce(json_agg(json_build_object('source', source, 'count', n, 'settled', settled) ORDER BY n DESC, source), '[]'::json)
                FROM (SELECT source, count(*) AS n, count(*) FILTER (WHERE status = 'settled') AS settled FROM p GROUP BY source) x),
  'by_township', (SELECT coalesce(json_agg(json_build_object('code', tw.code, 'name', tw.name, 'count', coalesce(x.n, 0)) ORDER BY coalesce(x.n, 0) DESC, tw.code), '[]'::json)
                  FROM townships tw LEFT JOIN (SELECT township_code, count(*) AS n FROM p GROUP BY township_code) x ON x.township_code = tw.code),
  'by_month', (SELECT coalesce(json_agg(json_build_object('month', ms.month, 'count', coalesce(x.n, 0)) ORDER BY ms.month), '[]'::json)
               FROM months ms LEFT JOIN (SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*) AS n
                                         FROM p GROUP BY 1) x ON x.month = ms.month)
) AS doc
FROM totals t;
