-- ogc-source-tribunals: the `tribunals` collection: each people's tribunal's catchment (法庭辖区), the
-- union of the townships whose tribunal_id is it (tribunals without a township have no catchment and
-- are left out). For ogc-items.sql (its {{source}}).
-- Parameters: none. SRID 4326. Output columns: fid (id), geom (MultiPolygon), t (NULL), id (property
--   filter), props (json: id, name, name_is_real, is_demo, township_codes (text[]), township_count).
SELECT tr.id AS fid, c.geom, NULL::timestamptz AS t, tr.id,
       json_build_object('id', tr.id, 'name', tr.name, 'name_is_real', tr.name_is_real, 'is_demo', tr.is_demo,
                         'township_codes', c.codes, 'township_count', cardinality(c.codes)) AS props
FROM tribunals tr
JOIN (
  SELECT t.tribunal_id, ST_Multi(ST_Union(t.geom)) AS geom, array_agg(t.code ORDER BY t.code) AS codes
  FROM townships t
  WHERE t.tribunal_id IS NOT NULL
  GROUP BY t.tribunal_id
) c ON c.tribunal_id = tr.id
