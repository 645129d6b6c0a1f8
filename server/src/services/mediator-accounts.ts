// Accounts for registry mediators (调解员账号): the admin's searchable picker, and accounts for many
// mediators at once with generated initial passwords. A generated password is answered once (the
// route sends it with Cache-Control: no-store), stored only as its hash, and must be changed at the
// first login (users.must_change_password, enforced in routes/access.ts).
import crypto from 'node:crypto';
import type { Knex } from '../db/types.ts';
import type { CreatedMediatorAccount, MediatorOption, MediatorOptionsQuery } from '../contract/auth.ts';
import type { MediatorKind } from '../contract/vocab.ts';
import { hashPassword } from './passwords.ts';
import { isMediatorLinkConflict } from './users.ts';

/** No 0/O, 1/l/I: the password is read off paper and typed on a phone. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 characters from ALPHABET (about 70 bits), with at least one letter and one digit (contract newPassword). */
export function generatePassword(): string {
  for (;;) {
    const bytes = crypto.randomBytes(12);
    // 256 is not a multiple of the alphabet's size: drop the few bytes that would bias it.
    if ([...bytes].some((b) => b >= 256 - (256 % ALPHABET.length))) continue;
    const p = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    if (/[A-Za-z]/.test(p) && /\d/.test(p)) return p;
  }
}

/** `m` + the registry id, e.g. `m1024`; `-2`, `-3` … when taken. Plain and printable; the admin may rename. */
async function freeUsername(trx: Knex.Transaction, mediatorId: number): Promise<string> {
  const base = `m${mediatorId}`;
  const taken = new Set((await trx('users').where('username', base).orWhereLike('username', `${base}-%`).select('username')).map((r: { username: string }) => r.username));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

const unitOf = 'coalesce(o.name, m.work_unit)';

/** Registry mediators matching a name, unit (organisation or work unit) or phone, with their account if any. */
export async function mediatorOptions(knex: Knex, q: MediatorOptionsQuery): Promise<MediatorOption[]> {
  const rows = await knex('mediators as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('users as u', 'u.mediator_id', 'm.id')
    .modify((b) => {
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        const digits = q.q.replace(/\D/g, '');
        b.where((w) => {
          w.whereILike('m.name', like).orWhereILike('m.work_unit', like).orWhereILike('o.name', like);
          if (digits.length >= 3) w.orWhereRaw(`regexp_replace(coalesce(m.phone, ''), '\\D', '', 'g') LIKE ?`, [`%${digits}%`]);
          if (/^\d{1,9}$/.test(q.q!)) w.orWhere('m.id', Number(q.q));
        });
      }
      if (q.without_account) b.whereNull('u.id');
    })
    .orderByRaw(`(m.status = 'withdrawn'), m.name, m.id`)
    .limit(q.limit ?? 50)
    .select('m.id', 'm.name', 'm.kind', 'm.status', knex.raw(`${unitOf} AS unit`), 'm.phone', 'u.id as user_id', 'u.username');
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as number,
    name: r.name as string,
    kind: r.kind as MediatorKind,
    status: r.status as string,
    unit: (r.unit as string) ?? null,
    phone: (r.phone as string) ?? null,
    account: r.user_id ? { user_id: r.user_id as number, username: r.username as string } : null,
  }));
}

export type BulkOutcome =
  | { outcome: 'ok'; items: CreatedMediatorAccount[] }
  | { outcome: 'unknown_mediators'; ids: number[] }
  | { outcome: 'withdrawn_mediators'; mediators: { id: number; name: string }[] }
  | { outcome: 'mediators_have_accounts'; mediators: { id: number; name: string; username: string }[] };

/**
 * One mediator account per registry mediator, all or none, in one transaction. `onCreated` writes
 * each account's audit row inside it.
 */
export async function createMediatorAccounts(
  knex: Knex,
  mediatorIds: number[],
  onCreated: (trx: Knex.Transaction, account: CreatedMediatorAccount) => Promise<void>,
): Promise<BulkOutcome> {
  const passwords = mediatorIds.map(() => generatePassword());
  // Hashing is slow (argon2id, 64 MiB): one after another, before the transaction (it holds the one connection).
  const hashes: string[] = [];
  for (const p of passwords) hashes.push(await hashPassword(p));
  try {
    return await knex.transaction(async (trx) => {
      const found = await trx('mediators as m').leftJoin('organisations as o', 'o.id', 'm.organisation_id').leftJoin('users as u', 'u.mediator_id', 'm.id')
        .whereIn('m.id', mediatorIds)
        .select('m.id', 'm.name', 'm.kind', 'm.status', trx.raw(`${unitOf} AS unit`), 'u.username');
      const byId = new Map(found.map((r: Record<string, unknown>) => [r.id as number, r]));
      const unknown = mediatorIds.filter((id) => !byId.has(id));
      if (unknown.length) return { outcome: 'unknown_mediators', ids: unknown } as const;
      const linked = found.filter((r: Record<string, unknown>) => r.username);
      if (linked.length) return { outcome: 'mediators_have_accounts', mediators: linked.map((r: Record<string, unknown>) => ({ id: r.id as number, name: r.name as string, username: r.username as string })) } as const;
      const withdrawn = found.filter((r: Record<string, unknown>) => r.status === 'withdrawn');
      if (withdrawn.length) return { outcome: 'withdrawn_mediators', mediators: withdrawn.map((r: Record<string, unknown>) => ({ id: r.id as number, name: r.name as string })) } as const;
      const items: CreatedMediatorAccount[] = [];
      for (const [i, id] of mediatorIds.entries()) {
        const m = byId.get(id)!;
        const username = await freeUsername(trx, id);
        const [row] = await trx('users').insert({
          username, display_name: m.name, role: 'mediator', mediator_id: id, password_hash: hashes[i], must_change_password: true,
        }).returning('id');
        const account: CreatedMediatorAccount = {
          user_id: (row as { id: number }).id, username, display_name: m.name as string, mediator_id: id,
          mediator_kind: m.kind as MediatorKind, unit: (m.unit as string) ?? null, initial_password: passwords[i]!,
        };
        await onCreated(trx, account);
        items.push(account);
      }
      return { outcome: 'ok', items } as const;
    });
  } catch (err) {
    // Another admin linked one of them meanwhile: the unique index refused it, and nothing was written.
    if (isMediatorLinkConflict(err)) {
      const taken = await knex('users as u').join('mediators as m', 'm.id', 'u.mediator_id').whereIn('u.mediator_id', mediatorIds).select('m.id', 'm.name', 'u.username');
      return { outcome: 'mediators_have_accounts', mediators: taken };
    }
    throw err;
  }
}
