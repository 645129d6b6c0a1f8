// Dispatch (案件分流): request schemas, vocabularies and answer types shared by the server
// (validation) and the client (types, labels). One source for the contract of /api/cases, /api/assign,
// /api/supervision, /api/guidance and /api/my/cases.
import { z } from 'zod';
import { blankAsMissing, dateTime, id, idParam, idText, int, INT4_MAX, intText, paging, periodFields, refineListPeriod, storableString, text } from './fields.ts';
import { CASE_SOURCES, CASE_STATUSES, DISPUTE_TYPES, keysOf, type CaseSource, type CaseStatus, type DisputeType } from './vocab.ts';

// --- vocabularies ----------------------------------------------------------------------------------

export const PARTY_ROLES = { applicant: '申请人', respondent: '被申请人', third_party: '第三人' } as const;
export type PartyRole = keyof typeof PARTY_ROLES;

export const COORD_SYSTEMS = { wgs84: 'WGS84 / CGCS2000（天地图、GPS）', gcj02: 'GCJ-02（高德、腾讯地图）' } as const;
export type CoordSystem = keyof typeof COORD_SYSTEMS;

/**
 * How precisely a case is located (cases.location_precision, migration 20261201_35): `point`, or
 * `village` — an address matched only to a village: the grid is not known, the case is ranked by
 * village and drawn at the village's representative point (hollow). Setting the point
 * (POST /api/cases/:id/location) makes it `point`.
 */
export const LOCATION_PRECISIONS = { point: '精确位置', village: '仅到村（社区）' } as const;
export type LocationPrecision = keyof typeof LOCATION_PRECISIONS;
/** The line the map, lists and case file show for a case's place: 位置：仅到村（社区）. */
export const locationPrecisionText = (p: LocationPrecision) => `位置：${LOCATION_PRECISIONS[p]}`;

export const GUIDANCE_MODES = {
  typical_case: '典型案例推送',
  legal_guidance: '法律指导',
  remote_online: '远程在线参与调解',
  on_site: '现场（实地）参与化解',
} as const;
export type GuidanceMode = keyof typeof GUIDANCE_MODES;

/** Responsibility tiers of the assignment rule (services/assignment-rule.ts), nearest first. */
export const ASSIGNMENT_TIERS = {
  1: '本网格调解员',
  2: '本村（社区）调解员',
  3: '本乡镇（街道）调解员',
  4: '区级专业调解组织',
  5: '周边调解员',
} as const;
export type AssignmentTier = 1 | 2 | 3 | 4 | 5;

export const EXCLUSION_REASONS = {
  on_leave: '休假中',
  withdrawn: '已退出',
  at_capacity: '在办案件已满',
  wrong_specialty: '专业不对口',
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_REASONS;

/**
 * How many candidates POST /api/assign/preview lists unless asked for all (`all: true`): the dispatcher
 * nearly always takes one of the first; the rest are a click away ("显示全部"), and a shorter answer is
 * written faster (the preview's JSON is a third of its time in process).
 */
export const PREVIEW_FIRST = 10;

export const ASSIGN_OUTCOMES = {
  assigned: '已分派',
  candidates: '已找到候选调解员',
  no_eligible_mediator: '没有可分派的调解员',
  outside_district: '不在本区范围内',
} as const;

export const CASE_EVENT_KINDS = {
  created: '登记',
  assigned: '分派',
  reassigned: '改派',
  status: '状态变更',
  extended: '延长调解期限',
  note: '督办记录',
  guidance_requested: '申请法官指导',
  guidance_updated: '法官指导情况',
  // The mediator's case work (contract/case-work.ts).
  session_recorded: '调解记录',
  attachment_added: '上传附件',
  guidance_answered: '指导答复',
  extension_requested: '申请延期',
  extension_decided: '延期审批',
  judicial_confirmation: '司法确认',
  located: '设定位置',
} as const;
export type CaseEventKind = keyof typeof CASE_EVENT_KINDS;

/**
 * Allowed status changes through POST /api/cases/:id/status. pending → assigned happens only by
 * assignment (POST /api/cases/:id/assign); every other change not listed is 409 invalid_transition.
 */
export const STATUS_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  pending: ['withdrawn'],
  assigned: ['mediating', 'withdrawn'],
  mediating: ['settled', 'failed', 'withdrawn'],
  settled: [],
  failed: ['filed'],
  filed: [],
  withdrawn: [],
};

