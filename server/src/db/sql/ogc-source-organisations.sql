-- ogc-source-organisations: the `organisations` collection (调解组织) for ogc-items.sql (its {{source}}).
-- The contact phone leaves the database as stored; services/ogc/items.ts masks it by role with the
-- registry's own rule (services/registry/common.ts phoneFor), as GET /api/organisations does.
-- Parameters: none. SRID 4326. Output columns: fid (id), geom (Point or NULL), t (NULL), id, kind,
--   status, township_code, village_code, tribunal_id (property filters), props (json).
SELECT o.id AS fid, o.location AS geom, NULL::timestamptz AS t, o.id, o.kind, o.status, o.township_code,
       o.village_code, o.tribunal_id,
       json_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'industry', o.industry, 'status', o.status,
                         'township_code', o.township_code, 'village_code', o.village_code, 'address', o.address,
                         'contact_name', o.contact_name, 'contact_phone', o.contact_phone,
                         'tribunal_id', o.tribunal_id, 'is_demo', o.is_demo) AS props
FROM organisations o
