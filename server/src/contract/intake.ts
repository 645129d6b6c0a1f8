// Bulk intake of cases (批量导入案件, issue 18 item 2): request schemas, the fields a column can be
// mapped to, row outcomes and problems, and the answers. Shared by the server and the client.
import { z } from 'zod';
import { id, idParam, int, pattern, text } from './fields.ts';
import { DISPUTE_TYPES, keysOf, type CaseSource, type DisputeType } from './vocab.ts';
import type { AddressPlace, LocationPrecision } from './cases.ts';

/** An upload can be previewed, fixed and committed this long after it was read. */
export const INTAKE_MINUTES = 120;
export const INTAKE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The fields of a case a column can hold, with the header texts that propose it. Parties: 当事人 lists
 * the names (、 ; ， / separated), each with its role in brackets (张三（申请人）) or by 当事人身份; 联系电话
 * and 身份证号 list theirs in the same order.
 */
export const INTAKE_FIELDS = {
  case_number: { label: '案号', headers: ['案号', '案件编号', '诉前调解案号'], required: false },
  cause: { label: '案由', headers: ['案由', '纠纷类型', '案件类型'], required: true },
  parties: { label: '当事人', headers: ['当事人', '当事人姓名', '当事人名称'], required: true },
  party_roles: { label: '当事人身份', headers: ['当事人身份', '诉讼地位', '当事人类型'], required: false },
  phones: { label: '联系电话', headers: ['联系电话', '电话', '手机号', '联系方式'], required: false },
  id_numbers: { label: '身份证号', headers: ['身份证号', '身份证号码', '证件号码'], required: false },
  address: { label: '地址', headers: ['地址', '纠纷地址', '发生地', '住址', '纠纷发生地'], required: false },
  lng: { label: '经度', headers: ['经度', 'lng', 'longitude'], required: false },
  lat: { label: '纬度', headers: ['纬度', 'lat', 'latitude'], required: false },
  coord_system: { label: '坐标系', headers: ['坐标系'], required: false },
  registered_on: { label: '登记日期', headers: ['登记日期', '立案日期', '收案日期', '委派日期'], required: false },
  source: { label: '来源', headers: ['来源', '案件来源'], required: false },
  title: { label: '案件标题', headers: ['案件标题', '标题', '案件名称'], required: false },
  description: { label: '案情', headers: ['案情', '案情描述', '案情简介', '诉讼请求'], required: false },
} as const;
export type IntakeField = keyof typeof INTAKE_FIELDS;
export const INTAKE_FIELD_KEYS = keysOf(INTAKE_FIELDS);

/** field → the column index (0-based) of the file's header row, or null (not in the file). */
export type IntakeMapping = Partial<Record<IntakeField, number | null>>;

export const ROW_OUTCOMES = {
  ok: '可导入',
  uncertain: '位置待确认',
  not_found: '未找到位置',
  duplicate: '疑似重复',
  invalid: '有错误',
  excluded: '已排除',
} as const;
export type RowOutcome = keyof typeof ROW_OUTCOMES;

export const LOCATION_STATUSES = { matched: '已定位', uncertain: '待确认', not_found: '未找到' } as const;
export type LocationStatus = keyof typeof LOCATION_STATUSES;

/** Kinds of row problems (each problem also carries the field and a Chinese message). */
export const INTAKE_PROBLEMS = {
  missing_value: '缺少内容',
  invalid_value: '格式有误',
  cause_unmapped: '案由未对应纠纷类型',
  address_uncertain: '地址只部分对上',
  address_ambiguous: '地址对应多个地点',
  address_not_found: '地址未找到',
  location_missing: '没有地址或坐标',
  outside_district: '不在本区范围内',
  outside_scope: '不在您的辖区',
  duplicate_number: '案号重复',
  duplicate_parties: '当事人和登记日期重复',
  case_number_taken: '案号已被使用',
} as const;
export type IntakeProblemCode = keyof typeof INTAKE_PROBLEMS;

// --- requests --------------------------------------------------------------------------------------

const columnIndex = int('列序号', 0, 1000).nullable();
export const intakeMapping = z.object(
  Object.fromEntries(INTAKE_FIELD_KEYS.map((k) => [k, columnIndex.optional()])) as Record<IntakeField, z.ZodOptional<typeof columnIndex>>,
).strict();

export const intakeIdParam = z.object({ id: pattern('导入编号', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '导入编号无效（应为上传时返回的 id）') });
export const intakeRowParam = intakeIdParam.extend({ row: z.string().regex(/^\d{1,7}$/, '行号应为整数').transform(Number) });

/** PUT /api/intake/:id/mapping: the mapping to use (and remember for this header set). */
export const mappingBody = z.object({ mapping: intakeMapping }).strict();