// --- building blocks -------------------------------------------------------------------------------

const lng = z.number({ error: '经度 lng 必须是数字' }).min(-180, '经度 lng 超出范围 -180…180').max(180, '经度 lng 超出范围 -180…180');
const lat = z.number({ error: '纬度 lat 必须是数字' }).min(-90, '纬度 lat 超出范围 -90…90').max(90, '纬度 lat 超出范围 -90…90');
const disputeType = z.enum(keysOf(DISPUTE_TYPES), { error: `纠纷类型应为其中之一：${Object.keys(DISPUTE_TYPES).join(', ')}` });
const caseSource = z.enum(keysOf(CASE_SOURCES), { error: `案件来源 source 应为其中之一：${Object.keys(CASE_SOURCES).join(', ')}` });
const coordSystem = z.enum(keysOf(COORD_SYSTEMS), { error: '坐标系 coord_system 应为 wgs84 或 gcj02' });
const version = int('案件版本号 version', 1, INT4_MAX);

export const partyInput = z
  .object({
    name: text('当事人姓名', 60),
    role: z.enum(keysOf(PARTY_ROLES), { error: '当事人身份 role 应为 applicant、respondent 或 third_party' }),
    phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '联系电话格式有误').optional(),
    id_number: z.string().trim().regex(/^(\d{15}|\d{17}[\dXx])$/, '身份证号应为 15 或 18 位').optional(),
  })
  .strict();
export type PartyInput = z.infer<typeof partyInput>;

// --- requests --------------------------------------------------------------------------------------

/**
 * POST /api/cases. The location is either `lng`/`lat` (with `coord_system`, default wgs84; gcj02 is
 * converted to WGS84 on input) or `address`, matched against the gazetteer (townships and villages).
 */
/** The location of a dispute: a point (`lng`/`lat`, `coord_system`) or an `address`, exactly one. */
function refineLocation(b: { lng?: number; lat?: number; coord_system?: string; address?: string }, ctx: z.RefinementCtx) {
  const hasPoint = b.lng !== undefined || b.lat !== undefined;
  if (hasPoint && (b.lng === undefined || b.lat === undefined)) {
    ctx.addIssue({ code: 'custom', path: [b.lng === undefined ? 'lng' : 'lat'], message: '经度 lng 和纬度 lat 须同时提供' });
  }
  if (!hasPoint && b.address === undefined) ctx.addIssue({ code: 'custom', path: ['lng'], message: '请提供位置：经纬度 lng/lat 或地址 address' });
  if (hasPoint && b.address !== undefined) ctx.addIssue({ code: 'custom', path: ['address'], message: '经纬度和地址只能提供一种' });
  if (!hasPoint && b.coord_system !== undefined) ctx.addIssue({ code: 'custom', path: ['coord_system'], message: '只有提供经纬度时才能指定坐标系' });
}

export const createCaseBody = z
  .object({
    title: text('案件标题', 200),
    dispute_type: disputeType,
    description: storableString('案情描述', 5000).optional(),
    parties: z.array(partyInput, { error: '当事人 parties 应为列表' }).min(1, '至少填写一名当事人').max(20, '当事人最多 20 名'),
    lng: lng.optional(),
    lat: lat.optional(),
    coord_system: coordSystem.optional(),
    address: text('地址', 200).optional(),
    /** 案件来源, chosen by the dispatcher; default court_delegated (法院委派). */
    source: caseSource.optional(),
  })
  .strict()
  .superRefine(refineLocation);
export type CreateCaseBody = z.infer<typeof createCaseBody>;

/**
 * POST /api/assign/preview: the ranking for a place and a type, no case created. The place is given
 * as for POST /api/cases: `lng`/`lat` (+ `coord_system`) or an `address` matched against the gazetteer.
 * It lists the first PREVIEW_FIRST candidates and says how many more there are (`more`); `all: true` lists
 * them all (at most the rule's max_candidates).
 */
export const previewBody = z
  .object({
    lng: lng.optional(), lat: lat.optional(), coord_system: coordSystem.optional(), address: text('地址', 200).optional(), dispute_type: disputeType,
    all: z.boolean({ error: 'all 应为 true（列出全部候选人）或 false' }).optional(),
  })
  .strict()
  .superRefine(refineLocation);
