// Drops cases_open_deadline (migration 07), an index no query uses: every update of a case into assigned
// or mediating (each case of the backlog batch) inserts into it for nothing.
// Its key is coalesce(extended_until, deadline_at); since migration 29 every query that reads a deadline
// calls shihe_case_deadline(extended_until, deadline_at, assigned_at, days), which PostgreSQL inlines as
// the THREE-argument coalesce(extended_until, deadline_at, assigned_at + …) — not the index's expression
// (and, STABLE, it cannot be indexed itself). Evidence, district data (12,035 cases), PostgreSQL 15, EXPLAIN
// with the index present: the deadline job (notifications/deadlines.ts), 当前超期未结 and 即将到期
// (figures.ts overdueNowSql, nearDeadlineSql), the case list filtered on assigned + mediating and its
// count all scan cases_status_index for `status IN ('assigned', 'mediating')`, never cases_open_deadline;
// `grep -ri "coalesce(extended_until, deadline_at)"` finds no query, only this index's definition.
// The other nine secondary indexes on cases each serve a filter of GET /api/cases (status, source,
// township, village, grid, mediator, created_at range or order), the map and area queries (location),
// the open counts (mediator_id, status) or the batch's read (pending by created_at): all kept.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS cases_open_deadline');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX IF NOT EXISTS cases_open_deadline ON cases ((coalesce(extended_until, deadline_at))) WHERE status IN ('assigned', 'mediating')`);
}
