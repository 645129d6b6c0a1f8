// The deadline and overdue rules, defined once in SQL (issue 17, one definition per figure; modelled on
// shihe_locate of migration 21). Every query that needs a case's deadline calls these: the fragments of
// server/src/services/figures.ts (当前超期未结, 即将到期, the case lists, supervision, notifications) and
// db/sql/assessment-dashboard.sql and assessment-performance.sql (期内登记曾超期). The figures' names and
// definitions stay in server/src/contract/figures.ts.
//   shihe_case_deadline(extended_until, deadline_at, assigned_at, days) → the deadline in force: extended,
//     else set at assignment, else (cases loaded without one) assignment + `days` (PRE_LITIGATION_DAYS);
//     NULL for a case never assigned.
//   shihe_overdue_by(deadline, closed_at, asof) → past its deadline at `asof` and not closed by the deadline
//     (a case closed late still counts).
// LANGUAGE sql, one expression, not STRICT: PostgreSQL inlines both into the calling query, so they cost
// nothing over the written-out expression. STABLE, not IMMUTABLE: timestamptz + days depends on TimeZone.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION shihe_case_deadline(extended_until timestamptz, deadline_at timestamptz, assigned_at timestamptz, days int)
    RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      SELECT coalesce(extended_until, deadline_at, assigned_at + make_interval(days => days))
    $fn$`);
  await knex.raw(`
    CREATE FUNCTION shihe_overdue_by(deadline timestamptz, closed_at timestamptz, asof timestamptz)
    RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT deadline < asof AND (closed_at IS NULL OR closed_at > deadline)
    $fn$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS shihe_overdue_by(timestamptz, timestamptz, timestamptz)');
  await knex.raw('DROP FUNCTION IF EXISTS shihe_case_deadline(timestamptz, timestamptz, timestamptz, int)');
}
