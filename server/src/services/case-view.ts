// What a role sees of a case, applied once on the way out of every answer that carries case data (the
// case file with its timeline, the case lists, supervision, the guidance lists, the dashboard's lists).
// Who has party access to the case (services/masking.ts partyAccess: admin, a dispatcher of its
// catchment, its own mediator) sees the case as stored (ID numbers masked, as everywhere). Everyone
// else (leader, planner) sees a whitelist: a field not named in the rules below is left out, so a
// field added later stays hidden until someone decides it may be shown. Free text they see goes
// through maskFreeText, and nothing locates the case finer than its grid: no point, no address, no
// distance to a mediator (whose point they can read in the registry).
import type { CaseDetail, CaseSummary, GuidanceView, TimelineEntry } from '../contract/cases.ts';
import { maskFreeText, partyAccess, type Actor, type CaseRef } from './masking.ts';

/** keep the value, mask it as free text, or replace it (null, []: the field stays, empty). */
type Rule = 'keep' | 'text' | ((value: unknown) => unknown);
export type Rules<T> = { readonly [K in keyof T]?: Rule };

/** The fields named by `rules`, each as its rule says; every other field is left out. */
export function pick<T extends object>(row: T, rules: Rules<T>): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(rules) as [string, Rule][]) {
    if (!(key in row)) continue;
    const v = (row as Record<string, unknown>)[key];
    out[key] = rule === 'keep' ? v : rule === 'text' ? maskFreeText(v as string | null) : rule(v);
  }
  return out as Partial<T>;
}

export const each = <T extends object>(rules: Rules<T>) => (v: unknown) => (Array.isArray(v) ? v.map((x: T) => pick(x, rules)) : v);
const nothing = () => null;

/** Case fields any logged-in role may see of a case it reaches (its grid, not its point). */
export const SUMMARY_RULES: Rules<CaseSummary> = {
  id: 'keep', version: 'keep', title: 'text', dispute_type: 'keep', status: 'keep', source: 'keep', resolved_on_spot: 'keep',
  township_code: 'keep', township_name: 'keep', village_code: 'keep', village_name: 'keep', grid_code: 'keep', grid_name: 'keep',
  tribunal_id: 'keep', location_precision: 'keep', lng: nothing, lat: nothing, mediator_id: 'keep', mediator_name: 'keep',
  created_at: 'keep', assigned_at: 'keep', deadline: 'keep', overdue: 'keep', is_demo: 'keep', case_number: 'keep',
};

/** The keys of a timeline event's details that may be shown without party access (free text masked). */
const EVENT_DETAIL_RULES: Rules<Record<string, unknown>> = {
  case_number: 'keep', coord_system: 'keep', grid_code: 'keep', location_precision: 'keep', from_precision: 'keep', source: 'keep', case_source: 'keep', on_spot: 'keep', located_by: 'keep', accuracy_m: 'keep', resolution: 'text',
  mediator_id: 'keep', mediator_name: 'keep', previous_mediator_id: 'keep', mode: 'keep', tier: 'keep', reason: 'text',
  note: 'text', days: 'keep', previous_deadline: 'keep', new_deadline: 'keep', guidance_id: 'keep', held_at: 'keep', outcome: 'text',
  // The case work (services/case-work/): ids, kinds and decisions; no place, participants or file names.
  accepted: 'keep', session_id: 'keep', attachment_id: 'keep', attachment_kind: 'keep', mime: 'keep', size: 'keep',
  extension_request_id: 'keep', decision: 'keep', confirmed: 'keep', on: 'keep',
};

const GUIDANCE_RULES: Rules<GuidanceView> = {
  id: 'keep', case_id: 'keep', mode: 'keep', requested_at: 'keep', requested_by: 'keep', note: 'text', held_at: 'keep', outcome: 'text',
};

const TIMELINE_RULES: Rules<TimelineEntry> = {
  at: 'keep', kind: 'keep', label: 'keep', from_status: 'keep', to_status: 'keep', actor: 'keep',
  details: (d) => (d && typeof d === 'object' ? pick(d as Record<string, unknown>, EVENT_DETAIL_RULES) : null),
};

const DETAIL_RULES: Rules<CaseDetail> = {
  ...(SUMMARY_RULES as Rules<CaseDetail>),
  description: 'text', address: nothing, coord_system_in: 'keep', party_access: () => 'none', parties: () => [],
  deadline_at: 'keep', extended_until: 'keep', mediating_at: 'keep', settled_at: 'keep', failed_at: 'keep', filed_at: 'keep',
  withdrawn_at: 'keep', closed_at: 'keep',
  assignments: each<CaseDetail['assignments'][number]>({
    id: 'keep', mediator_id: 'keep', mediator_name: 'keep', assigned_at: 'keep', assigned_by: 'keep', mode: 'keep', reason: 'text', tier: 'keep', replaced_at: 'keep',
  }),
  extensions: each<CaseDetail['extensions'][number]>({ days: 'keep', reason: 'text', previous_deadline: 'keep', new_deadline: 'keep', at: 'keep', by: 'keep' }),
  notes: each<CaseDetail['notes'][number]>({ id: 'keep', at: 'keep', author: 'keep', note: 'text' }),
  guidance: each(GUIDANCE_RULES),
  timeline: each(TIMELINE_RULES),
};

/** Whether the actor sees this case as stored; else through the whitelists. */
export function seesAsStored(actor: Actor, c: CaseRef): boolean {
  return partyAccess(actor, c) === 'full';
}

/**
 * Any row about one case, for this actor: as it is for those who see the case as stored, else only
 * the fields `rules` names. Lists that carry a few case fields (a guidance list's case title, a
 * dashboard row) give their own rules.
 */
export function viewRow<T extends object>(actor: Actor, c: CaseRef, row: T, rules: Rules<T>): T {
  return seesAsStored(actor, c) ? row : (pick(row, rules) as T);
}

/** A case of a list (with the list's own extra fields, e.g. supervision's days_left, in `extra`). */
export function viewSummary<T extends CaseSummary>(actor: Actor, s: T, extra: Rules<T> = {}): T {
  return viewRow(actor, s, s, { ...(SUMMARY_RULES as Rules<T>), ...extra });
}

/** The case file, its timeline, assignments, notes and guidance included. */
export function viewCase(actor: Actor, d: CaseDetail): CaseDetail {
  return viewRow(actor, d, d, DETAIL_RULES);
}
