// The deadline job: an assigned or mediating case whose deadline falls within the next
// DEADLINE_NOTICE_DAYS days tells its mediator once (deadline_soon), and once it is past, once more
// (overdue). "Deadline" and "overdue" are those of the supervision list (services/cases.ts
// deadlineExpr, open = assigned or mediating), judged at the caller's clock (ctx.now), not the
// database's. The key is the deadline itself: an extension gives the new deadline its own notices, a
// rerun or a second server process none (notify's unique key).
import type { Knex } from '../../db/types.ts';
import { deadlineExpr } from '../cases.ts';
import { caseText, notify, usersOfMediators, type NotifyInput } from './notify.ts';

/** "A deadline in 3 days" (issue 14): the same window as the supervision list's default near_deadline. */
export const DEADLINE_NOTICE_DAYS = 3;

export interface DeadlineRun { deadline_soon: number; overdue: number }

export async function runDeadlineCheck(knex: Knex, now: Date, days: number): Promise<DeadlineRun> {
  const dl = deadlineExpr(days);
  return knex.transaction(async (trx) => {
    const rows = (await trx.raw(
      `SELECT c.id, c.dispute_type, c.mediator_id, ${dl} AS deadline,
              (${dl} < CAST(? AS timestamptz)) AS overdue
       FROM cases c
       WHERE c.status IN ('assigned', 'mediating') AND c.mediator_id IS NOT NULL
         AND ${dl} < CAST(? AS timestamptz) + make_interval(days => ?)
         AND EXISTS (SELECT 1 FROM users u WHERE u.mediator_id = c.mediator_id AND u.active)
       ORDER BY c.id`,
      [now.toISOString(), now.toISOString(), DEADLINE_NOTICE_DAYS],
    )).rows as { id: number; dispute_type: string; mediator_id: number; deadline: Date; overdue: boolean }[];
    const users = await usersOfMediators(trx, rows.map((r) => r.mediator_id));
    const out: NotifyInput[] = rows.map((r) => {
      const kind = r.overdue ? 'overdue' : 'deadline_soon';
      return { user_ids: users.get(r.mediator_id) ?? [], case_id: r.id, kind, key: new Date(r.deadline).toISOString(), text: caseText(kind, { ...r, deadline: r.deadline }) };
    });
    const created = new Set(await notify(trx, out));
    const made = created.size ? ((await trx('notifications').whereIn('id', [...created]).select('kind')) as { kind: string }[]) : [];
    return { deadline_soon: made.filter((m) => m.kind === 'deadline_soon').length, overdue: made.filter((m) => m.kind === 'overdue').length };
  });
}
