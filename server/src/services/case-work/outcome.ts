// The case's way through mediation as the mediator drives it: accept (assigned → mediating), close with
// its outcome (settled or failed, 结果说明 and the agreement amount), and mark a settled agreement for
// judicial confirmation (司法确认). Status changes go through services/cases.ts changeStatusInTrx (the
// transitions of contract/cases.ts, the version check); each write is one transaction.
import type { Knex } from '../../db/types.ts';
import type { JudicialBody, OutcomeBody } from '../../contract/case-work.ts';
import { CASE_STATUSES, type CaseStatus } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';
import { versionConflict } from '../assignment.ts';
import { afterDispatchCommit } from '../dispatch/preview.ts';
import { addEvent, changeStatusInTrx, findVisibleCase, type Auditor } from '../cases.ts';
import type { Actor } from '../masking.ts';

export async function acceptCase(knex: Knex, actor: Actor, id: number, version: number, days: number, onChanged: Auditor) {
  return knex.transaction(async (trx) => {
    const c = await findVisibleCase(trx, actor, id, days);
    if (c.status !== 'assigned') {
      throw new HttpError(409, 'invalid_transition', `只有已分派的案件可以接受（当前：${CASE_STATUSES[c.status as CaseStatus]}）`, { status: c.status });
    }
    return changeStatusInTrx(trx, actor, id, { version, status: 'mediating' }, days, onChanged, { details: { accepted: true } });
  });
}

export async function closeWithOutcome(knex: Knex, actor: Actor, id: number, b: OutcomeBody, days: number, onChanged: Auditor) {
  const done = await knex.transaction(async (trx) => {
    const amount = b.result === 'settled' ? (b.agreement_amount ?? null) : null;
    const asOutcome: Auditor = (t, _action, target, details) => onChanged(t, 'case.outcome', target, details);
    const updated = await changeStatusInTrx(trx, actor, id, { version: b.version, status: b.result, note: b.note }, days, asOutcome, {
      columns: { outcome_note: b.note, agreement_amount: amount },
      details: amount !== null ? { agreement_amount: amount } : {},
    });
    return { ...updated, outcome_note: b.note, agreement_amount: amount };
  });
  await afterDispatchCommit(knex); // a closed case frees its mediator's place: the read model sees it now
  return done;
}

export async function markJudicialConfirmation(knex: Knex, actor: Actor, id: number, b: JudicialBody, days: number, onMarked: Auditor) {
  return knex.transaction(async (trx) => {
    const c = await findVisibleCase(trx, actor, id, days);
    if (c.version !== b.version) throw versionConflict(id);
    if (c.status !== 'settled') {
      throw new HttpError(409, 'invalid_transition', `只有调解成功的案件可以申请司法确认（当前：${CASE_STATUSES[c.status as CaseStatus]}）`, { status: c.status });
    }
    const on = b.confirmed ? b.on! : null;
    const updated = (await trx.raw(
      `UPDATE cases SET judicial_confirmation = ?, judicial_confirmation_on = ?, version = version + 1, updated_at = now()
       WHERE id = ? AND version = ? RETURNING id, version`,
      [b.confirmed, on, id, b.version],
    )).rows[0] as { id: number; version: number } | undefined;
    if (!updated) throw versionConflict(id);
    await addEvent(trx, id, actor, 'judicial_confirmation', { details: { confirmed: b.confirmed, on } });
    await onMarked(trx, 'case.judicial_confirmation', { type: 'case', id }, { confirmed: b.confirmed, on });
    return { ...updated, judicial_confirmation: b.confirmed, judicial_confirmation_on: on };
  });
}
