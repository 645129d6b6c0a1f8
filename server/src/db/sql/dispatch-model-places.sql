-- dispatch-model-places: the names the dispatch model answers with (services/dispatch/model.ts).
-- Parameters: none.
-- Output: one row: villages (json {code: display_name}), village_townships (json {code: township_code}), townships (json {code: {name, tribunal_id}}),
--   tribunals (json {id: name}).
SELECT
  (SELECT coalesce(json_object_agg(v.code, v.display_name), '{}'::json) FROM villages v) AS villages,
  (SELECT coalesce(json_object_agg(v.code, v.township_code), '{}'::json) FROM villages v) AS village_townships,
  (SELECT coalesce(json_object_agg(t.code, json_build_object('name', t.name, 'tribunal_id', t.tribunal_id)), '{}'::json) FROM townships t) AS townships,
  (SELECT coalesce(json_object_agg(tr.id, tr.name), '{}'::json) FROM tribunals tr) AS tribunals;
