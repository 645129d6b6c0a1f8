-- assessment-untrained: per township, the active mediators (village committee members are the
-- registry's 村(社区)干部, kind village_cadre) with no training attended in a calendar year.
-- Parameters: :year_from, :year_to (dates, both included: the year, or up to the period's last day),
--   :township (12-digit code or NULL for all).
-- A mediator's township (and village): shihe_mediator_township(id) of migration 20261201_33, the one rule
--   the 在岗调解员 list uses too; district-wide mediators are listed under township NULL (区级).
-- Output: one row per township (and NULL), ordered by code: code, name, active, cadres_active,
--   untrained, cadres_untrained, people (json array of the untrained: id, name, kind, village, organisation).
WITH trained AS (
  SELECT DISTINCT a.mediator_id
  FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
  WHERE a.mediator_id IS NOT NULL AND s.held_on >= CAST(:year_from AS date) AND s.held_on <= CAST(:year_to AS date)
), home AS (
  SELECT m.id, m.name, m.kind, o.name AS organisation, mt.township_code, mt.township_name, mt.village_code,
         tr.mediator_id IS NOT NULL AS trained
  FROM mediators m
  CROSS JOIN LATERAL shihe_mediator_township(m.id) mt
  LEFT JOIN organisations o ON o.id = m.organisation_id
  LEFT JOIN trained tr ON tr.mediator_id = m.id
  WHERE m.status = 'active'
)
SELECT h.township_code AS code, h.township_name AS name,
       count(*)::int AS active,
       count(*) FILTER (WHERE h.kind = 'village_cadre')::int AS cadres_active,
       count(*) FILTER (WHERE NOT h.trained)::int AS untrained,
       count(*) FILTER (WHERE NOT h.trained AND h.kind = 'village_cadre')::int AS cadres_untrained,
       coalesce(json_agg(json_build_object('id', h.id, 'name', h.name, 'kind', h.kind, 'village', v.display_name, 'organisation', h.organisation)
                ORDER BY h.kind <> 'village_cadre', h.id) FILTER (WHERE NOT h.trained), '[]'::json) AS people
FROM home h
LEFT JOIN villages v ON v.code = h.village_code
WHERE CAST(:township AS text) IS NULL OR h.township_code = CAST(:township AS text)
GROUP BY h.township_code, h.township_name
ORDER BY h.township_code NULLS LAST;