export type PreviewBody = z.infer<typeof previewBody>;

/**
 * POST /api/cases/:id/assign. Without mediator_id the top candidate is taken. `choice` says how the
 * dispatcher chose the named mediator: `top` (confirmed the first of the ranking shown) or `manual`
 * (picked another); recorded as 首选 only when the mediator is still first when the case is assigned.
 */
export const ASSIGN_CHOICES = { top: '首选', manual: '人工选择' } as const;
export const assignBody = z
  .object({
    version,
    mediator_id: id('调解员编号 mediator_id').optional(),
    reason: text('分派理由', 500).optional(),
    choice: z.enum(['top', 'manual'], { error: '选择方式 choice 应为 top（首选）或 manual（人工选择）' }).optional(),
  })
  .strict();
export type AssignBody = z.infer<typeof assignBody>;

/**
 * POST /api/cases/:id/location: the dispatcher sets the case's exact point (a map click): the case is
 * located again (grid, village, township, tribunal) and becomes point-located (LOCATION_PRECISIONS).
 */
export const locationBody = z
  .object({ version, lng, lat, coord_system: coordSystem.optional() })
  .strict();
export type LocationBody = z.infer<typeof locationBody>;
/** The answer of POST /api/cases/:id/location: the case's new version and units (WGS84 point). */
export interface LocationAnswer {
  id: number; version: number; location_precision: 'point'; lng: number; lat: number;
  township_code: string; village_code: string; grid_code: string; tribunal_id: number | null;
}

export const statusBody = z
  .object({
    version,
    status: z.enum(keysOf(CASE_STATUSES), { error: `状态应为其中之一：${Object.keys(CASE_STATUSES).join(', ')}` }),
    note: text('说明', 1000).optional(),
  })
  .strict();
export type StatusBody = z.infer<typeof statusBody>;

export const extendBody = z
  .object({
    version,
    days: int('延长天数 days（一次最多 90 天）', 1, 90),
    reason: text('延长理由', 500),
  })
  .strict();
export type ExtendBody = z.infer<typeof extendBody>;

export const noteBody = z.object({ note: text('督办记录', 2000) }).strict();

export const guidanceBody = z
  .object({
    mode: z.enum(keysOf(GUIDANCE_MODES), { error: '指导方式 mode 应为 typical_case、legal_guidance、remote_online 或 on_site' }),
    requested_at: dateTime('申请时间 requested_at').optional(),
    note: text('申请说明', 2000),
  })
  .strict();
export type GuidanceBody = z.infer<typeof guidanceBody>;

export const guidancePatch = z
  .object({ held_at: dateTime('指导时间 held_at').nullable().optional(), outcome: text('指导结果', 2000).nullable().optional() })
  .strict()
  .refine((b) => b.held_at !== undefined || b.outcome !== undefined, '没有要修改的内容');
export type GuidancePatch = z.infer<typeof guidancePatch>;

/**
 * POST /api/assign/batch. `confirm: true` is required: the batch assigns the whole backlog at once,
 * so an empty or accidental request must change nothing.
 */
export const batchBody = z
  .object({
    confirm: z.literal(true, { error: '批量分派须确认：请求体须包含 "confirm": true' }),
    limit: int('数量 limit', 1, 10_000).optional(),
    /** Only these pending cases (a bulk intake's new cases, issue 18 item 2); default: the whole backlog. */
    case_ids: z.array(id('案件编号'), { error: 'case_ids 应为案件编号列表' }).min(1, 'case_ids 不能为空').max(10_000, 'case_ids 最多 10000 个').optional(),
  })
  .strict();

const empty = blankAsMissing;
const statusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(keysOf(CASE_STATUSES), { error: '状态无效' })).min(1));

