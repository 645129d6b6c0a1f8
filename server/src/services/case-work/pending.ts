// What waits for a dispatcher or a leader across cases: extension requests not yet decided and guidance
// questions not yet answered. The decision and the answer stay where they are (services/case-work/
// requests.ts); these lists only find them. Scoped by services/case-scope.ts whereReachable, and what a
// reader without party access sees of a row is services/case-view.ts viewRow's rule.
import type { Knex } from '../../db/types.ts';
import type { PendingExtension, PendingGuidance, PendingList, PendingQuery } from '../../contract/case-work.ts';
import { GUIDANCE_MODES, type GuidanceMode } from '../../contract/cases.ts';
import { deadlineExpr } from '../cases.ts';
import { whereReachable } from '../case-scope.ts';
import { viewRow, type Rules } from '../case-view.ts';
import type { Actor } from '../masking.ts';

const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(d as Date).toISOString());

const CASE_RULES = { case_id: 'keep', case_title: 'text', case_status: 'keep', deadline: 'keep' } as const;
const EXTENSION_RULES: Rules<PendingExtension> = { ...CASE_RULES, id: 'keep', days: 'keep', reason: 'text', requested_by: 'keep', requested_at: 'keep' };
const GUIDANCE_RULES: Rules<PendingGuidance> = {
  ...CASE_RULES, id: 'keep', mode: 'keep', mode_label: 'keep', question: 'text', requested_by: 'keep', requested_at: 'keep',
};

type Row = Record<string, unknown>;

async function page(knex: Knex, base: Knex.QueryBuilder, q: PendingQuery, days: number, at: string, columns: string[]) {
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows = (await base.clone().orderBy([{ column: at, order: 'asc' }, { column: 'c.id', order: 'asc' }])
    .limit(q.page_size).offset((q.page - 1) * q.page_size)
    .select('c.id as case_id', 'c.title as case_title', 'c.status as case_status', knex.raw(`${deadlineExpr(days)} AS deadline`), 'c.tribunal_id', 'c.mediator_id', ...columns)) as Row[];
  return { total: Number(n), rows };
}

const caseOf = (r: Row) => ({ tribunal_id: r.tribunal_id as number | null, mediator_id: r.mediator_id as number | null });
const caseFields = (r: Row) => ({ case_id: r.case_id as number, case_title: r.case_title as string, case_status: r.case_status as string, deadline: iso(r.deadline) });

export async function listPendingExtensions(knex: Knex, actor: Actor, q: PendingQuery, days: number): Promise<PendingList<PendingExtension>> {
  const base = whereReachable(knex('extension_requests as x').join('cases as c', 'c.id', 'x.case_id').leftJoin('users as u', 'u.id', 'x.requested_by')
    .where('x.status', 'pending'), actor);
  const { total, rows } = await page(knex, base, q, days, 'x.requested_at', ['x.id', 'x.days', 'x.reason', 'u.display_name as requested_by', 'x.requested_at']);
  return {
    total,
    items: rows.map((r) => viewRow<PendingExtension>(actor, caseOf(r), {
      ...caseFields(r), id: r.id as number, days: r.days as number, reason: r.reason as string,
      requested_by: (r.requested_by as string) ?? null, requested_at: iso(r.requested_at)!,
    }, EXTENSION_RULES)),
  };
}

export async function listPendingGuidance(knex: Knex, actor: Actor, q: PendingQuery, days: number): Promise<PendingList<PendingGuidance>> {
  const base = whereReachable(knex('guidance_requests as g').join('cases as c', 'c.id', 'g.case_id').leftJoin('users as u', 'u.id', 'g.requested_by')
    .whereNull('g.outcome'), actor);
  const { total, rows } = await page(knex, base, q, days, 'g.requested_at', ['g.id', 'g.mode', 'g.note', 'u.display_name as requested_by', 'g.requested_at']);
  return {
    total,
    items: rows.map((r) => viewRow<PendingGuidance>(actor, caseOf(r), {
      ...caseFields(r), id: r.id as number, mode: r.mode as string, mode_label: GUIDANCE_MODES[r.mode as GuidanceMode] ?? (r.mode as string),
      question: (r.note as string) ?? null, requested_by: (r.requested_by as string) ?? null, requested_at: iso(r.requested_at)!,
    }, GUIDANCE_RULES)),
  };
}
