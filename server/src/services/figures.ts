// The SQL of the case figures (issue 17: one definition per figure, named and explained in
// contract/figures.ts). The dashboard, its lists, the case lists, the supervision lists and the exports
// all count with these fragments, so a figure and the list it opens cannot disagree.
// `a` is the alias of the cases table in the query; `days` the pre-litigation term (PRE_LITIGATION_DAYS).
import type { Knex } from '../db/types.ts';

/** Statuses of a case being mediated: the only ones that can be overdue. */
export const IN_MEDIATION = ['assigned', 'mediating'] as const;

/**
 * The deadline in force: extended, else set at assignment, else (cases loaded without one) assignment + days.
 * The rule itself is the SQL function shihe_case_deadline (migration 20261201_29), which the .sql files call too.
 */
export const deadlineSql = (a: string, days: number) =>
  `shihe_case_deadline(${a}.extended_until, ${a}.deadline_at, ${a}.assigned_at, ${Math.trunc(days)})`;

/** 当前超期未结: being mediated and past its deadline now, whenever registered. */
export const overdueNowSql = (a: string, days: number) =>
  `(${a}.status IN ('assigned', 'mediating') AND ${deadlineSql(a, days)} < now())`;

/** 即将到期: being mediated, not overdue, due within `within` days from now. */
export const nearDeadlineSql = (a: string, days: number, within: number) =>
  `(${a}.status IN ('assigned', 'mediating') AND ${deadlineSql(a, days)} >= now() AND ${deadlineSql(a, days)} < now() + make_interval(days => ${Math.trunc(within)}))`;

/** Restricts a query on `cases as <a>` to the overdue (or near-deadline) cases. */
export function whereSupervised<Q extends Knex.QueryBuilder>(q: Q, a: string, days: number, kind: 'overdue' | 'near_deadline', within = 3): Q {
  return q.whereRaw(kind === 'overdue' ? overdueNowSql(a, days) : nearDeadlineSql(a, days, within)) as Q;
}

/** 当前超期未结, district-wide (or in one township). */
export async function countOverdueNow(knex: Knex, days: number, township?: string): Promise<number> {
  const q = knex('cases as c').whereRaw(overdueNowSql('c', days));
  if (township) q.where('c.township_code', township);
  const [{ n }] = (await q.count({ n: '*' })) as [{ n: number | string }];
  return Number(n);
}
