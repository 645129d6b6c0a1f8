// Personal access tokens (个人访问令牌): credentials a GIS tool can store (QGIS auth config, GDAL), sent
// as `Authorization: Bearer <token>` or as HTTP Basic with the token as the password. A token acts as
// its user (same role, tribunal scope and mediator link, read fresh at every use, so a role change or a
// deactivation applies at once); read-only tokens allow GET and HEAD only. Only an HMAC of the token
// is stored (as for sessions: services/sessions.ts); the token itself is shown once, at creation.
import crypto from 'node:crypto';
import type { Knex } from '../db/types.ts';
import type { AccessTokenItem, CreateTokenBody, CreatedToken } from '../contract/tokens.ts';
import { HttpError } from '../errors.ts';
import type { Actor } from './masking.ts';
import { sessionHash } from './sessions.ts';
import { USER_COLUMNS, toPublicUser, type UserRow } from './users.ts';

const PREFIX = 'shp_';
/** `last_used_at` is written at most this often (a map pan is a hundred tile requests). */
const TOUCH_EVERY_MS = 60_000;
/**
 * A `token.use` audit row at most once an hour per token: a GIS client sends hundreds of requests per
 * map pan, and the audit log is append-only (it can never be pruned), so one row an hour answers "who
 * used which token, when, from where" without burying the other entries.
 */
export const USE_AUDIT_EVERY_MS = 3_600_000;

type Db = Knex | Knex.Transaction;
export type TokenAuditor = (trx: Knex.Transaction, action: 'token.create' | 'token.revoke', id: number, details: Record<string, unknown>) => Promise<void>;

interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  read_only: boolean;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function toItem(r: TokenRow, now = Date.now()): AccessTokenItem {
  const state = r.revoked_at ? 'revoked' : new Date(r.expires_at).getTime() <= now ? 'expired' : 'active';
  return {
    id: r.id, name: r.name, prefix: r.prefix, read_only: Boolean(r.read_only),
    created_at: iso(r.created_at)!, expires_at: iso(r.expires_at)!, last_used_at: iso(r.last_used_at), revoked_at: iso(r.revoked_at), state,
  };
}

const ITEM_COLUMNS = ['id', 'name', 'prefix', 'read_only', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'];

export async function createToken(knex: Knex, secret: string, userId: number, b: CreateTokenBody, onWrite: TokenAuditor): Promise<CreatedToken> {
  const token = PREFIX + crypto.randomBytes(32).toString('base64url');
  const now = Date.now();
  return knex.transaction(async (trx) => {
    const [row] = (await trx('access_tokens')
      .insert({
        user_id: userId, name: b.name, token_hash: sessionHash(secret, token), prefix: token.slice(0, PREFIX.length + 6),
        read_only: b.read_only, created_at: new Date(now), expires_at: new Date(now + b.days * 86_400_000),
      })
      .returning(ITEM_COLUMNS)) as TokenRow[];
    await onWrite(trx, 'token.create', row!.id, { name: b.name, read_only: b.read_only, days: b.days });
    return { ...toItem(row!, now), token };
  });
}

/** The user's tokens, newest first (revoked and expired ones too, so the list explains itself). */
export async function listTokens(db: Db, userId: number): Promise<{ items: AccessTokenItem[] }> {
  const rows = (await db('access_tokens').where({ user_id: userId }).orderBy('id', 'desc').select(ITEM_COLUMNS)) as TokenRow[];
  return { items: rows.map((r) => toItem(r)) };
}

/** Revokes one of the user's own tokens (someone else's is "not found": its existence is not theirs to learn). */
export async function revokeToken(knex: Knex, userId: number, id: number, onWrite: TokenAuditor): Promise<AccessTokenItem> {
  return knex.transaction(async (trx) => {
    const row = (await trx('access_tokens').where({ id, user_id: userId }).forUpdate().first(ITEM_COLUMNS)) as TokenRow | undefined;
    if (!row) throw new HttpError(404, 'token_not_found', `没有编号为 ${id} 的访问令牌`, { id });
    if (row.revoked_at) return toItem(row);
    const [updated] = (await trx('access_tokens').where({ id }).update({ revoked_at: new Date() }).returning(ITEM_COLUMNS)) as TokenRow[];
    await onWrite(trx, 'token.revoke', id, { name: row.name });
    return toItem(updated!);
  });
}

export type TokenLookup =
  | { status: 'valid'; actor: Actor; tokenId: number; readOnly: boolean; auditDue: boolean }
  | { status: 'invalid'; reason: 'unknown' | 'expired' | 'revoked' | 'inactive_user' | 'wrong_user' };

/** A presented token (and, for HTTP Basic, the username it came with): its user as an actor, or why not. */
export async function findToken(knex: Knex, secret: string, token: string, username?: string): Promise<TokenLookup> {
  if (!token.startsWith(PREFIX) || token.length > 100) return { status: 'invalid', reason: 'unknown' };
  const row = (await knex('access_tokens as k')
    .join('users as u', 'u.id', 'k.user_id')
    .leftJoin('tribunals as t', 't.id', 'u.tribunal_id')
    .where('k.token_hash', sessionHash(secret, token))
    .first('k.id as token_id', 'k.read_only', 'k.expires_at', 'k.revoked_at', 'k.last_used_at', 'k.use_audited_at',
      ...USER_COLUMNS.map((c) => `u.${c}`), 't.name as tribunal_name')) as
    | (UserRow & { token_id: number; read_only: boolean; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null; use_audited_at: Date | null })
    | undefined;
  if (!row) return { status: 'invalid', reason: 'unknown' };
  if (row.revoked_at) return { status: 'invalid', reason: 'revoked' };
  const now = Date.now();
  if (new Date(row.expires_at).getTime() <= now) return { status: 'invalid', reason: 'expired' };
  if (!row.active) return { status: 'invalid', reason: 'inactive_user' };
  if (username !== undefined && username.trim().toLowerCase() !== row.username) return { status: 'invalid', reason: 'wrong_user' };
  const auditDue = !row.use_audited_at || now - new Date(row.use_audited_at).getTime() >= USE_AUDIT_EVERY_MS;
  if (auditDue || !row.last_used_at || now - new Date(row.last_used_at).getTime() >= TOUCH_EVERY_MS) {
    await knex('access_tokens').where({ id: row.token_id })
      .update({ last_used_at: new Date(now), ...(auditDue ? { use_audited_at: new Date(now) } : {}) });
  }
  const user = toPublicUser(row);
  return {
    status: 'valid',
    tokenId: row.token_id,
    readOnly: Boolean(row.read_only),
    auditDue,
    actor: { id: user.id, username: user.username, role: user.role, tribunal_id: user.tribunal_id, mediator_id: user.mediator_id, must_change_password: user.must_change_password },
  };
}

/** The token of an Authorization header: `Bearer <token>`, or `Basic base64(username:token)`. */
export function tokenOfHeader(header: string | undefined): { scheme: 'bearer' | 'basic'; token: string; username?: string } | null {
  if (!header) return null;
  const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
  if (!m) return null;
  if (m[1]!.toLowerCase() === 'bearer') return { scheme: 'bearer', token: m[2]! };
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { scheme: 'basic', username: decoded.slice(0, i), token: decoded.slice(i + 1) };
}
