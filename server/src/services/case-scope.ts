// Which cases a user may reach, in one place. Every route that reaches a case — by its id, through a
// child record (a guidance request), or in a list — filters with this rule, so a user scoped to one
// tribunal cannot reach another tribunal's case by a side door. Out of scope answers 404 exactly as a
// record that does not exist, so the answer does not tell that it exists.
//   admin: every case; a user with a tribunal: the cases of its catchment (cases.tribunal_id);
//   a mediator: only the cases assigned to them. What a role then sees of a case: services/case-view.ts.
import type { Knex } from '../db/types.ts';
import { HttpError } from '../errors.ts';
import type { Actor } from './masking.ts';

type Db = Knex | Knex.Transaction;

/** The tribunal whose catchment limits this actor's cases (null: no limit). */
export function caseScope(actor: Actor): number | null {
  return actor.role === 'admin' ? null : actor.tribunal_id;
}

/** The rule as SQL on the cases table under `alias` (`TRUE` when the actor reaches every case), values bound apart. */
function reachableSql(actor: Actor, alias = 'c'): { sql: string; bindings: number[] } {
  const parts: string[] = [];
  const bindings: number[] = [];
  const scope = caseScope(actor);
  if (scope !== null) {
    parts.push(`${alias}.tribunal_id = ?`);
    bindings.push(scope);
  }
  if (actor.role === 'mediator') {
    parts.push(`${alias}.mediator_id = ?`);
    bindings.push(actor.mediator_id ?? -1); // a mediator account not linked to a record reaches nothing
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', bindings };
}

/** Narrows a query over `cases as <alias>` to the cases the actor may reach. */
export function whereReachable<Q extends Knex.QueryBuilder>(q: Q, actor: Actor, alias = 'c'): Q {
  const r = reachableSql(actor, alias);
  return q.whereRaw(r.sql, r.bindings) as Q;
}

/**
 * Records that belong to one case and are reached by their own id. A route that reaches a case through
 * a new kind of child adds it here and calls reachChild: the child → case join is written once.
 */
const CHILDREN = {
  guidance: { table: 'guidance_requests', code: 'guidance_not_found', noun: '法官指导申请' },
  session: { table: 'case_sessions', code: 'session_not_found', noun: '调解记录' },
  attachment: { table: 'case_attachments', code: 'attachment_not_found', noun: '案件附件' },
  extension: { table: 'extension_requests', code: 'extension_request_not_found', noun: '延期申请' },
  document: { table: 'case_documents', code: 'document_not_found', noun: '文书' },
} as const;
export type CaseChild = keyof typeof CHILDREN;

/** The case of a child record, when the actor may reach that case; else 404 `<child>_not_found` (also when it does not exist). */
export async function reachChild(db: Db, actor: Actor, kind: CaseChild, id: number): Promise<{ case_id: number }> {
  const ch = CHILDREN[kind];
  const row = (await whereReachable(db(`${ch.table} as x`).join('cases as c', 'c.id', 'x.case_id').where('x.id', id), actor)
    .first('x.case_id')) as { case_id: number } | undefined;
  if (!row) throw new HttpError(404, ch.code, `没有编号为 ${id} 的${ch.noun}，或您无权查看`, { id });
  return { case_id: Number(row.case_id) };
}
