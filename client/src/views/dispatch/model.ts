// Pure helpers of the dispatch view: deadlines, allowed status changes, distances, times, the new-case form.
import { createCaseBody, STATUS_TRANSITIONS, type CoordSystem, type CreateCaseBody, type PartyRole } from '../../../../server/src/contract/cases.ts';
import type { Role } from '../../../../server/src/contract/auth.ts';
import type { Candidate, PreviewAnswer } from '../../../../server/src/contract/cases.ts';
import type { AreaLevel, CaseSource, CaseStatus, DisputeType } from '../../../../server/src/contract/vocab.ts';
import { NO_AREAS, type AreaCodes } from '../../layers/dispatch-highlight.ts';

/** Shown when another dispatcher changed the case first (409 version_conflict); the case is then reloaded. */
export const CONFLICT_MESSAGE = '该案件已被其他分流员处理，已刷新';

/** Within this many days of the deadline a case counts as near its deadline (as /api/supervision by default). */
export const NEAR_DEADLINE_DAYS = 3;

const DAY_MS = 86_400_000;

export interface DeadlineInfo {
  state: 'overdue' | 'near' | 'ok';
  /** Whole days left (≥ 0), or whole days overdue (≥ 1) when overdue. */
  days: number;
  label: string;
}

/** "剩余 12 天" / "今日到期" / "已超期 3 天". */
export function deadlineInfo(deadline: string, now: number = Date.now()): DeadlineInfo {
  const ms = new Date(deadline).getTime() - now;
  if (ms < 0) {
    const days = Math.max(1, Math.ceil(-ms / DAY_MS));
    return { state: 'overdue', days, label: `已超期 ${days} 天` };
  }
  const days = Math.floor(ms / DAY_MS);
  return { state: days < NEAR_DEADLINE_DAYS ? 'near' : 'ok', days, label: days === 0 ? '今日到期' : `剩余 ${days} 天` };
}

/**
 * The status changes this user may make through POST /api/cases/:id/status (contract STATUS_TRANSITIONS);
 * a mediator may not file in court (转立案须由分流员办理); pending → assigned is assignment, not listed.
 */
export function allowedTransitions(status: CaseStatus, role: Role): CaseStatus[] {
  const next = [...STATUS_TRANSITIONS[status]];
  if (role === 'mediator') return next.filter((s) => s !== 'filed');
  if (role === 'leader' || role === 'planner') return [];
  return next;
}

export const OPEN_STATUSES: readonly CaseStatus[] = ['pending', 'assigned', 'mediating'];
export const canExtend = (status: CaseStatus) => status === 'assigned' || status === 'mediating';

/** "1.2 公里" / "350 米" (as services/assignment-rule.ts formatDistance). */
export function formatDistance(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '位置未登记';
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`;
}

const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' });

function parts(fmt: Intl.DateTimeFormat, iso: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

/** An ISO time as "2026年12月1日 09:30" (Beijing time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(new Date(iso).getTime())) return '—';
  const p = parts(dateTimeFmt, iso);
  return `${p.year}年${p.month}月${p.day}日 ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** An ISO time as "2026年12月1日" (Beijing time). */
export function formatDay(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(new Date(iso).getTime())) return '—';
  const p = parts(dateFmt, iso);
  return `${p.year}年${p.month}月${p.day}日`;
}

// --- the new-case form -------------------------------------------------------------------------------

export interface PartyDraft {
  name: string;
  role: PartyRole;
  phone: string;
}

export interface CaseDraft {
  title: string;
  dispute_type: DisputeType | '';
  description: string;
  parties: PartyDraft[];
  /** Where the location comes from: a point (map click or typed coordinates) or an address. */
  location: 'point' | 'address';
  lng: string;
  lat: string;
  coord_system: CoordSystem;
  address: string;
  /** 案件来源 (contract/vocab.ts CASE_SOURCES); unset: the server's default, 法院委派. */
  source?: CaseSource;
}

export function emptyDraft(): CaseDraft {
  return {
    title: '', dispute_type: '', description: '', parties: [{ name: '', role: 'applicant', phone: '' }],
    location: 'point', lng: '', lat: '', coord_system: 'wgs84', address: '',
  };
}

export type DraftErrors = Partial<Record<string, string>>;

