// Accounts for registry mediators in tests: created through the admin's bulk route, logged in, and
// (unless asked otherwise) past the required password change. Shared by mediator-accounts and grid-reports.
import type { TestApp } from './helpers.ts';
import { sessionCookieOf } from './helpers.ts';
import type { CreatedMediatorAccount, LoginAnswer } from '../src/contract/auth.ts';

export interface FieldSession { cookie: string; csrfToken: string; user: LoginAnswer['user']; account: CreatedMediatorAccount; password: string }

/** Registry mediators without an account (of a kind, if given), active, lowest ids first. */
export async function freeMediators(t: TestApp, n: number, kind?: string): Promise<number[]> {
  const rows = await t.db.knex('mediators as m').leftJoin('users as u', 'u.mediator_id', 'm.id')
    .whereNull('u.id').andWhere('m.status', 'active').modify((b) => { if (kind) b.where('m.kind', kind); })
    .orderBy('m.id').limit(n).select('m.id');
  if (rows.length < n) throw new Error(`only ${rows.length} free mediators${kind ? ` of kind ${kind}` : ''}`);
  return rows.map((r: { id: number }) => r.id);
}

export async function login(t: TestApp, username: string, password: string): Promise<{ res: Response; cookie?: string; body: LoginAnswer }> {
  const res = await fetch(`${t.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return { res, cookie: sessionCookieOf(res), body: (await res.json()) as LoginAnswer };
}

export const call = (t: TestApp, s: { cookie: string; csrfToken: string }, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(t.base + path, {
    method: init.method ?? 'GET',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

/** A new account for a registry mediator, logged in; `changePassword` (default true) does the first-login change. */
export async function fieldSession(t: TestApp, mediatorId: number, changePassword = true): Promise<FieldSession> {
  const res = await t.request('/api/users/mediator-accounts', { method: 'POST', body: { mediator_ids: [mediatorId] } });
  if (res.status !== 201) throw new Error(`bulk: ${res.status} ${await res.text()}`);
  const account = ((await res.json()) as { items: CreatedMediatorAccount[] }).items[0]!;
  const first = await login(t, account.username, account.initial_password);
  const s = { cookie: first.cookie!, csrfToken: first.body.csrfToken, user: first.body.user, account, password: account.initial_password };
  if (!changePassword) return s;
  const password = `Field-${mediatorId}-2026x`;
  const changed = await call(t, s, '/api/auth/password', { method: 'POST', body: { current_password: account.initial_password, new_password: password } });
  if (changed.status !== 200) throw new Error(`password: ${changed.status} ${await changed.text()}`);
  return { ...s, user: ((await changed.json()) as LoginAnswer).user, password };
}

/**
 * Deletes the accounts a file created, so the shared test database keeps its users (the isolation check).
 * Deleting a user sets audit_log.user_id to NULL (the rows keep the username), an UPDATE the append-only
 * trigger refuses: the trigger is off for this one transaction only — on the test database, for the rows
 * of the test's own accounts — and on again before it commits (a failure rolls both back).
 */
export async function removeTestAccounts(t: TestApp, userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  await t.db.knex.transaction(async (trx) => {
    await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await trx('users').whereIn('id', userIds).delete();
    await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
}
