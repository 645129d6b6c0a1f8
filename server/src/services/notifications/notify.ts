// Creating notifications: the one entry point `notify(trx, …)` and the triggers built on it. Every
// notification is written inside the caller's transaction (it exists only if the change it reports was
// committed) and at most once: the unique key (user, case, kind, dedupe_key) with ON CONFLICT DO NOTHING
// makes a rerun, a retried request or a second server process insert nothing. Each new notification of
// a user linked to a registry mediator with a phone also queues one SMS (sms_outbox, sent by sms.ts).
//
// No party data: the texts are built here from the case number, its dispute type and a day, never from
// titles, notes, names, phones or addresses; `notify` refuses a text in which masking.ts finds a phone,
// an ID number or a house-level address (a guard for callers that compose their own).
import type { Knex } from '../../db/types.ts';
import type { NotificationKind } from '../../contract/notifications.ts';
import { DISPUTE_TYPES, type DisputeType } from '../../contract/vocab.ts';
import { maskFreeText } from '../masking.ts';

type Db = Knex | Knex.Transaction;

export interface NotifyInput {
  /** Who is told: user ids (unknown or inactive users are skipped). */
  user_ids: number[];
  case_id: number | null;
  kind: NotificationKind;
  /** What makes this notification unique for (user, case, kind): a deadline, a case version, a record id. */
  key: string;
  /** The text shown and sent by SMS: no party data (see caseText). */
  text: string;
}

/**
 * Writes notifications (and their SMS) inside `trx`, each at most once per (user, case, kind, key).
 * Returns the ids of the notifications actually created (none for a repeat).
 */
export async function notify(trx: Db, input: NotifyInput | NotifyInput[]): Promise<number[]> {
  const list = Array.isArray(input) ? input : [input];
  const rows: { user_id: number; case_id: number | null; kind: string; dedupe_key: string; text: string }[] = [];
  for (const n of list) {
    if (maskFreeText(n.text) !== n.text) throw new Error(`notification text carries personal data (kind ${n.kind}, case ${n.case_id})`);
    for (const user_id of new Set(n.user_ids)) rows.push({ user_id, case_id: n.case_id, kind: n.kind, dedupe_key: n.key, text: n.text });
  }
  if (!rows.length) return [];
  const active = new Set(((await trx('users').whereIn('id', [...new Set(rows.map((r) => r.user_id))]).where('active', true).select('id')) as { id: number }[]).map((u) => u.id));
  const wanted = rows.filter((r) => active.has(r.user_id));
  if (!wanted.length) return [];
  const created = (await trx('notifications').insert(wanted).onConflict().ignore().returning(['id'])) as { id: number }[];
  const ids = created.map((r) => r.id);
  if (ids.length) {
    await trx.raw(
      `INSERT INTO sms_outbox (notification_id, user_id, phone, text)
       SELECT n.id, n.user_id, m.phone, n.text
       FROM notifications n JOIN users u ON u.id = n.user_id JOIN mediators m ON m.id = u.mediator_id
       WHERE n.id = ANY (CAST(? AS int[])) AND coalesce(trim(m.phone), '') <> ''
       ORDER BY n.id`,
      [`{${ids.join(',')}}`],
    );
  }
  return ids;
}

/** The active user accounts linked to each registry mediator (users.mediator_id). */
export async function usersOfMediators(trx: Db, mediatorIds: (number | null)[]): Promise<Map<number, number[]>> {
  const ids = [...new Set(mediatorIds.filter((m): m is number => m !== null))];
  const out = new Map<number, number[]>();
  if (!ids.length) return out;
  for (const u of (await trx('users').whereIn('mediator_id', ids).where('active', true).orderBy('id').select('id', 'mediator_id')) as { id: number; mediator_id: number }[]) {
    out.set(u.mediator_id, [...(out.get(u.mediator_id) ?? []), u.id]);
  }
  return out;
}