/** GET /api/cases (query strings). Days are Asia/Shanghai calendar days, both ends included. */
export const listCasesQuery = z
  .object({
    status: empty(statusList),
    type: empty(disputeType),
    township: empty(z.string().regex(/^\d{12}$/, '乡镇代码应为 12 位数字')),
    village: empty(z.string().regex(/^\d{12}$/, '村（社区）代码应为 12 位数字')),
    grid: empty(z.string().regex(/^\d{15}$/, '网格代码应为 15 位数字')),
    mediator: empty(idText('调解员编号 mediator')),
    source: empty(caseSource),
    /** Only the cases located so precisely (`village`: those still to be placed on the map). */
    precision: empty(z.enum(keysOf(LOCATION_PRECISIONS), { error: '定位精度 precision 应为 point 或 village' })),
    overdue: empty(z.enum(['true', 'false']).transform((v) => v === 'true')),
    ...periodFields(),
    q: empty(storableString('搜索词 q', 100)),
    ...paging(50, 200),
  })
  .superRefine(refineListPeriod);
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const supervisionQuery = z.object({
  kind: z.enum(['overdue', 'near_deadline'], { error: 'kind 应为 overdue 或 near_deadline' }),
  days: empty(intText('天数 days', 1, 60)).transform((v) => v ?? 3),
  /** Only the cases of one township (12-digit code). */
  township: empty(z.string().regex(/^\d{12}$/, '乡镇(街道)代码 township 应为 12 位数字')),
  ...paging(50, 200),
});
export type SupervisionQuery = z.infer<typeof supervisionQuery>;

export const caseIdParam = idParam('案件编号');
export const guidanceIdParam = idParam('指导申请编号');

// --- answers ---------------------------------------------------------------------------------------

export interface GeoPoint { type: 'Point'; coordinates: [number, number] }

export interface Candidate {
  mediator_id: number;
  name: string;
  kind: string;
  organisation: string | null;
  tier: AssignmentTier;
  tier_label: string;
  /** Metres on the WGS84 spheroid from the point to the mediator; null when no location is registered. */
  distance_m: number | null;
  open_cases: number;
  capacity: number;
  score: number;
  /** 0 none, 1 personal specialty, 2 member of an organisation of the dispute's industry. */
  specialty_match: 0 | 1 | 2;
  reasons: string[];
  location: GeoPoint | null;
  /** The areas the mediator is responsible for (mediator_service_areas), to draw on the map. */
  service_areas: ServiceArea[];
}

export interface ServiceArea { level: 'grid' | 'village' | 'township' | 'district'; code: string }

/** What an address was matched to (POST /api/cases, POST /api/assign/preview with `address`). */
/** A place of the gazetteer (services/gazetteer.ts): its point and its bbox [west, south, east, north]. */
export interface AddressPlace { level: 'village' | 'township'; code: string; name: string; township_name: string; lng: number; lat: number; bbox: [number, number, number, number] }

/**
 * How an address was matched: `exact` (the text names the place) or `partial` (only part of it did:
 * uncertain, see `alternatives`, ranked). `level` says how far the place goes: a village's match does
 * not know the grid, a township's not the village.
 */
export interface AddressMatchInfo extends AddressPlace { outcome: 'exact' | 'partial'; alternatives: AddressPlace[] }

export interface Excluded {
  mediator_id: number;
  name: string;
  tier: AssignmentTier;
  reason: ExclusionReason;
  reason_text: string;
}

export interface BoundaryWarning {
  message: string;
  neighbours: { level: 'grid' | 'village' | 'township'; code: string; name: string; distance_m: number }[];
}

export interface LocatedUnits {
  township: { code: string; name: string };
  village: { code: string; name: string };
  /** null: the place is known only to its village (an address matched to a village): ranked by village. */
  grid: { code: string; name: string } | null;
  tribunal: { id: number; name: string } | null;
}

export type PreviewAnswer =
  | {
      outcome: 'candidates' | 'no_eligible_mediator';
      /** WGS84, after conversion. */
      lng: number;
      lat: number;
      dispute_type: DisputeType;
      located: LocatedUnits;
      candidates: Candidate[];
      /**
       * POST /api/assign/preview lists the first PREVIEW_FIRST candidates: how many more the rule ranks
       * (absent: none; ask again with `all: true` for all of them, at most max_candidates).
       */
      more?: number;
      excluded: Excluded[];
      boundary_warning?: BoundaryWarning;
      /** With no_eligible_mediator: what the dispatcher can do. */
      advice?: string;
      /** When the place was given as an address: what it matched. */
      address_match?: AddressMatchInfo;
    }
  | { outcome: 'outside_district'; lng: number; lat: number; candidates: []; excluded: []; advice: string; address_match?: AddressMatchInfo };