const lng = z.number({ error: '经度 lng 必须是数字' }).min(-180, '经度 lng 超出范围').max(180, '经度 lng 超出范围');
const lat = z.number({ error: '纬度 lat 必须是数字' }).min(-90, '纬度 lat 超出范围').max(90, '纬度 lat 超出范围');
const disputeType = z.enum(keysOf(DISPUTE_TYPES), { error: `纠纷类型应为其中之一：${Object.keys(DISPUTE_TYPES).join(', ')}` });

/**
 * PATCH /api/intake/:id/rows/:row: the dispatcher's fix of one row. `point` (WGS84, a click on the map)
 * or `place_code` (an alternative of the address match) places it; `null` removes the fix.
 */
export const rowFixBody = z.object({
  point: z.object({ lng, lat }).strict().nullable().optional(),
  place_code: pattern('地点代码', /^\d{12}$/, '地点代码应为 12 位乡镇或村（社区）代码').nullable().optional(),
  dispute_type: disputeType.nullable().optional(),
  excluded: z.boolean({ error: 'excluded 应为 true 或 false' }).optional(),
}).strict().refine((b) => !(b.point && b.place_code), '点选位置和选择地点只能提供一种')
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');
export type RowFixBody = z.infer<typeof rowFixBody>;

/**
 * POST /api/intake/:id/commit: every row not excluded is created, or none. `exclude` (row numbers) and
 * `exclude_problem_rows` (every row that is not ready) are the explicit choices to leave rows out.
 */
export const intakeCommitBody = z.object({
  exclude: z.array(int('行号', 1, 10_000_000), { error: 'exclude 应为行号列表' }).max(100_000).optional(),
  exclude_problem_rows: z.boolean({ error: 'exclude_problem_rows 应为 true 或 false' }).optional(),
}).strict();
export type IntakeCommitBody = z.infer<typeof intakeCommitBody>;

const causeText = text('案由', 60).refine((s) => /\p{Script=Han}/u.test(s), '案由应为中文（例：民间借贷纠纷）');
export const causeBody = z.object({ cause: causeText, dispute_type: disputeType }).strict();
export const causePatch = z.object({ cause: causeText.optional(), dispute_type: disputeType.optional() }).strict()
  .refine((b) => b.cause !== undefined || b.dispute_type !== undefined, '没有要修改的内容');
export type CauseBody = z.infer<typeof causeBody>;
export type CausePatch = z.infer<typeof causePatch>;
export const causeIdParam = idParam('案由编号');
export const causeId = id;

// --- answers ---------------------------------------------------------------------------------------

export interface CauseItem { id: number; cause: string; dispute_type: DisputeType; updated_at: string }

export interface IntakeProblem { field: IntakeField | 'row'; code: IntakeProblemCode; message: string }

/** A place an uncertain row may be put at: a place of the gazetteer, as the dispatcher's address match gives it. */
export type IntakePlace = AddressPlace;

export interface IntakeLocation {
  status: LocationStatus;
  /** How the point was found: the file's coordinates, the address, or the dispatcher's fix. */
  by: 'point' | 'address' | 'fix_point' | 'fix_place' | null;
  /** `village`: placed by a village (address or pick): saved located only to it, no grid (contract/cases.ts LOCATION_PRECISIONS). */
  precision: LocationPrecision;
  lng: number | null;
  lat: number | null;
  /** The gazetteer's place (address or picked alternative). */
  place: IntakePlace | null;
  grid_code: string | null;
  grid_name: string | null;
  village_name: string | null;
  township_name: string | null;
  tribunal_id: number | null;
  /** Places to pick from when the address was uncertain. */
  alternatives: IntakePlace[];
}

export interface IntakeParty { role: 'applicant' | 'respondent' | 'third_party'; name: string; phone: string | null; id_number: string | null }

export interface IntakeRow {
  row: number;
  outcome: RowOutcome;
  excluded: boolean;
  case_number: string | null;
  cause: string | null;
  dispute_type: DisputeType | null;
  /** The type came from the cause table, the dispatcher's pick, or nowhere yet. */
  type_from: 'cause' | 'fix' | null;
  title: string;
  parties: IntakeParty[];
  address: string | null;
  registered_on: string | null;
  source: CaseSource;
  location: IntakeLocation;
  duplicate_of: { row: number | null; case_id: number | null; case_number: string | null; by: 'case_number' | 'parties_date' } | null;
  problems: IntakeProblem[];
}

export interface IntakePreview {
  id: string;
  file_name: string;
  headers: string[];
  mapping: IntakeMapping;
  /** Where the mapping came from: remembered for these headers, guessed from the header texts, or set now. */
  mapping_source: 'remembered' | 'guessed' | 'set';
  /** Whole-file problems (a required field not mapped). */
  file_problems: IntakeProblem[];
  row_count: number;
  counts: Record<RowOutcome, number>;
  rows: IntakeRow[];
  expires_at: string;
}

export interface IntakeCommitAnswer {
  created: number;
  excluded: number;
  case_ids: number[];
  case_numbers: { first: string | null; last: string | null };
}
