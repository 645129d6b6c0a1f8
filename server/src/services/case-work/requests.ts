// What the mediator asks of others: more time (an extension request the dispatcher approves — the
// deadline then moves through services/cases.ts extendInTrx — or refuses) and the answer to a
// judge-guidance question (the request itself is POST /api/cases/:id/guidance; a dispatcher or a
// leader answers it here). Child records are reached through services/case-scope.ts reachChild.
import type { Knex } from '../../db/types.ts';
import { notifyGuidanceAnswered } from '../notifications/notify.ts';
import type { ExtensionDecisionBody, ExtensionRequestBody, ExtensionRequestView, ExtensionStatus } from '../../contract/case-work.ts';
import { CASE_STATUSES, type CaseStatus } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';
import { versionConflict } from '../assignment.ts';
import { addEvent, extendInTrx, findVisibleCase, type Auditor } from '../cases.ts';
import { reachChild } from '../case-scope.ts';
import type { Actor } from '../masking.ts';

type Db = Knex | Knex.Transaction;
const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(d as Date).toISOString());

function toRequest(r: Record<string, unknown>): ExtensionRequestView {
  return {
    id: r.id as number, case_id: r.case_id as number, days: r.days as number, reason: r.reason as string, status: r.status as ExtensionStatus,
    requested_by: (r.requested_by as string) ?? null, requested_at: iso(r.requested_at)!, decided_by: (r.decided_by as string) ?? null,
    decided_at: iso(r.decided_at), decision_note: (r.decision_note as string) ?? null,
  };
}

function requestQuery(db: Db) {
  return db('extension_requests as x').leftJoin('users as u', 'u.id', 'x.requested_by').leftJoin('users as d', 'd.id', 'x.decided_by')
    .select('x.id', 'x.case_id', 'x.days', 'x.reason', 'x.status', 'u.display_name as requested_by', 'x.requested_at', 'd.display_name as decided_by', 'x.decided_at', 'x.decision_note');
}

export async function listExtensionRequests(db: Db, caseId: number): Promise<ExtensionRequestView[]> {
  return (await requestQuery(db).where('x.case_id', caseId).orderBy('x.requested_at').orderBy('x.id')).map(toRequest);
}

export async function requestExtension(knex: Knex, actor: Actor, id: number, b: ExtensionRequestBody, days: number, onRequested: Auditor): Promise<ExtensionRequestView> {
  return knex.transaction(async (trx) => {
    const c = await findVisibleCase(trx, actor, id, days);
    if (!['assigned', 'mediating'].includes(c.status as string)) {
      throw new HttpError(409, 'invalid_transition', `只有已分派或调解中的案件可以申请延长调解期限（当前：${CASE_STATUSES[c.status as CaseStatus]}）`, { status: c.status });
    }
    const open = await trx('extension_requests').where({ case_id: id, status: 'pending' }).first('id');
    if (open) throw new HttpError(409, 'extension_pending', '本案已有一份待审批的延期申请，请等待分流员审批后再申请', { extension_request_id: open.id });
    const [row] = await trx('extension_requests').insert({ case_id: id, days: b.days, reason: b.reason, requested_by: actor.id }).returning('id');
    const rid = (row as { id: number }).id;
    await addEvent(trx, id, actor, 'extension_requested', { details: { extension_request_id: rid, days: b.days, reason: b.reason } });
    await onRequested(trx, 'case.extension_request', { type: 'case', id }, { extension_request_id: rid, days: b.days });
    return toRequest((await requestQuery(trx).where('x.id', rid))[0] as Record<string, unknown>);
  });
}

export async function decideExtension(knex: Knex, actor: Actor, rid: number, b: ExtensionDecisionBody, days: number, onDecided: Auditor) {
  return knex.transaction(async (trx) => {
    const { case_id } = await reachChild(trx, actor, 'extension', rid);
    const r = await trx('extension_requests').where({ id: rid }).forUpdate().first('days', 'reason', 'status');
    if (r.status !== 'pending') {
      throw new HttpError(409, 'already_decided', `这份延期申请已经审批过了（${r.status === 'approved' ? '已同意' : '未同意'}）`, { status: r.status });
    }
    let version: number;
    let deadline: string | null = null;
    if (b.approve) {
      const x = await extendInTrx(trx, actor, case_id, { version: b.version, days: r.days, reason: r.reason }, days, onDecided, { extension_request_id: rid });
      version = x.version;
      deadline = x.deadline;
    } else {
      const c = await findVisibleCase(trx, actor, case_id, days);
      if (c.version !== b.version) throw versionConflict(case_id);
      version = c.version as number;
    }
    const status: ExtensionStatus = b.approve ? 'approved' : 'refused';
    await trx('extension_requests').where({ id: rid }).update({ status, decided_by: actor.id, decided_at: trx.fn.now(), decision_note: b.note || null });
    await addEvent(trx, case_id, actor, 'extension_decided', { details: { extension_request_id: rid, decision: status, days: r.days, ...(b.note ? { note: b.note } : {}) } });
    await onDecided(trx, 'case.extension_decide', { type: 'case', id: case_id }, { extension_request_id: rid, decision: status });
    return { id: rid, case_id, status, version, deadline };
  });
}

export async function answerGuidance(knex: Knex, actor: Actor, gid: number, answer: string, onAnswered: Auditor) {
  return knex.transaction(async (trx) => {
    const { case_id } = await reachChild(trx, actor, 'guidance', gid);
    const [row] = await trx('guidance_requests').where({ id: gid })
      .update({ outcome: answer, held_at: trx.raw('coalesce(held_at, now())'), updated_at: trx.fn.now() })
      .returning(['id', 'case_id', 'held_at', 'outcome']);
    await addEvent(trx, case_id, actor, 'guidance_answered', { details: { guidance_id: gid, outcome: answer } });
    await onAnswered(trx, 'case.guidance_answer', { type: 'case', id: case_id }, { guidance_id: gid });
    await notifyGuidanceAnswered(trx, gid);
    const r = row as { id: number; case_id: number; held_at: Date; outcome: string };
    return { id: r.id, case_id: r.case_id, held_at: iso(r.held_at), outcome: r.outcome };
  });
}
