-- registry-insert-service-areas: many service areas at once (import commit, or one mediator's areas).
-- Parameters: :rows jsonb text, an array of objects: mediator_id, level (grid|village|township|district),
--   code, township_code, village_code (as services/registry/areas.ts resolves them).
-- Output: none. Duplicates of (mediator_id, level, code) are skipped.
INSERT INTO mediator_service_areas (mediator_id, level, code, township_code, village_code)
SELECT r.mediator_id, r.level, r.code, r.township_code, r.village_code
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(mediator_id int, level text, code text, township_code text, village_code text)
ON CONFLICT DO NOTHING;