/** A day as the court reads it (Asia/Shanghai), YYYY-MM-DD. */
export const shanghaiDay = (d: Date | string) => new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The texts, from the case number, its type and (deadline kinds) a day only. */
export function caseText(kind: NotificationKind, c: { id: number; dispute_type: string; deadline?: Date | string | null }): string {
  const type = DISPUTE_TYPES[c.dispute_type as DisputeType] ?? '其他纠纷';
  const day = c.deadline ? shanghaiDay(c.deadline) : '';
  switch (kind) {
    case 'assigned': return `您有新的调解案件（案件${c.id}，类型：${type}），请登录平台查看。`;
    case 'unassigned': return `案件${c.id}（类型：${type}）已改派给其他调解员，您无需继续办理。`;
    case 'deadline_soon': return `案件${c.id}（类型：${type}）的调解期限将于${day}届满，请抓紧办理或申请延期。`;
    case 'overdue': return `案件${c.id}（类型：${type}）已超过调解期限（${day}），请尽快办结或申请延期。`;
    case 'guidance_answered': return `案件${c.id}（类型：${type}）的法官指导申请已有答复，请登录平台查看。`;
    case 'supervision': return `案件${c.id}（类型：${type}）有新的督办意见，请登录平台查看。`;
  }
}

async function casesById(trx: Db, ids: number[]): Promise<Map<number, { id: number; version: number; dispute_type: string; mediator_id: number | null }>> {
  const rows = (await trx('cases').whereIn('id', [...new Set(ids)]).select('id', 'version', 'dispute_type', 'mediator_id')) as { id: number; version: number; dispute_type: string; mediator_id: number | null }[];
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A case assigned (or reassigned): the new mediator's accounts are told, and on a reassignment the
 * previous mediator's accounts that it was taken away. Call it right after the assignment is written,
 * inside the same transaction; the key is the case's version after the write, so each assignment
 * notifies once.
 */
export async function notifyAssigned(trx: Db, done: { case_id: number; mediator_id: number; previous_mediator_id: number | null }[]): Promise<number[]> {
  if (!done.length) return [];
  const cases = await casesById(trx, done.map((d) => d.case_id));
  const users = await usersOfMediators(trx, done.flatMap((d) => [d.mediator_id, d.previous_mediator_id]));
  const out: NotifyInput[] = [];
  for (const d of done) {
    const c = cases.get(d.case_id);
    if (!c) continue;
    out.push({ user_ids: users.get(d.mediator_id) ?? [], case_id: c.id, kind: 'assigned', key: `v${c.version}`, text: caseText('assigned', c) });
    if (d.previous_mediator_id !== null && d.previous_mediator_id !== d.mediator_id) {
      out.push({ user_ids: users.get(d.previous_mediator_id) ?? [], case_id: c.id, kind: 'unassigned', key: `v${c.version}`, text: caseText('unassigned', c) });
    }
  }
  return notify(trx, out);
}

/** A supervision note (督办记录) on a case: its mediator's accounts are told (not the note's text). */
export async function notifySupervision(trx: Db, caseId: number, noteId: number): Promise<number[]> {
  const c = (await casesById(trx, [caseId])).get(caseId);
  if (!c || c.mediator_id === null) return [];
  const users = await usersOfMediators(trx, [c.mediator_id]);
  return notify(trx, { user_ids: users.get(c.mediator_id) ?? [], case_id: c.id, kind: 'supervision', key: `note${noteId}`, text: caseText('supervision', c) });
}

/**
 * A judge's guidance request answered: who asked (guidance_requests.requested_by) and the case's
 * mediator's accounts are told, once per request (not the answer's text). For the case work that
 * answers guidance requests: call it inside the transaction that records the answer.
 */
export async function notifyGuidanceAnswered(trx: Db, guidanceId: number): Promise<number[]> {
  const g = (await trx('guidance_requests').where({ id: guidanceId }).first('id', 'case_id', 'requested_by')) as { id: number; case_id: number; requested_by: number | null } | undefined;
  if (!g) return [];
  const c = (await casesById(trx, [g.case_id])).get(g.case_id);
  if (!c) return [];
  const users = await usersOfMediators(trx, [c.mediator_id]);
  const to = [...(g.requested_by !== null ? [g.requested_by] : []), ...(c.mediator_id !== null ? users.get(c.mediator_id) ?? [] : [])];
  return notify(trx, { user_ids: to, case_id: c.id, kind: 'guidance_answered', key: `guidance${g.id}`, text: caseText('guidance_answered', c) });
}
