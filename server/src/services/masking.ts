// Personal data (PIPL) by role, in one place: who may see a party's contact data, how phones and ID
// numbers are masked, and whether case points may be shown one by one or only per grid.
import type { Role } from '../contract/auth.ts';

/** Who is asking: the part of a user that access decisions need. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** Scoped to one tribunal's catchment (townships.tribunal_id), or null for the whole district. */
  tribunal_id: number | null;
  /** The mediator record a `mediator` account belongs to. */
  mediator_id: number | null;
}

/** `full`: contact data as stored (ID numbers still masked); `masked`: phones masked; `none`: removed. */
export type PartyAccess = 'full' | 'masked' | 'none';

/** Roles that may see parties' contact data at all (of cases they may handle). */
const PARTY_ROLES: readonly Role[] = ['admin', 'dispatcher', 'mediator'];

/** Roles that see case locations one by one; the others only per-grid counts. */
const POINT_ROLES: readonly Role[] = ['admin', 'dispatcher'];

export function hasPartyAccess(actor: Actor): boolean {
  return PARTY_ROLES.includes(actor.role);
}

/** How case points are shown to this actor on the map. */
export function casePointMode(actor: Actor): 'points' | 'aggregate' {
  return POINT_ROLES.includes(actor.role) ? 'points' : 'aggregate';
}

/** The tribunal whose catchment limits this actor's cases (null: no limit). */
export function caseScope(actor: Actor): number | null {
  return actor.role === 'admin' ? null : actor.tribunal_id;
}

/** What a case needs to say for a party-data decision. */
export interface CaseRef {
  /** The tribunal of the case's township (townships.tribunal_id). */
  tribunal_id: number | null;
  mediator_id: number | null;
}

/**
 * The party access of an actor to one case: admin all; a dispatcher the cases of their catchment
 * (all, when not scoped); a mediator their own cases; leader and planner never.
 */
export function partyAccess(actor: Actor, c: CaseRef): PartyAccess {
  if (!hasPartyAccess(actor)) return 'none';
  const scope = caseScope(actor);
  if (scope !== null && c.tribunal_id !== scope) return 'none';
  if (actor.role === 'mediator') return actor.mediator_id !== null && c.mediator_id === actor.mediator_id ? 'full' : 'none';
  return 'full';
}

/** `13812341234` → `138****1234`; other numbers keep at most their first 3 and last 4 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length || 4);
  const keepHead = digits.length >= 11 ? 3 : 2;
  return `${digits.slice(0, keepHead)}${'*'.repeat(4)}${digits.slice(-4)}`;
}

/** ID numbers are never shown in full: `411502199001011234` → `4115**********1234`. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  const s = id.trim();
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/** A person's name shown to those without party access: the family name only (`张**`). */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
}

/** The contact fields of a party (or any person) as this access level may see them. */
export interface PartyData {
  name?: string | null;
  phone?: string | null;
  id_number?: string | null;
  address?: string | null;
  [key: string]: unknown;
}

export function maskParty<T extends PartyData>(party: T, access: PartyAccess): T {
  const out: PartyData = { ...party };
  if ('id_number' in out) out.id_number = maskIdNumber(out.id_number); // never in full, whoever asks
  if (access === 'full') return out as T;
  if ('phone' in out) out.phone = access === 'masked' ? maskPhone(out.phone) : null;
  if ('address' in out) out.address = null;
  if ('name' in out && access === 'none') out.name = maskName(out.name);
  if ('id_number' in out && access === 'none') out.id_number = null;
  return out as T;
}
