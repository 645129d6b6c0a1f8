// A mediator's township, defined once in SQL (issue 17 §4; modelled on shihe_case_deadline of migration 29
// and shihe_locate of migration 21). Every query that places a mediator in a township calls it:
// db/sql/assessment-untrained.sql (the untrained per township) and the 在岗调解员 list of the dashboard
// (services/assessment/dashboard.ts, and so its Excel export).
//   shihe_mediator_township(mediator) → one row (none for an unknown id): township_code, township_name,
//     village_code. The township is that of the mediator's first service area below district level (by
//     level, then code), else their organisation's; a district-wide mediator without either has township
//     NULL, named 区级（未划乡镇）. village_code is that first service area's village (NULL if none).
// LANGUAGE sql, STABLE, one SELECT returning a table: PostgreSQL inlines it into a calling
// `CROSS JOIN LATERAL shihe_mediator_township(m.id)`, so it costs nothing over the written-out joins.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION shihe_mediator_township(mediator int)
    RETURNS TABLE (township_code text, township_name text, village_code text)
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      SELECT h.code::text, coalesce(tw.name, '区级（未划乡镇）')::text, h.village::text
      FROM (
        SELECT coalesce(sa.township_code, o.township_code) AS code, sa.village_code AS village
        FROM mediators m
        LEFT JOIN organisations o ON o.id = m.organisation_id
        LEFT JOIN LATERAL (SELECT s.township_code, s.village_code FROM mediator_service_areas s
                           WHERE s.mediator_id = m.id AND s.level <> 'district' ORDER BY s.level, s.code LIMIT 1) sa ON TRUE
        WHERE m.id = mediator
      ) h
      LEFT JOIN townships tw ON tw.code = h.code
    $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS shihe_mediator_township(int)');
}
