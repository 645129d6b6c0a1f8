-- coverage-cases: cases per unit in a period, for the coverage list (case_count) and the cases objective.
-- Slot {{column}}: village_code or grid_code (from code constants, never from a request).
-- Parameters: :from, :to (timestamptz ISO text or NULL; `to` exclusive), :type (dispute type or NULL)
-- Output: one row, column c (text): "code:n;code:n;…" (one value parses far faster than 200,000 rows).
SELECT coalesce(string_agg(code || ':' || n, ';'), '') AS c
FROM (
  SELECT {{column}} AS code, count(*) AS n
  FROM cases
  WHERE (CAST(:from AS timestamptz) IS NULL OR created_at >= CAST(:from AS timestamptz))
    AND (CAST(:to AS timestamptz) IS NULL OR created_at < CAST(:to AS timestamptz))
    AND (CAST(:type AS text) IS NULL OR dispute_type = CAST(:type AS text))
    AND {{column}} IS NOT NULL
  GROUP BY {{column}}
) s;
