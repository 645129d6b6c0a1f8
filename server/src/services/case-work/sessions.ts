// Mediation sessions (调解记录: 时间、地点、参与人、经过、结果), recorded by the case's mediator (or a
// dispatcher of its catchment) while the case is being mediated. Reach: services/case-scope.ts.
import type { Knex } from '../../db/types.ts';
import type { SessionBody, SessionView } from '../../contract/case-work.ts';
import { CASE_STATUSES, type CaseStatus } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';
import { addEvent, findVisibleCase, type Auditor } from '../cases.ts';
import type { Actor } from '../masking.ts';

type Db = Knex | Knex.Transaction;
const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(d as Date).toISOString());

export function toSession(r: Record<string, unknown>): SessionView {
  return {
    id: r.id as number, case_id: r.case_id as number, held_at: iso(r.held_at)!, place: r.place as string,
    participants: r.participants as string, account: r.account as string, result: r.result as string,
    recorded_by: (r.recorded_by as string) ?? null, recorded_at: iso(r.recorded_at)!,
  };
}

export async function listSessions(db: Db, caseId: number): Promise<SessionView[]> {
  const rows = await db('case_sessions as s').leftJoin('users as u', 'u.id', 's.recorded_by').where('s.case_id', caseId)
    .orderBy('s.held_at').orderBy('s.id')
    .select('s.id', 's.case_id', 's.held_at', 's.place', 's.participants', 's.account', 's.result', 'u.display_name as recorded_by', 's.recorded_at');
  return rows.map(toSession);
}

export async function recordSession(knex: Knex, actor: Actor, id: number, b: SessionBody, days: number, onRecorded: Auditor): Promise<SessionView> {
  return knex.transaction(async (trx) => {
    const c = await findVisibleCase(trx, actor, id, days);
    if (c.status !== 'mediating') {
      const hint = c.status === 'assigned' ? '，请先接受案件（开始调解）' : '';
      throw new HttpError(409, 'invalid_transition', `只有调解中的案件可以登记调解记录（当前：${CASE_STATUSES[c.status as CaseStatus]}）${hint}`, { status: c.status });
    }
    const [row] = await trx('case_sessions')
      .insert({ case_id: id, held_at: b.held_at, place: b.place, participants: b.participants, account: b.account, result: b.result, recorded_by: actor.id })
      .returning(['id', 'case_id', 'held_at', 'place', 'participants', 'account', 'result', 'recorded_at']);
    const sessionId = (row as { id: number }).id;
    await addEvent(trx, id, actor, 'session_recorded', { details: { session_id: sessionId, held_at: iso((row as { held_at: Date }).held_at) } });
    await onRecorded(trx, 'case.session', { type: 'case', id }, { session_id: sessionId });
    const me = await trx('users').where({ id: actor.id }).first('display_name');
    return toSession({ ...(row as Record<string, unknown>), recorded_by: me?.display_name ?? actor.username });
  });
}