/** GET /api/assign/rule: the assignment rule in force (services/assignment-rule.ts), for the rule panel. */
export interface AssignmentRuleAnswer {
  radius_m: number;
  boundary_warning_m: number;
  nearby_limit: number;
  max_candidates: number;
  distance_scale_m: number;
  weights: { tier: number; specialty: number; distance: number; load: number };
  tiers: { tier: AssignmentTier; label: string; description: string }[];
  specialist_types: { type: DisputeType; label: string }[];
  exclusions: { reason: ExclusionReason; label: string }[];
  pre_litigation_days: number;
  /** The rule in Chinese, one point per line. */
  description: string[];
}

export interface PartyView {
  id: number;
  role: PartyRole;
  name: string | null;
  phone: string | null;
  id_number: string | null;
}

export interface CaseSummary {
  id: number;
  version: number;
  title: string;
  dispute_type: DisputeType;
  status: CaseStatus;
  /** 案件来源 (contract/vocab.ts CASE_SOURCES). */
  source: CaseSource;
  /** A grid report resolved where it was found (就地化解). */
  resolved_on_spot: boolean;
  township_code: string | null;
  township_name: string | null;
  village_code: string | null;
  village_name: string | null;
  /** null for a village-only case (location_precision `village`). */
  grid_code: string | null;
  grid_name: string | null;
  tribunal_id: number | null;
  /** `village`: located only to its village; lng/lat are then the village's representative point. */
  location_precision: LocationPrecision;
  /** WGS84. Only for roles that see case points (admin, dispatcher) and mediators on their own cases; else null. */
  lng: number | null;
  lat: number | null;
  mediator_id: number | null;
  mediator_name: string | null;
  created_at: string;
  assigned_at: string | null;
  /** The deadline in force (extended_until when extended), null before assignment. */
  deadline: string | null;
  overdue: boolean;
  is_demo: boolean;
  /** 案号 in the court's format, （2026）豫1502民诉前调123号; null before the case enters the court's flow (services/case-numbers.ts). */
  case_number: string | null;
}

export interface TimelineEntry {
  at: string;
  kind: CaseEventKind;
  label: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  actor: string | null;
  details: Record<string, unknown> | null;
}

export interface CaseDetail extends CaseSummary {
  description: string | null;
  address: string | null;
  coord_system_in: 'wgs84' | 'gcj02' | 'address' | null;
  /** `full` | `masked` | `none`: how the parties are shown to this user (services/masking.ts). */
  party_access: 'full' | 'masked' | 'none';
  parties: PartyView[];
  deadline_at: string | null;
  extended_until: string | null;
  mediating_at: string | null;
  settled_at: string | null;
  failed_at: string | null;
  filed_at: string | null;
  withdrawn_at: string | null;
  closed_at: string | null;
  /** `distance_m` only for readers with party access: with a mediator's point it would locate the case (services/case-view.ts). */
  assignments: { id: number; mediator_id: number; mediator_name: string; assigned_at: string; assigned_by: string | null; mode: string; reason: string | null; tier: number | null; distance_m?: number | null; replaced_at: string | null }[];
  extensions: { days: number; reason: string; previous_deadline: string | null; new_deadline: string; at: string; by: string | null }[];
  notes: { id: number; at: string; author: string | null; note: string }[];
  guidance: GuidanceView[];
  timeline: TimelineEntry[];
}

export interface GuidanceView {
  id: number;
  case_id: number;
  mode: GuidanceMode;
  requested_at: string;
  requested_by: string | null;
  note: string | null;
  held_at: string | null;
  outcome: string | null;
}

export interface BatchReport {
  assigned: { case_id: number; mediator_id: number; tier: AssignmentTier }[];
  left: { case_id: number; reason: 'no_eligible_mediator' | 'outside_district' | 'not_located' | 'facts_changed'; message: string }[];
  counts: { pending: number; assigned: number; left: number };
}

/** Field schemas other contracts (contract/reports.ts) build on, so each field has one definition. */
export { lng as lngField, lat as latField, coordSystem as coordSystemField, disputeType as disputeTypeField, caseSource as caseSourceField };
