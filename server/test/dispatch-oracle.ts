// The reference (the SQL path, test oracle) the backlog batch on the read model (server/src/services/
// dispatch/batch.ts) is tested against in cases.test.ts and dispatch-batch.test.ts: the same backlog batch,
// written the slow and obvious way, one case at a time through the same ranking (rankForCase: the
// candidates SQL's facts, or candidates-village.sql's for a case located only to its village; the rule) and the same write (assignInTrx). Test code only: never shipped.
import type { Knex } from 'knex';
import type { BatchReport } from '../src/contract/cases.ts';
import { assignInTrx, rankForCase, type CaseLockRow } from '../src/services/assignment.ts';
import { whereReachable } from '../src/services/case-scope.ts';
import type { Actor } from '../src/services/masking.ts';

/**
 * The backlog batch case by case: every pending case the actor reaches, oldest first, takes its top
 * eligible candidate, in ONE transaction. Each assignment goes through assignInTrx, so capacity is counted in
 * the database as the batch goes (a mediator filled by an earlier case is not offered to a later one).
 */
export async function batchAssignOneByOne(
  knex: Knex,
  actor: Actor,
  opts: { limit?: number; caseIds?: number[]; deadlineDays: number },
  onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>,
): Promise<BatchReport> {
  return knex.transaction(async (trx) => {
    const q = whereReachable(trx('cases as c'), actor).where('c.status', 'pending');
    if (opts.caseIds) q.whereIn('c.id', opts.caseIds);
    const pending = (await q
      .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }])
      .limit(opts.limit ?? 10_000)
      .forUpdate()
      .select('c.id', 'c.version', 'c.status', 'c.mediator_id', 'c.tribunal_id', 'c.dispute_type', trx.raw('ST_X(c.location) AS lng'), trx.raw('ST_Y(c.location) AS lat'),
        'c.assigned_at', 'c.deadline_at', 'c.location_precision', 'c.village_code')) as CaseLockRow[];
    const report: BatchReport = { assigned: [], left: [], counts: { pending: pending.length, assigned: 0, left: 0 } };
    for (const c of pending) {
      const ranked = await rankForCase(trx, c);
      if (ranked.outcome === 'outside_district') {
        report.left.push({ case_id: c.id, reason: 'outside_district', message: '案件位置不在本区范围内，请核对位置后手动分派' });
        continue;
      }
      const top = ranked.candidates[0];
      if (!top) {
        report.left.push({ case_id: c.id, reason: 'no_eligible_mediator', message: ranked.advice ?? '' });
        continue;
      }
      await assignInTrx(trx, {
        caseRow: c, version: c.version, mediatorId: top.mediator_id, mode: 'batch', reason: null,
        tier: top.tier, distance_m: top.distance_m, actor, deadlineDays: opts.deadlineDays,
      });
      report.assigned.push({ case_id: c.id, mediator_id: top.mediator_id, tier: top.tier });
    }
    report.counts.assigned = report.assigned.length;
    report.counts.left = report.left.length;
    await onDone(trx, report);
    return report;
  });
}

class Rollback extends Error {}
/** The oracle's report inside `trx`, in a savepoint rolled back: what the batch must answer in the same state. */
export async function oracleReport(trx: Knex.Transaction, actor: Actor, opts: { caseIds?: number[]; deadlineDays: number }): Promise<BatchReport> {
  let reference: BatchReport | undefined;
  await trx.transaction(async (t2) => {
    reference = await batchAssignOneByOne(t2 as unknown as Knex, actor, opts, async () => undefined);
    throw new Rollback();
  }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  return reference!;
}
