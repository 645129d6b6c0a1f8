// The audit log: who did what to which record, from where, and whether it worked. Rows are only ever
// added (a trigger refuses UPDATE and DELETE); the API reads them for the admin and nothing else.
import type { Knex } from '../db/types.ts';
import type { AuditAction, AuditItem, AuditOutcome, AuditQuery, Role } from '../contract/auth.ts';
import type { Actor } from './masking.ts';
import { toBounds } from './period.ts';
import { describeAudit, namesFor } from './audit-sentence.ts';

export interface AuditEntry {
  actor: Pick<Actor, 'id' | 'username' | 'role'> | null;
  /** The username when there is no actor (e.g. a failed login: the name that was typed). */
  username?: string | null;
  action: AuditAction;
  target?: { type: string; id: string | number } | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
  outcome?: AuditOutcome;
}

export async function writeAudit(db: Knex | Knex.Transaction, e: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    user_id: e.actor?.id ?? null,
    username: e.actor?.username ?? e.username?.slice(0, 100) ?? null,
    role: e.actor?.role ?? null,
    action: e.action,
    target_type: e.target?.type ?? null,
    target_id: e.target ? String(e.target.id) : null,
    ip: e.ip ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
    outcome: e.outcome ?? 'success',
  });
}

/** Many rows of one action at once (a bulk intake's `case.create`), in slices of 1,000. */
export async function auditMany(
  req: AuditSource,
  action: AuditAction,
  items: { target: { type: string; id: string | number }; details: Record<string, unknown> }[],
  opts: { trx: Knex.Transaction },
): Promise<void> {
  const a = req.actor ?? null;
  for (let i = 0; i < items.length; i += 5000) {
    // One statement per slice: the rows travel as one JSON parameter (thousands of bindings are slow on the embedded database).
    await opts.trx.raw(
      `INSERT INTO audit_log (user_id, username, role, action, target_type, target_id, ip, details, outcome)
       SELECT CAST(? AS int), CAST(? AS text), CAST(? AS text), CAST(? AS text), r.target_type, r.target_id, CAST(? AS text), r.details, 'success'
       FROM jsonb_to_recordset(CAST(? AS jsonb)) AS r(target_type text, target_id text, details jsonb)`,
      [a?.id ?? null, a?.username ?? null, a?.role ?? null, action, req.ip ?? null,
        JSON.stringify(items.slice(i, i + 5000).map((x) => ({ target_type: x.target.type, target_id: String(x.target.id), details: x.details })))],
    );
  }
}

/** What audit() reads from a request: set on every request by the access layer (routes/access.ts). */
export interface AuditSource {
  actor?: Actor | null;
  ip?: string | undefined;
  db: Knex;
}

/**
 * The one call routes make: `await audit(req, 'case.assign', { type: 'case', id }, { mediator_id }, { trx })`.
 * Inside a transaction pass its `trx` (the embedded database has one connection: the outer knex would wait).
 */
export async function audit(
  req: AuditSource,
  action: AuditAction,
  target?: { type: string; id: string | number } | null,
  details?: Record<string, unknown> | null,
  opts: { trx?: Knex.Transaction; outcome?: AuditOutcome; username?: string | null } = {},
): Promise<void> {
  await writeAudit(opts.trx ?? req.db, {
    actor: req.actor ?? null,
    username: opts.username,
    action,
    target,
    ip: req.ip ?? null,
    details,
    outcome: opts.outcome,
  });
}

/** Days are Asia/Shanghai calendar days, both ends included (as everywhere in the API). */
export async function listAudit(knex: Knex, q: AuditQuery): Promise<{ total: number; items: AuditItem[] }> {
  const { from, to } = toBounds(q);
  const base = knex('audit_log').where((w) => {
    if (from) w.where('at', '>=', from);
    if (to) w.where('at', '<', to);
    if (q.user) w.where('username', q.user.toLowerCase());
    if (q.action) w.where('action', q.action);
  });
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number }];
  const rows = await base
    .clone()
    .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(q.page_size)
    .offset((q.page - 1) * q.page_size)
    .select('id', 'at', 'user_id', 'username', 'role', 'action', 'target_type', 'target_id', 'ip', 'details', 'outcome');
  const items: AuditItem[] = rows.map((r: Record<string, unknown>) => ({
    ...(r as unknown as AuditItem),
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    role: (r.role as Role | null) ?? null,
  }));
  const names = await namesFor(knex, items);
  return { total: Number(n), items: items.map((i) => ({ ...i, ...describeAudit(i, names) })) };
}
