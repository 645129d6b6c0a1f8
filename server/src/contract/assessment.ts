// Assessment (issue 7): performance statistics, training, legal publicity and the leadership dashboard.
// Request schemas, vocabularies and answer types shared by the server (validation) and the client.
import { z } from 'zod';
import { blankAsMissing, dateTime, day, id, idParam as idParamOf, int, INT4_MAX, intText, paging, periodFields, refineListPeriod, refineStatsPeriod, storableString, text } from './fields.ts';
import { DISPUTE_TYPES, keysOf } from './vocab.ts';
import { CASE_FIGURES } from './figures.ts';

// --- vocabularies ----------------------------------------------------------------------------------

/** The units performance is counted for. `village` only for 万人成讼率 and the village table. */
export const PERFORMANCE_DIMENSIONS = {
  mediator: '调解员',
  organisation: '调解组织',
  township: '乡镇(街道)',
  village: '村(社区)',
  tribunal: '人民法庭',
  judge: '法官',
} as const;
export type PerformanceDimension = keyof typeof PERFORMANCE_DIMENSIONS;

/** The definitions shown on screen and in the Excel export (one source). */
export const DEFINITIONS = {
  cohort: '统计口径：统计期内登记（受理）的案件，按其当前状态计；期间按北京时间自然日计，起止日均含。',
  received: '受理：统计期内登记的案件数。',
  assigned: '分派：其中已分派给调解员的案件数。',
  success_rate: '调解成功率 = 调解成功 ÷（调解成功 + 调解失败 + 转立案）；撤回的案件不计入；无已结案件时为“—”。',
  median_days: '结案用时中位数：调解成功、失败、转立案案件从登记到结案的天数的中位数。',
  overdue: `${CASE_FIGURES.overdue_in_period.label}（表中“超期”）：${CASE_FIGURES.overdue_in_period.definition}`,
  overdue_open: `${CASE_FIGURES.overdue_open.label}：${CASE_FIGURES.overdue_open.definition}`,
  source: '委派：法院委派的诉前调解案件；自行受理：群众来访等自行登记的案件。',
  guidance: '法官指导：统计期内提出的法官指导申请数；已指导：其中已开展指导的申请数。法官一栏的案件数为其指导过的、统计期内登记的案件。',
  filed_per_10k: '万人成讼率 = 统计期内登记后转立案（成讼）的案件数 ÷ 常住人口（估算）× 10,000；未按年折算。',
  diverted: '诉前分流：统计期内法院委派诉前调解的案件数；诉前化解：其中调解成功的案件数。',
  training: '培训覆盖：统计期末所在年度内参加过至少一次培训的在岗调解员（及村(社区)干部）所占比例。',
  coverage: '无调解员覆盖村(社区)：按覆盖规划的覆盖规则计（有在岗调解员负责该村或其网格，且最近的在岗调解员在覆盖半径内），与“覆盖规划”一致。',
  publicity: '学校法治宣传：统计期末所在季度（北京时间，季度最后一天当天的活动计入该季度）内开展过至少一次活动的学校所占比例。',
} as const;

export const PUBLICITY_KINDS = {
  school: '学校法治宣传',
  enterprise: '企业普法',
  case_talk: '以案说法',
  preventive: '预防性法治宣传',
  cadre_training: '村居干部培训',
  media: '媒体宣传',
} as const;
export type PublicityKind = keyof typeof PUBLICITY_KINDS;

/** Suggested departments (free text is accepted: the court's departments are its own). */
export const DEPARTMENTS = ['调解团队', '民一庭', '民二庭', '刑一庭', '立案庭', '行政庭', '少年审判庭'] as const;

export const TRAINING_AUDIENCES = { mediators: '人民调解员培训', village_cadres: '村(社区)干部法律培训', mixed: '综合培训' } as const;
export type TrainingAudience = keyof typeof TRAINING_AUDIENCES;

export const SCHOOL_KINDS = { primary: '小学', middle: '初中', high: '高中', vocational: '职业学校' } as const;

/** Key figures of the dashboard that can be opened as a list (GET /api/dashboard/list?figure=…). */
export const DASHBOARD_FIGURES = {
  cases_period: '统计期案件',
  cases_month: '本月案件',
  cases_year: '本年案件',
  settled: '调解成功案件',
  filed: '转立案（成讼）案件',
  diverted: '诉前分流案件',
  overdue_open: CASE_FIGURES.overdue_open.label,
  uncovered_villages: '无调解员覆盖的村(社区)',
  mediators_active: '在岗调解员',
  untrained: '本年度未参加培训的在岗调解员',
  schools_without_event: '本季度未开展法治宣传的学校',
  publicity_events: '统计期法治宣传活动',
  guidance: '统计期法官指导申请',
} as const;
export type DashboardFigure = keyof typeof DASHBOARD_FIGURES;