/** A coordinate typed by hand: a plain decimal number, nothing else (no "114,1", no "NaN"). */
function coordinate(s: string): number | null {
  const t = s.trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The point of the draft when both coordinates are numbers in range, else null. */
export function draftPoint(d: CaseDraft): { lng: number; lat: number } | null {
  if (d.location !== 'point') return null;
  const lng = coordinate(d.lng);
  const lat = coordinate(d.lat);
  if (lng === null || lat === null || lng < -180 || lng > 180 || lat < -90 || lat > 90) return null;
  return { lng, lat };
}

/**
 * Checks the draft and builds the POST /api/cases body with the server's own schema (createCaseBody), so the
 * form says what the server would say; the errors are keyed by field (`title`, `parties.0.name`, `lng`, …).
 */
export function validateDraft(d: CaseDraft): { body: CreateCaseBody | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const raw: Record<string, unknown> = {
    title: d.title,
    dispute_type: d.dispute_type || undefined,
    parties: d.parties.map((p) => ({ name: p.name, role: p.role, ...(p.phone.trim() ? { phone: p.phone } : {}) })),
  };
  if (d.description.trim()) raw.description = d.description;
  if (d.source) raw.source = d.source;
  if (!d.dispute_type) errors.dispute_type = '请选择纠纷类型';
  if (d.location === 'point') {
    if (!d.lng.trim() && !d.lat.trim()) errors.lng = '请在地图上点选纠纷发生地，或填写经纬度';
    else {
      const lng = coordinate(d.lng);
      const lat = coordinate(d.lat);
      if (lng === null) errors.lng = '经度须为数字，例如 114.0612';
      if (lat === null) errors.lat = '纬度须为数字，例如 32.1234';
      if (lng !== null) raw.lng = lng;
      if (lat !== null) raw.lat = lat;
    }
    raw.coord_system = d.coord_system;
  } else if (d.address.trim()) {
    raw.address = d.address;
  } else {
    errors.address = '请填写地址（乡镇、村或社区名称）';
  }
  const parsed = createCaseBody.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || 'form';
      // An address-mode draft never sends lng: the server's "请提供位置" message goes to the address.
      const field = d.location === 'address' && key === 'lng' ? 'address' : key;
      if (!errors[field]) errors[field] = field === 'dispute_type' ? '请选择纠纷类型' : issue.message;
    }
  }
  if (Object.keys(errors).length) return { body: null, errors };
  return { body: parsed.success ? parsed.data : null, errors };
}

/** The text that names an address candidate unambiguously for the gazetteer ("董家河镇 黄龙寺村"). */
export function addressOf(c: { level: 'village' | 'township'; name: string; township_name: string }): string {
  return c.level === 'village' ? `${c.township_name} ${c.name}` : c.name;
}

/**
 * The service areas a candidate names (the API gives them: grid, village and township codes; a district-wide
 * area is the whole district and is not drawn), else the unit of its tier.
 */
export function serviceAreasOf(c: Candidate | null, answer: PreviewAnswer | null): AreaCodes {
  if (!c || !answer || answer.outcome === 'outside_district') return NO_AREAS;
  const named = (c.service_areas ?? []).filter((a) => a.level !== 'district');
  if (named.length) {
    const out: Record<AreaLevel, string[]> = { township: [], village: [], grid: [] };
    for (const a of named) out[a.level as AreaLevel].push(a.code);
    return out;
  }
  const u = answer.located;
  if (c.tier === 1 && u.grid) return { ...NO_AREAS, grid: [u.grid.code] };
  if (c.tier === 2) return { ...NO_AREAS, village: [u.village.code] };
  if (c.tier === 3) return { ...NO_AREAS, township: [u.township.code] };
  return NO_AREAS; // district-wide specialists and nearby mediators have no one area to draw
}

/** The service areas of all ranked candidates together (drawn lightly; the selected one is highlighted). */
export function allServiceAreas(answer: PreviewAnswer | null): AreaCodes {
  if (!answer || answer.outcome === 'outside_district') return NO_AREAS;
  const out: Record<AreaLevel, Set<string>> = { township: new Set(), village: new Set(), grid: new Set() };
  for (const c of answer.candidates) {
    const a = serviceAreasOf(c, answer);
    for (const l of ['township', 'village', 'grid'] as const) for (const code of a[l]) out[l].add(code);
  }
  return { township: [...out.township], village: [...out.village], grid: [...out.grid] };
}

/** The place of a draft for the preview: its point, or its address (the server matches it, as for a new case). */
export function draftPlace(d: CaseDraft): { lng: number; lat: number; coord_system: CoordSystem } | { address: string } | null {
  if (d.location === 'address') {
    const a = d.address.trim();
    return a.length >= 2 ? { address: a } : null;
  }
  const p = draftPoint(d);
  return p ? { ...p, coord_system: d.coord_system } : null;
}

/** How far a ranking's place is known: a clicked or typed point, or an address matched to a village or township. */
export function precisionOf(answer: PreviewAnswer | null): 'point' | 'village' | 'township' {
  return answer?.address_match?.level ?? 'point';
}

/**
 * What the map frames for a ranking: the matched unit's bbox (an address), the case's point, and the
 * first `top` candidates, so the numbered markers stand apart rather than in one heap at district zoom.
 * [west, south, east, north], or null without anything to frame.
 */
export function rankingFrame(answer: PreviewAnswer | null, top = 5, pad = 0.004): [number, number, number, number] | null {
  if (!answer) return null;
  const xs: number[] = [answer.lng];
  const ys: number[] = [answer.lat];
  const box = answer.address_match?.bbox;
  if (box) { xs.push(box[0], box[2]); ys.push(box[1], box[3]); }
  for (const c of answer.candidates.slice(0, top)) if (c.location) { xs.push(c.location.coordinates[0]); ys.push(c.location.coordinates[1]); }
  if (!xs.every(Number.isFinite) || !ys.every(Number.isFinite)) return null;
  return [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
}
