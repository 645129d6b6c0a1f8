// Assigning one case (POST /api/cases/:id/assign), the whole rule in one transaction: the case must
// be in the actor's reach, unchanged since the dispatcher saw it and still open; a reassignment needs a
// reason and another mediator; the ranking is taken again inside the transaction and the pick written
// by assignInTrx (by village for a village-only case: no grid tier, no distance) (services/assignment.ts), with its audit row.
import { numberUnnumbered, type Numbering } from '../case-numbers.ts';
import type { Knex } from '../../db/types.ts';
import type { AssignBody, AssignmentTier } from '../../contract/cases.ts';
import { HttpError } from '../../errors.ts';
import { assignInTrx, rankForCase, readCaseForUpdate, versionConflict, type AssignDone } from '../assignment.ts';
import { findVisibleCase, type Auditor } from '../cases.ts';
import type { Actor } from '../masking.ts';
import { notifyAssigned } from '../notifications/notify.ts';
import { transactionId } from './model.ts';
import { afterDispatchCommit } from './preview.ts';

export interface AssignAnswer extends AssignDone {
  outcome: 'assigned';
  tier: AssignmentTier | null;
  distance_m: number | null;
  in_candidates: boolean;
}

/**
 * Assigns case `id` to `b.mediator_id`, or to the top candidate when none is named. 404 outside the
 * actor's reach, 409 on a stale version or a closed case, 422 when a reassignment lacks a reason or
 * names the current mediator, or when no mediator is eligible.
 */
export async function assignCase(
  knex: Knex,
  actor: Actor,
  id: number,
  b: AssignBody,
  opts: { deadlineDays: number; auditor: Auditor; /** A case without a number gets one at its first assignment. */ numbering?: Numbering },
): Promise<AssignAnswer> {
  const done = await knex.transaction(async (trx) => {
    await findVisibleCase(trx, actor, id, opts.deadlineDays);
    const c = (await readCaseForUpdate(trx, id))!;
    if (c.version !== b.version) throw versionConflict(id);
    if (!['pending', 'assigned', 'mediating'].includes(c.status)) {
      throw new HttpError(409, 'invalid_transition', `案件已结束（${c.status}），不能再分派`, { status: c.status });
    }
    const reassign = c.mediator_id !== null;
    if (reassign && !b.reason) throw new HttpError(422, 'reason_required', '改派须说明理由（reason）', { current_mediator_id: c.mediator_id });
    if (reassign && b.mediator_id === c.mediator_id) throw new HttpError(422, 'same_mediator', '案件已分派给该调解员', { mediator_id: c.mediator_id });
    const ranked = await rankForCase(trx, c);
    const list = ranked.candidates.filter((x) => x.mediator_id !== c.mediator_id);
    const pick = b.mediator_id === undefined ? list[0] : list.find((x) => x.mediator_id === b.mediator_id);
    if (b.mediator_id === undefined && !pick) {
      throw new HttpError(422, 'no_eligible_mediator', ranked.outcome === 'outside_district' ? ranked.advice : (ranked.advice ?? '没有可分派的调解员'), { excluded: ranked.excluded });
    }
    const result = await assignInTrx(trx, {
      caseRow: c, version: b.version, mediatorId: pick?.mediator_id ?? b.mediator_id!, mode: b.mediator_id === undefined || (b.choice === 'top' && pick === list[0]) ? 'top' : 'manual',
      reason: b.reason ?? null, tier: pick?.tier ?? null, distance_m: pick?.distance_m ?? null, actor, deadlineDays: opts.deadlineDays,
    });
    if (opts.numbering) await numberUnnumbered(trx, [id], opts.numbering);
    await notifyAssigned(trx, [{ case_id: id, mediator_id: result.mediator_id, previous_mediator_id: c.mediator_id }]);
    await opts.auditor(trx, result.reassigned ? 'case.reassign' : 'case.assign', { type: 'case', id }, {
      mediator_id: result.mediator_id, previous_mediator_id: c.mediator_id, tier: pick?.tier ?? null, in_candidates: Boolean(pick), reason: b.reason ?? null,
    });
    // the open counts change: +1 for the mediator given the case, −1 for the one it is taken from
    const delta = new Map([[result.mediator_id, 1]]);
    if (c.mediator_id !== null) delta.set(c.mediator_id, (delta.get(c.mediator_id) ?? 0) - 1);
    return { ...result, tier: pick?.tier ?? null, distance_m: pick?.distance_m ?? null, in_candidates: Boolean(pick), change: { xid: await transactionId(trx), delta } };
  });
  const { change, ...answer } = done;
  await afterDispatchCommit(knex, change);
  return { outcome: 'assigned', ...answer };
}
