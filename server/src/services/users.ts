// User accounts. Every read names its columns: the password hash leaves this module only for login.
import type { Knex } from 'knex';
import type { PublicUser, Role } from '../contract/auth.ts';
import { hashPassword } from './passwords.ts';
import { forgetUserSessions } from './sessions.ts';

export const USER_COLUMNS = ['id', 'username', 'display_name', 'role', 'tribunal_id', 'mediator_id', 'active'] as const;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  tribunal_id: number | null;
  mediator_id: number | null;
  active: boolean;
  tribunal_name?: string | null;
}

export interface AdminUser extends PublicUser {
  is_demo: boolean;
  created_at: string;
  last_login_at: string | null;
}

export function toPublicUser(r: UserRow): PublicUser {
  return {
    id: r.id,
    username: r.username,
    display_name: r.display_name,
    role: r.role,
    tribunal_id: r.tribunal_id,
    tribunal_name: r.tribunal_name ?? null,
    mediator_id: r.mediator_id,
    active: r.active,
  };
}

function selectUsers(knex: Knex | Knex.Transaction) {
  return knex('users as u')
    .leftJoin('tribunals as t', 't.id', 'u.tribunal_id')
    .select(...USER_COLUMNS.map((c) => `u.${c}`), 'u.is_demo', 'u.created_at', 'u.last_login_at', 't.name as tribunal_name');
}

function toAdminUser(r: UserRow & { is_demo: boolean; created_at: Date; last_login_at: Date | null }): AdminUser {
  return {
    ...toPublicUser(r),
    is_demo: r.is_demo,
    created_at: new Date(r.created_at).toISOString(),
    last_login_at: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  };
}

/** For login only: the account with its hash. */
export async function findLoginUser(knex: Knex, username: string): Promise<(UserRow & { password_hash: string }) | undefined> {
  return knex('users as u')
    .leftJoin('tribunals as t', 't.id', 'u.tribunal_id')
    .where('u.username', username.toLowerCase())
    .first(...USER_COLUMNS.map((c) => `u.${c}`), 'u.password_hash', 't.name as tribunal_name');
}

export async function markLogin(knex: Knex, id: number): Promise<void> {
  await knex('users').where({ id }).update({ last_login_at: knex.fn.now() });
}

export async function listUsers(knex: Knex): Promise<AdminUser[]> {
  return (await selectUsers(knex).orderBy('u.id')).map(toAdminUser);
}

export async function getUser(knex: Knex | Knex.Transaction, id: number): Promise<AdminUser | null> {
  const row = await selectUsers(knex).where('u.id', id).first();
  return row ? toAdminUser(row) : null;
}

export type UserOutcome =
  | { outcome: 'ok'; user: AdminUser }
  | { outcome: 'username_taken' | 'not_found' | 'unknown_tribunal' | 'unknown_mediator' | 'last_admin' };

async function checkRefs(trx: Knex.Transaction, b: { tribunal_id?: number | null; mediator_id?: number | null }): Promise<UserOutcome | null> {
  if (b.tribunal_id != null && !(await trx('tribunals').where({ id: b.tribunal_id }).first('id'))) return { outcome: 'unknown_tribunal' };
  if (b.mediator_id != null && !(await trx('mediators').where({ id: b.mediator_id }).first('id'))) return { outcome: 'unknown_mediator' };
  return null;
}

export async function createUser(
  knex: Knex,
  b: { username: string; display_name: string; role: Role; password: string; tribunal_id: number | null; mediator_id: number | null },
  onDone?: (trx: Knex.Transaction, user: AdminUser) => Promise<void>,
): Promise<UserOutcome> {
  const password_hash = await hashPassword(b.password); // before the transaction: it holds the one connection
  return knex.transaction(async (trx) => {
    if (await trx('users').where({ username: b.username }).first('id')) return { outcome: 'username_taken' } as const;
    const bad = await checkRefs(trx, b);
    if (bad) return bad;
    const [row] = await trx('users')
      .insert({ username: b.username, display_name: b.display_name, role: b.role, tribunal_id: b.tribunal_id, mediator_id: b.mediator_id, password_hash })
      .returning('id');
    const user = (await getUser(trx, (row as { id: number }).id))!;
    await onDone?.(trx, user);
    return { outcome: 'ok', user } as const;
  });
}

export interface UserChanges {
  display_name?: string;
  role?: Role;
  active?: boolean;
  password?: string;
  tribunal_id?: number | null;
  mediator_id?: number | null;
}

/** Changes an account; a password reset, deactivation or role change ends the user's sessions. */
export async function updateUser(
  knex: Knex,
  id: number,
  b: UserChanges,
  onDone?: (trx: Knex.Transaction, user: AdminUser) => Promise<void>,
): Promise<UserOutcome> {
  const password_hash = b.password ? await hashPassword(b.password) : undefined;
  // The cached sessions go after the commit too: a request between the delete and the commit could
  // have cached the old state again.
  try {
    return await updateUserInTrx(knex, id, b, password_hash, onDone);
  } finally {
    forgetUserSessions(id);
  }
}

async function updateUserInTrx(
  knex: Knex,
  id: number,
  b: UserChanges,
  password_hash: string | undefined,
  onDone?: (trx: Knex.Transaction, user: AdminUser) => Promise<void>,
): Promise<UserOutcome> {
  return knex.transaction(async (trx) => {
    const before = await getUser(trx, id);
    if (!before) return { outcome: 'not_found' } as const;
    const bad = await checkRefs(trx, b);
    if (bad) return bad;
    const losesAdmin = before.role === 'admin' && before.active && ((b.role && b.role !== 'admin') || b.active === false);
    if (losesAdmin) {
      const [{ n }] = (await trx('users').where({ role: 'admin', active: true }).count({ n: '*' })) as [{ n: number }];
      if (Number(n) <= 1) return { outcome: 'last_admin' } as const;
    }
    const { password: _p, ...fields } = b;
    const patch: Record<string, unknown> = { ...fields, updated_at: trx.fn.now() };
    if (password_hash) Object.assign(patch, { password_hash, password_changed_at: trx.fn.now(), is_demo: false });
    await trx('users').where({ id }).update(patch);
    if (password_hash || b.active === false || (b.role && b.role !== before.role) || b.tribunal_id !== undefined) {
      await trx('sessions').where({ user_id: id }).delete(); // they log in again with the new rights
      forgetUserSessions(id);
    }
    const user = (await getUser(trx, id))!;
    await onDone?.(trx, user);
    return { outcome: 'ok', user } as const;
  });
}