/** What each list behind a figure holds (shown above the list and in its export). */
export const DASHBOARD_FIGURE_DEFINITIONS: Record<DashboardFigure, string> = {
  cases_period: CASE_FIGURES.cases_period.definition,
  cases_month: CASE_FIGURES.cases_month.definition,
  cases_year: CASE_FIGURES.cases_year.definition,
  settled: CASE_FIGURES.settled.definition,
  filed: CASE_FIGURES.filed.definition,
  diverted: CASE_FIGURES.diverted.definition,
  overdue_open: CASE_FIGURES.overdue_open.definition,
  uncovered_villages: DEFINITIONS.coverage,
  mediators_active: '状态为在岗的调解员（不含休假、退出的）。所在乡镇(街道)：其第一个乡镇及以下服务范围所在的乡镇，否则为所属组织所在的乡镇，均无者列为区级。',
  untrained: DEFINITIONS.training,
  schools_without_event: DEFINITIONS.publicity,
  publicity_events: '统计期内开展的各类法治宣传活动。',
  guidance: DEFINITIONS.guidance,
};

// --- building blocks -------------------------------------------------------------------------------

const empty = blankAsMissing;
const code12 = z.string({ error: '区划代码应为文字' }).regex(/^\d{12}$/, '区划代码应为 12 位数字');
const period = periodFields();

// --- queries ---------------------------------------------------------------------------------------

export const performanceQuery = z
  .object({
    ...period,
    type: empty(z.enum(keysOf(DISPUTE_TYPES))),
    dimension: z.enum(keysOf(PERFORMANCE_DIMENSIONS), { error: `统计维度 dimension 应为其中之一：${Object.keys(PERFORMANCE_DIMENSIONS).join(', ')}` }),
  })
  .superRefine(refineStatsPeriod);
export type PerformanceQuery = z.infer<typeof performanceQuery>;

const UNIT_KEY_MESSAGE = `单位编号 id 应为 12 位区划代码（乡镇、村）或 1 至 ${INT4_MAX} 的编号`;

export const trendQuery = z
  .object({
    ...period,
    type: empty(z.enum(keysOf(DISPUTE_TYPES))),
    dimension: empty(z.enum(keysOf(PERFORMANCE_DIMENSIONS))),
    /** The unit's key (a code or an id), with `dimension`. */
    id: empty(z.string().trim().regex(/^[0-9]{1,12}$/, UNIT_KEY_MESSAGE)
      .refine((s) => s.length === 12 || (Number(s) >= 1 && Number(s) <= INT4_MAX), UNIT_KEY_MESSAGE)),
  })
  .superRefine(refineStatsPeriod)
  .refine((q) => (q.dimension === undefined) === (q.id === undefined), { message: 'dimension 与 id 须同时提供', path: ['id'] });
export type TrendQuery = z.infer<typeof trendQuery>;

export const dashboardQuery = z.object({ ...period }).superRefine(refineStatsPeriod);
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const dashboardListQuery = z
  .object({
    ...period,
    figure: z.enum(keysOf(DASHBOARD_FIGURES), { error: `指标 figure 应为其中之一：${Object.keys(DASHBOARD_FIGURES).join(', ')}` }),
    /** Only the rows of one township (the lists with a township). */
    township: empty(code12),
    ...paging(50, 500),
  })
  .superRefine(refineListPeriod);
export type DashboardListQuery = z.infer<typeof dashboardListQuery>;

/** GET /api/dashboard/list/export: the whole list as .xlsx. */
export const dashboardListExportQuery = z
  .object({
    ...period,
    figure: z.enum(keysOf(DASHBOARD_FIGURES), { error: `指标 figure 应为其中之一：${Object.keys(DASHBOARD_FIGURES).join(', ')}` }),
    township: empty(code12),
  })
  .superRefine(refineListPeriod);
export type DashboardListExportQuery = z.infer<typeof dashboardListExportQuery>;

const year = intText('年份 year', 2000, 2100);

export const untrainedQuery = z.object({ year: empty(year), township: empty(code12) });
export type UntrainedQuery = z.infer<typeof untrainedQuery>;

export const complianceQuery = z
  .object({ year: empty(year), quarter: empty(intText('季度 quarter', 1, 4)) })
  .refine((q) => (q.year === undefined) === (q.quarter === undefined), { message: 'year 与 quarter 须同时提供', path: ['quarter'] });
export type ComplianceQuery = z.infer<typeof complianceQuery>;

export const listPeriodQuery = z
  .object({
    ...period,
    kind: empty(z.enum(keysOf(PUBLICITY_KINDS))),
    ...paging(100, 500),
  })
  .superRefine(refineListPeriod);
