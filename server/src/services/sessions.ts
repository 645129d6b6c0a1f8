// Server-side sessions. The cookie holds a random 256-bit id; the table holds only its HMAC-SHA256
// under SESSION_SECRET, so a copy of the table (a backup, a log) lets nobody act as a user. A session
// ends after SESSION_IDLE_MINUTES without requests, or SESSION_MAX_HOURS after login, whichever is first:
// both limits are those in force at its login, stored on its row (idle_ms, expires_at), so a server
// started with other settings on the same database neither ends nor purges it by its own.
import crypto from 'node:crypto';
import type { Knex } from '../db/types.ts';
import type { Actor } from './masking.ts';
import { MEDIATOR_COLUMNS, USER_COLUMNS, toPublicUser, type UserRow } from './users.ts';
import type { PublicUser } from '../contract/auth.ts';

export interface SessionSettings {
  secret: string;
  idleMs: number;
  absoluteMs: number;
  /** A valid session looked up in the last cacheMs is answered from memory (0: always the database). */
  cacheMs?: number;
  /** The clock, in epoch milliseconds (Date.now; the tests move their own). */
  now: () => number;
}

export interface Session {
  idHash: string;
  csrfToken: string;
  user: PublicUser;
  actor: Actor;
}

export type SessionLookup = { status: 'valid'; session: Session } | { status: 'expired' };

const token = () => crypto.randomBytes(32).toString('base64url');
export const sessionHash = (secret: string, id: string) => crypto.createHmac('sha256', secret).update(id).digest('hex');

/** Last-seen times are written at most this often (one write per request would queue every read). */
const touchEveryMs = (idleMs: number) => Math.min(60_000, idleMs / 10);

// In-process cache of valid sessions (SESSION_CACHE_SECONDS), so an
// authenticated request does not cost a database round trip. Only valid sessions are cached (never
// an expired or unknown one); an entry is dropped here at logout, and for every session of a user
// whose account changes (role, deactivation, password, scope: services/users.ts). The idle and
// absolute ends are checked against the cached times on every hit; last_seen_at is still written at
// most every touchEveryMs. Another process (a second server) sees such changes within the TTL.
// The cache is keyed by the cookie's id itself, under its secret (a server started with another
// SESSION_SECRET does not see these entries), so a hit costs no HMAC: the hash is computed only to
// reach the table. The ids live in this process's memory for the cache's TTL, as they pass through
// it with every request; the table and its backups still hold only hashes.
interface CachedSession { session: Session; userId: number; lastSeen: number; idleMs: number; expiresAt: number; cachedAt: number }
const caches = new Map<string, Map<string, CachedSession>>();
const CACHE_MAX = 10_000;

function cacheOf(secret: string): Map<string, CachedSession> {
  let c = caches.get(secret);
  if (!c) caches.set(secret, (c = new Map()));
  return c;
}

/** Drops the cached sessions of these users (after their sessions were deleted or their account changed). */
export function forgetUserSessions(userId: number): void {
  for (const cache of caches.values()) for (const [k, v] of cache) if (v.userId === userId) cache.delete(k);
}

/**
 * The cached valid session of a cookie value when it needs nothing else (no last-seen write due), or
 * null: then `findSession` answers. Synchronous, so an authenticated request takes no promise hop.
 */
export function cachedSession(s: SessionSettings, id: string): Session | null {
  const cacheMs = s.cacheMs ?? 0;
  if (cacheMs <= 0) return null;
  const hit = caches.get(s.secret)?.get(id);
  if (!hit) return null;
  const now = s.now();
  const valid = now - hit.cachedAt < cacheMs && now < hit.expiresAt && now - hit.lastSeen <= hit.idleMs;
  return valid && now - hit.lastSeen <= touchEveryMs(hit.idleMs) ? hit.session : null;
}

export async function createSession(
  knex: Knex,
  s: SessionSettings,
  userId: number,
  meta: { ip?: string; userAgent?: string },
): Promise<{ id: string; csrfToken: string }> {
  const id = token();
  const csrfToken = token();
  const now = s.now();
  await knex('sessions').insert({
    id_hash: sessionHash(s.secret, id),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: new Date(now),
    last_seen_at: new Date(now),
    expires_at: new Date(now + s.absoluteMs),
    idle_ms: Math.round(s.idleMs),
    ip: meta.ip ?? null,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { id, csrfToken };
}

export async function destroySession(knex: Knex, s: SessionSettings, id: string): Promise<void> {
  const idHash = sessionHash(s.secret, id);
  const cache = cacheOf(s.secret);
  cache.delete(id);
  await knex('sessions').where({ id_hash: idHash }).delete();
  cache.delete(id);
}

/** Deletes every session past its own idle or absolute end (called at login, so the table stays small). */
export async function purgeExpiredSessions(knex: Knex, s: SessionSettings): Promise<void> {
  const now = new Date(s.now());
  await knex('sessions')
    .where('expires_at', '<=', now)
    .orWhereRaw(`last_seen_at + idle_ms * interval '1 millisecond' < ?`, [now])
    .delete();
}

/** The session of a cookie value: valid (and touched), or expired (and deleted). */
export async function findSession(knex: Knex, s: SessionSettings, id: string): Promise<SessionLookup> {
  const idHash = sessionHash(s.secret, id);
  const cacheMs = s.cacheMs ?? 0;
  const cache = cacheOf(s.secret);
  if (cacheMs > 0) {
    const hit = cache.get(id);
    const now = s.now();
    if (hit && now - hit.cachedAt < cacheMs && now < hit.expiresAt && now - hit.lastSeen <= hit.idleMs) {
      if (now - hit.lastSeen > touchEveryMs(hit.idleMs)) {
        hit.lastSeen = now;
        await knex('sessions').where({ id_hash: idHash }).update({ last_seen_at: new Date(now) });
      }
      return { status: 'valid', session: hit.session };
    }
    if (hit) cache.delete(id);
  }
  const row = (await knex('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .leftJoin('tribunals as t', 't.id', 'u.tribunal_id')
    .leftJoin('mediators as md', 'md.id', 'u.mediator_id')
    .where('s.id_hash', idHash)
    .first(
      's.csrf_token', 's.last_seen_at', 's.expires_at', 's.idle_ms',
      ...USER_COLUMNS.map((c) => `u.${c}`), ...MEDIATOR_COLUMNS,
      't.name as tribunal_name',
    )) as (UserRow & { csrf_token: string; last_seen_at: Date; expires_at: Date; idle_ms: number }) | undefined;
  if (!row) return { status: 'expired' };
  const now = s.now();
  let lastSeen = new Date(row.last_seen_at).getTime();
  const expiresAt = new Date(row.expires_at).getTime();
  const idleMs = row.idle_ms;
  if (now >= expiresAt || now - lastSeen > idleMs || !row.active) {
    await knex('sessions').where({ id_hash: idHash }).delete();
    return { status: 'expired' };
  }
  if (now - lastSeen > touchEveryMs(idleMs)) {
    await knex('sessions').where({ id_hash: idHash }).update({ last_seen_at: new Date(now) });
    lastSeen = now;
  }
  const user = toPublicUser(row);
  const session: Session = {
    idHash,
    csrfToken: row.csrf_token,
    user,
    actor: { id: user.id, username: user.username, role: user.role, tribunal_id: user.tribunal_id, mediator_id: user.mediator_id, must_change_password: user.must_change_password },
  };
  if (cacheMs > 0) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, { session, userId: user.id, lastSeen, idleMs, expiresAt, cachedAt: now });
  }
  return { status: 'valid', session };
}
