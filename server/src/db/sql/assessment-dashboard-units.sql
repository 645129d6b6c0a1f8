-- assessment-dashboard-units: the registry, training, publicity and guidance figures of the dashboard
-- (the case figures: assessment-dashboard.sql; uncovered villages: services/coverage, cached, or
-- assessment-dashboard-uncovered.sql). Same parameters, of which it uses:
--   :from, :to (timestamptz; publicity events held and guidance requested in the period)
--   :from_day, :to_day (dates, both included: training sessions of the period)
--   :year_day (date: 1 January of the period's last day; "trained this year" = a session in [:year_day, :to_day])
--   :year_from (timestamptz, the same day: enterprises' publicity this year)
--   :quarter_from, :quarter_to (timestamptz: the quarter of the period's last day, cut at :to)
-- Output: one row, column doc (json): figures, by_publicity_kind.
WITH trained AS (
  SELECT DISTINCT a.mediator_id
  FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
  WHERE a.mediator_id IS NOT NULL AND s.held_on >= CAST(:year_day AS date) AND s.held_on <= CAST(:to_day AS date)
), trained_active AS (
  SELECT count(*) AS n, count(*) FILTER (WHERE m.kind = 'village_cadre') AS cadres
  FROM trained tr JOIN mediators m ON m.id = tr.mediator_id AND m.status = 'active'
), training AS (
  SELECT count(*) AS mediators_active, count(*) FILTER (WHERE m.kind = 'village_cadre') AS cadres_active,
         (SELECT n FROM trained_active) AS mediators_trained, (SELECT cadres FROM trained_active) AS cadres_trained
  FROM mediators m WHERE m.status = 'active'
), sessions AS (
  SELECT count(DISTINCT s.id) AS sessions, count(a.id) AS attendance
  FROM training_sessions s LEFT JOIN training_attendance a ON a.session_id = s.id
  WHERE s.held_on >= CAST(:from_day AS date) AND s.held_on <= CAST(:to_day AS date)
), events AS (
  SELECT kind, count(*) AS n, coalesce(sum(audience), 0) AS audience
  FROM publicity_events
  WHERE held_at >= CAST(:from AS timestamptz) AND held_at < CAST(:to AS timestamptz)
  GROUP BY kind
), guidance AS (
  SELECT count(*) AS requested, count(*) FILTER (WHERE gr.held_at IS NOT NULL AND gr.held_at < CAST(:to AS timestamptz)) AS held
  FROM guidance_requests gr
  WHERE gr.requested_at >= CAST(:from AS timestamptz) AND gr.requested_at < CAST(:to AS timestamptz)
)
SELECT json_build_object(
  'figures', json_build_object(
    'villages_total', (SELECT count(*) FROM villages),
    'mediators_active', tr.mediators_active, 'mediators_trained', tr.mediators_trained,
    'training_share', CASE WHEN tr.mediators_active = 0 THEN NULL ELSE round(tr.mediators_trained::numeric / tr.mediators_active, 4) END,
    'cadres_active', tr.cadres_active, 'cadres_trained', tr.cadres_trained,
    'training_sessions', ss.sessions, 'training_attendance', ss.attendance,
    'schools_total', (SELECT count(*) FROM schools),
    'schools_with_event', (SELECT count(DISTINCT school_id) FROM publicity_events
                           WHERE school_id IS NOT NULL AND held_at >= CAST(:quarter_from AS timestamptz) AND held_at < CAST(:quarter_to AS timestamptz)),
    'enterprises_above_size', (SELECT count(*) FROM enterprises WHERE above_size),
    'enterprises_with_event', (SELECT count(DISTINCT e.id) FROM enterprises e JOIN publicity_events pe ON pe.enterprise_id = e.id
                               WHERE e.above_size AND pe.held_at >= CAST(:year_from AS timestamptz) AND pe.held_at < CAST(:to AS timestamptz)),
    'publicity_events', (SELECT coalesce(sum(n), 0) FROM events),
    'publicity_audience', (SELECT coalesce(sum(audience), 0) FROM events),
    'guidance_requested', gd.requested, 'guidance_held', gd.held),
  'by_publicity_kind', (SELECT coalesce(json_agg(json_build_object('kind', kind, 'count', n, 'audience', audience) ORDER BY kind), '[]'::json) FROM events)
) AS doc
FROM training tr CROSS JOIN sessions ss CROSS JOIN guidance gd;