export type ListPeriodQuery = z.infer<typeof listPeriodQuery>;

export const idParam = idParamOf('编号');

// --- training --------------------------------------------------------------------------------------

export const trainingSessionBody = z
  .object({
    held_on: day('培训日期 held_on'),
    topic: text('培训主题', 200),
    hours: z.number({ error: '学时 hours 必须是数字' }).min(0.5, '学时至少 0.5').max(24, '一次培训最多 24 学时')
      .refine((h) => Number.isInteger(h * 2), '学时以 0.5 为单位'),
    organiser: text('主办单位', 100),
    place: text('培训地点', 200),
    audience: z.enum(keysOf(TRAINING_AUDIENCES), { error: '培训对象 audience 应为 mediators、village_cadres 或 mixed' }).default('mixed'),
    township_code: code12.nullable().optional(),
  })
  .strict();
export type TrainingSessionBody = z.infer<typeof trainingSessionBody>;

export const trainingSessionPatch = trainingSessionBody
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type TrainingSessionPatch = z.infer<typeof trainingSessionPatch>;

/** PUT /api/training/sessions/:id/attendance: the whole list of attendees (replaces the previous one). */
export const attendanceBody = z
  .object({
    mediator_ids: z.array(id('调解员编号'), { error: 'mediator_ids 应为调解员编号列表' }).max(2000, '一次最多 2000 名调解员'),
    others: z
      .array(z.object({ name: text('参训人员姓名', 60), village_code: code12.nullable().optional(), position: text('职务', 60).optional() }).strict())
      .max(500, '其他参训人员最多 500 名')
      .default([]),
  })
  .strict()
  .refine((b) => new Set(b.mediator_ids).size === b.mediator_ids.length, { message: '调解员编号重复', path: ['mediator_ids'] });
export type AttendanceBody = z.infer<typeof attendanceBody>;

// --- publicity -------------------------------------------------------------------------------------

/** A day (taken as 00:00 Beijing time) or a time with its offset. */
const eventTime = z.union(
  [day('活动日期 held_at'), dateTime('活动时间 held_at')],
  { error: '时间 held_at 应为 YYYY-MM-DD 或带时区的 ISO 8601 时间，例如 2026-09-30T15:00:00+08:00' },
);

export const publicityBody = z
  .object({
    kind: z.enum(keysOf(PUBLICITY_KINDS), { error: `活动类型 kind 应为其中之一：${Object.keys(PUBLICITY_KINDS).join(', ')}` }),
    held_at: eventTime,
    title: text('活动名称', 200),
    place: text('活动地点', 200).optional(),
    lng: z.number({ error: '经度 lng 必须是数字' }).min(-180).max(180).optional(),
    lat: z.number({ error: '纬度 lat 必须是数字' }).min(-90).max(90).optional(),
    audience: int('受众人数 audience', 0, 10_000_000),
    department: text('责任部门', 40),
    school_id: id('学校编号 school_id').nullable().optional(),
    enterprise_id: id('企业编号 enterprise_id').nullable().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.lng === undefined) !== (b.lat === undefined)) ctx.addIssue({ code: 'custom', path: ['lng'], message: '经度 lng 和纬度 lat 须同时提供' });
    if (b.kind === 'school' && !b.school_id) ctx.addIssue({ code: 'custom', path: ['school_id'], message: '学校法治宣传须选择学校 school_id' });
    if (b.kind === 'enterprise' && !b.enterprise_id) ctx.addIssue({ code: 'custom', path: ['enterprise_id'], message: '企业普法须选择企业 enterprise_id' });
  });
export type PublicityBody = z.infer<typeof publicityBody>;

