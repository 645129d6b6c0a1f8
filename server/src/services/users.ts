// User accounts. Every read names its columns: the password hash leaves this module only for login.
import type { Knex } from '../db/types.ts';
import type { PublicUser, Role } from '../contract/auth.ts';
import type { MediatorKind } from '../contract/vocab.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { forgetUserSessions } from './sessions.ts';

export const USER_COLUMNS = ['id', 'username', 'display_name', 'role', 'tribunal_id', 'mediator_id', 'active', 'must_change_password'] as const;

/** The linked registry mediator's name and kind, read with every user row (`md` joined on mediator_id). */
export const MEDIATOR_COLUMNS = ['md.name as mediator_name', 'md.kind as mediator_kind'] as const;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  tribunal_id: number | null;
  mediator_id: number | null;
  active: boolean;
  must_change_password: boolean;
  tribunal_name?: string | null;
  mediator_name?: string | null;
  mediator_kind?: MediatorKind | null;
}

export interface AdminUser extends PublicUser {
  /** The work phone (the mediator's tel: link to their dispatcher); shown to admins only here. */
  phone: string | null;
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
    mediator_name: r.mediator_name ?? null,
    mediator_kind: r.mediator_kind ?? null,
    active: r.active,
    must_change_password: Boolean(r.must_change_password),
  };
}

function selectUsers(knex: Knex | Knex.Transaction) {
  return knex('users as u')
    .leftJoin('tribunals as t', 't.id', 'u.tribunal_id')
    .leftJoin('mediators as md', 'md.id', 'u.mediator_id')
    .select(...USER_COLUMNS.map((c) => `u.${c}`), ...MEDIATOR_COLUMNS, 'u.phone', 'u.is_demo', 'u.created_at', 'u.last_login_at', 't.name as tribunal_name');
}

function toAdminUser(r: UserRow & { phone: string | null; is_demo: boolean; created_at: Date; last_login_at: Date | null }): AdminUser {
  return {
    ...toPublicUser(r),
    phone: r.phone ?? null,
    is_demo: r.is_demo,
    created_at: new Date(r.created_at).toISOString(),
    last_login_at: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  };
}

/** For login only: the account with its hash. */
export async function findLoginUser(knex: Knex, username: string): Promise<(UserRow & { password_hash: string }) | undefined> {
  return knex('users as u')
    .leftJoin('tribunals as t', 't.id', 'u.tribunal_id')
    .leftJoin('mediators as md', 'md.id', 'u.mediator_id')
    .where('u.username', username.toLowerCase())
    .first(...USER_COLUMNS.map((c) => `u.${c}`), ...MEDIATOR_COLUMNS, 'u.password_hash', 't.name as tribunal_name');
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
  | { outcome: 'username_taken' | 'not_found' | 'unknown_tribunal' | 'unknown_mediator' | 'last_admin' }
  | { outcome: 'mediator_taken'; mediator_id: number; username: string };

async function checkRefs(trx: Knex.Transaction, b: { tribunal_id?: number | null; mediator_id?: number | null }, userId?: number): Promise<UserOutcome | null> {
  if (b.tribunal_id != null && !(await trx('tribunals').where({ id: b.tribunal_id }).first('id'))) return { outcome: 'unknown_tribunal' };
  if (b.mediator_id != null) {
    if (!(await trx('mediators').where({ id: b.mediator_id }).first('id'))) return { outcome: 'unknown_mediator' };
    const other = await mediatorAccount(trx, b.mediator_id);
    if (other && other.id !== userId) return { outcome: 'mediator_taken', mediator_id: b.mediator_id, username: other.username };
  }
  return null;
}

/** The account linked to a registry mediator (one at most: users_mediator_id_unique). */
export async function mediatorAccount(db: Knex | Knex.Transaction, mediatorId: number): Promise<{ id: number; username: string } | undefined> {
  return db('users').where({ mediator_id: mediatorId }).first('id', 'username');
}

/** The unique index caught a link the check before it could not see (two admins at once). */
export function isMediatorLinkConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === 'users_mediator_id_unique' || String(e.message).includes('users_mediator_id_unique'));
}

async function raceAsTaken(run: () => Promise<UserOutcome>, mediatorId: number | null | undefined): Promise<UserOutcome> {
  try {
    return await run();
  } catch (err) {
    if (mediatorId != null && isMediatorLinkConflict(err)) return { outcome: 'mediator_taken', mediator_id: mediatorId, username: '' };
    throw err;
  }
}

/**
 * The user's own password change. Clears must_change_password; the user's other sessions end, this one
 * (its id hash) stays. The cached sessions are dropped so the next request reads the cleared flag.
 */
export async function changeOwnPassword(
  knex: Knex,
  id: number,
  b: { current_password: string; new_password: string },
  keepSession: string,
  onDone: (trx: Knex.Transaction) => Promise<void>,
): Promise<'ok' | 'wrong_password'> {
  const row = await knex('users').where({ id }).first('password_hash');
  if (!row || !(await verifyPassword(row.password_hash, b.current_password))) return 'wrong_password';
  const password_hash = await hashPassword(b.new_password); // before the transaction: it holds the one connection
  try {
    await knex.transaction(async (trx) => {
      await trx('users').where({ id }).update({ password_hash, must_change_password: false, is_demo: false, password_changed_at: trx.fn.now(), updated_at: trx.fn.now() });
      await trx('sessions').where({ user_id: id }).whereNot({ id_hash: keepSession }).delete();
      await onDone(trx);
    });
  } finally {
    forgetUserSessions(id);
  }
  return 'ok';
}

export async function createUser(
  knex: Knex,
  b: { username: string; display_name: string; role: Role; password: string; tribunal_id: number | null; mediator_id: number | null },
  onDone?: (trx: Knex.Transaction, user: AdminUser) => Promise<void>,
): Promise<UserOutcome> {
  const password_hash = await hashPassword(b.password); // before the transaction: it holds the one connection
  return raceAsTaken(() => knex.transaction(async (trx) => {
    if (await trx('users').where({ username: b.username }).first('id')) return { outcome: 'username_taken' } as const;
    const bad = await checkRefs(trx, b);
    if (bad) return bad;
    const [row] = await trx('users')
      .insert({ username: b.username, display_name: b.display_name, role: b.role, tribunal_id: b.tribunal_id, mediator_id: b.mediator_id, password_hash })
      .returning('id');
    const user = (await getUser(trx, (row as { id: number }).id))!;
    await onDone?.(trx, user);
    return { outcome: 'ok', user } as const;
  }), b.mediator_id);
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
    return await raceAsTaken(() => updateUserInTrx(knex, id, b, password_hash, onDone), b.mediator_id);
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
    const bad = await checkRefs(trx, b, id);
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
    if (password_hash || b.active === false || (b.role && b.role !== before.role) || b.tribunal_id !== undefined
      || (b.mediator_id !== undefined && b.mediator_id !== before.mediator_id)) {
      await trx('sessions').where({ user_id: id }).delete(); // they log in again with the new rights
      forgetUserSessions(id);
    }
    const user = (await getUser(trx, id))!;
    await onDone?.(trx, user);
    return { outcome: 'ok', user } as const;
  });
}
