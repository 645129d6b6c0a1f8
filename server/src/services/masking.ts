// Personal data (PIPL) by role, in one place: who may see a party's contact data, how phones and ID
// numbers are masked (also inside free text), and whether case points may be shown one by one or only
// per grid. Which cases a user reaches at all: services/case-scope.ts.
import type { Role } from '../contract/auth.ts';
import { caseScope } from './case-scope.ts';

/** Who is asking: the part of a user that access decisions need. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** Scoped to one tribunal's catchment (townships.tribunal_id), or null for the whole district. */
  tribunal_id: number | null;
  /** The mediator record a `mediator` account belongs to. */
  mediator_id: number | null;
  /** Logged in with a generated password not yet changed: only the password change is allowed (routes/access.ts). */
  must_change_password?: boolean;
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

/** A mainland mobile number (personal): 11 digits from 1[3-9], with or without +86 and separators. */
export const isMobile = (phone: string) => /^(?:\+?86)?1[3-9]\d{9}$/.test(phone.replace(/[\s-]/g, ''));

/**
 * An organisation's phone in the public directory (issue 17): an office (fixed) line is public by nature
 * (信息公开, for supervision by the public) and shown as is; a mobile is someone's own and stays masked.
 */
export function publicOrganisationPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  return isMobile(phone) ? maskPhone(phone) : phone;
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

// --- free text -------------------------------------------------------------------------------------
// A description, a note or a reason may hold what the form fields keep apart: a phone, an ID number, a
// house-level address (PIPL Art. 28: a person's whereabouts are sensitive). Shown to a role without
// party access it goes through maskFreeText. It errs toward hiding: "5号楼" and "3组" go even when
// they are not an address; a day ("12月3号") and plain amounts stay.

/** 18-digit (last may be X) or 15-digit ID numbers, not part of a longer run of digits or letters. */
const ID_NUMBER = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
/** Mainland mobiles, with +86 and spaces or hyphens between the groups: 13812341234, 138 1234 1234. */
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;
/** Fixed lines with their area code: 0376-6221234. */
const LANDLINE = /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/g;
/** What numbers a house, a flat or a village group: 路88号, 12-3号, 5栋2单元501室, 3组, 5楼. */
const HOUSE_UNITS = '号|號|组|組|队|隊|栋|棟|幢|单元|單元|室|户|戶|排|楼|樓|层|層';
const HOUSE_ARABIC = new RegExp(`(?<![\\d０-９月])[0-9０-９]+(?:[-－—][0-9０-９]+)*(?=\\s*(?:${HOUSE_UNITS}))`, 'g');
/** Chinese numerals only after a place word (村三组, 第五队, 人民路十八号), so 一组数据 and 两队人 stay. */
const HOUSE_CHINESE = new RegExp(`(?<=[村庄湾屯组第路街巷里弄区])[一二三四五六七八九十百零〇两]+(?=\\s*(?:${HOUSE_UNITS}))`, 'g');

/** Free text for a role without party access: phones, ID numbers and house numbers replaced. */
export function maskFreeText<T extends string | null | undefined>(text: T): T {
  if (!text) return text;
  return text
    .replace(ID_NUMBER, '[身份证号]')
    .replace(MOBILE, '[手机号]')
    .replace(LANDLINE, '[电话]')
    .replace(HOUSE_ARABIC, '**')
    .replace(HOUSE_CHINESE, '**') as T;
}