export const publicityPatch = z
  .object({
    held_at: eventTime.optional(),
    title: text('活动名称', 200).optional(),
    place: text('活动地点', 200).optional(),
    audience: int('受众人数 audience', 0, 10_000_000).optional(),
    department: text('责任部门', 40).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type PublicityPatch = z.infer<typeof publicityPatch>;

export const judgeAssignBody = z.object({ judge_id: id('法官编号 judge_id').nullable() }).strict();

/** GET /api/guidance: the guidance requests of a period (newest first), for naming their judge. */
export const guidanceListQuery = z
  .object({
    ...period,
    /** Only those still without a judge. */
    unassigned: empty(z.enum(['true', 'false'], { error: 'unassigned 应为 true 或 false' })).transform((v) => v === 'true'),
    ...paging(50, 500),
  })
  .superRefine(refineListPeriod);
export type GuidanceListQuery = z.infer<typeof guidanceListQuery>;

// --- register of schools and enterprises -----------------------------------------------------------

const lngLat = {
  lng: z.number({ error: '经度 lng 必须是数字' }).min(-180, '经度应在 -180…180').max(180, '经度应在 -180…180'),
  lat: z.number({ error: '纬度 lat 必须是数字' }).min(-90, '纬度应在 -90…90').max(90, '纬度应在 -90…90'),
};
const unitFields = {
  name: text('名称', 100),
  /** Optional: taken from the point when left out; a village fixes its township. */
  township_code: code12.nullable().optional(),
  village_code: code12.nullable().optional(),
  ...lngLat,
};
const schoolFields = { ...unitFields, kind: z.enum(keysOf(SCHOOL_KINDS), { error: `学校类别 kind 应为其中之一：${Object.keys(SCHOOL_KINDS).join(', ')}` }) };
const enterpriseFields = {
  ...unitFields,
  industry: storableString('行业', 40).nullable().optional(),
  above_size: z.boolean({ error: '规模以上 above_size 应为 true 或 false' }).optional(),
};
const patchOf = <T extends Record<string, z.ZodType>>(fields: T) =>
  z.object(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> })
    .strict()
    .refine((b) => Object.keys(b).length > 0, '没有要修改的内容')
    .refine((b) => ((b as { lng?: unknown }).lng === undefined) === ((b as { lat?: unknown }).lat === undefined), { message: '经度 lng 和纬度 lat 须同时提供', path: ['lng'] });
export const schoolBody = z.object(schoolFields).strict();
export type SchoolBody = z.infer<typeof schoolBody>;
export const schoolPatch = patchOf(schoolFields);
export type SchoolPatch = Partial<SchoolBody>;
export const enterpriseBody = z.object(enterpriseFields).strict();
export type EnterpriseBody = z.infer<typeof enterpriseBody>;
export const enterprisePatch = patchOf(enterpriseFields);
export type EnterprisePatch = Partial<EnterpriseBody>;

// --- answers ---------------------------------------------------------------------------------------

export interface PerformanceRow {
  key: string;
  name: string;
  parent_name: string | null;
  population: number | null;
  received: number;
  assigned: number;
  settled: number;
  failed: number;
  filed: number;
  withdrawn: number;
  open: number;
  success_rate: number | null;
  median_days: number | null;
  overdue: number;
  court_delegated: number;
  self_reported: number;
  guidance_requested: number;
  guidance_held: number;
  filed_per_10k: number | null;
}

export interface PerformanceAnswer {
  dimension: PerformanceDimension;
  period: { from: string; to: string };
  rows: PerformanceRow[];
  definitions: typeof DEFINITIONS;
}

export interface TrendPoint {
  month: string;
  received: number;
  settled: number;
  failed: number;
  filed: number;
  success_rate: number | null;
}

export interface DashboardAnswer {
  period: { from: string; to: string };
  dataset: { name: string; demo: boolean; anchor_date: string; version: string | null };
  month: { from: string; to: string };
  year: { from: string; to: string; year: number };
  quarter: { from: string; to: string; year: number; quarter: number };
  figures: {
    cases_period: number;
    cases_month: number;
    cases_year: number;
    settled: number;
    failed: number;
    filed: number;
    withdrawn: number;
    open: number;
    success_rate: number | null;
    diverted: number;
    diverted_settled: number;
    diverted_share: number | null;
    overdue_open: number;
    overdue: number;
    filed_per_10k: number | null;
    population: number;
    villages_total: number;
    uncovered_villages: number;
    mediators_active: number;
    mediators_trained: number;
    training_share: number | null;
    cadres_active: number;
    cadres_trained: number;
    training_sessions: number;
    training_attendance: number;
    schools_total: number;
    schools_with_event: number;
    publicity_share: number | null;
    enterprises_above_size: number;
    enterprises_with_event: number;
    publicity_events: number;
    publicity_audience: number;
    guidance_requested: number;
    guidance_held: number;
  };
  by_month: TrendPoint[];
  by_township: { code: string; name: string; received: number; settled: number; filed: number; success_rate: number | null; filed_per_10k: number | null; uncovered_villages: number }[];
  by_type: { type: string; label: string; count: number }[];
  by_source: { source: string; label: string; count: number }[];
  by_publicity_kind: { kind: PublicityKind; label: string; count: number; audience: number }[];
  /** Which rule counted uncovered_villages: the planning work's coverage (services/coverage), or the fallback (a responsible active mediator). */
  coverage_rule: 'coverage' | 'responsible_mediator';
  definitions: typeof DEFINITIONS;
}

/** Case sources: one vocabulary, in vocab.ts. */
export { CASE_SOURCES } from './vocab.ts';

export interface ListColumn { key: string; label: string }
export interface DashboardList {
  figure: DashboardFigure;
  label: string;
  /** What the list holds (DASHBOARD_FIGURE_DEFINITIONS). */
  definition: string;
  total: number;
  columns: ListColumn[];
  items: Record<string, string | number | null>[];
}
