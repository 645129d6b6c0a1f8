// Registry (调解名册): request schemas, import columns and answer types shared by the server
// (validation) and the client (types, labels). One source for the contract of /api/mediators,
// /api/organisations, /api/tribunals, /api/registry/* (template, import, export) and /api/public/directory.
import { z } from 'zod';
import type { Role } from './auth.ts';
import { specialtyCode } from './specialties.ts';
import { blankAsMissing, day, id, idParam as idParamOf, idText, int, INT4_MAX, optText, paging, phone, recordDay, storableString, text } from './fields.ts';
import {
  keysOf, MEDIATOR_KINDS, MEDIATOR_STATUSES, ORGANISATION_KINDS, SPECIALTIES,
  type MediatorKind, type MediatorStatus, type OrganisationKind, type ServiceAreaLevel, type Specialty,
} from './vocab.ts';

/** The roles that read the registry (admin always): the registry routes and the OGC API collections. */
export const REGISTRY_READERS: readonly Role[] = ['dispatcher', 'planner', 'leader'];

// --- vocabularies ----------------------------------------------------------------------------------

export const ORGANISATION_STATUSES = { active: '正常', withdrawn: '已撤销' } as const;
export type OrganisationStatus = keyof typeof ORGANISATION_STATUSES;

export const IMPORT_KINDS = { mediators: '调解员', organisations: '调解组织' } as const;
export type ImportKind = keyof typeof IMPORT_KINDS;

/** Where a mediator's location came from. */
export const LOCATION_SOURCES = { given: '录入坐标', area: '服务区域代表点（示意）' } as const;
export type LocationSource = keyof typeof LOCATION_SOURCES;

/** The district-wide service area, written 全区 in a file. */
export const DISTRICT_AREA_NAME = '全区';

/**
 * Import columns: the Chinese header, the field, whether it is required, and a hint for the template.
 * Headers are matched after trimming and without a trailing `*` (the template marks required ones).
 */
export interface ImportColumn { header: string; field: string; required: boolean; hint: string; width: number }

export const MEDIATOR_COLUMNS: readonly ImportColumn[] = [
  { header: '姓名', field: 'name', required: true, hint: '调解员姓名', width: 12 },
  { header: '类别', field: 'kind', required: true, hint: Object.values(MEDIATOR_KINDS).join('、'), width: 16 },
  { header: '工作单位', field: 'work_unit', required: false, hint: '例：某某村民委员会', width: 22 },
  { header: '职务', field: 'position', required: false, hint: '例：村委会主任', width: 14 },
  { header: '联系电话', field: 'phone', required: true, hint: '手机 11 位或固话（区号-号码）', width: 16 },
  { header: '所属调解组织', field: 'organisation', required: false, hint: '已登记的调解组织名称', width: 26 },
  { header: '对接人民法庭', field: 'tribunal', required: false, hint: '不填则按服务区域所属法庭', width: 16 },
  { header: '服务区域', field: 'service_areas', required: true, hint: `区划编码或名称，多个用分号分隔；同名村写“乡镇/村”；全区写“${DISTRICT_AREA_NAME}”`, width: 30 },
  { header: '经度', field: 'lng', required: false, hint: '不填则取服务区域代表点（示意）', width: 12 },
  { header: '纬度', field: 'lat', required: false, hint: '与经度同时填写', width: 12 },
  { header: '坐标系', field: 'coord_system', required: false, hint: 'WGS84（默认，天地图/GPS）或 GCJ-02（高德/腾讯）', width: 12 },
  { header: '专长', field: 'specialties', required: false, hint: `多个用“、”分隔；应为已登记的专长（专长列表），例：${Object.values(SPECIALTIES).join('、')}、婚姻家庭`, width: 20 },
  { header: '办案容量', field: 'capacity', required: false, hint: '同时在办案件上限，默认 10', width: 10 },
  { header: '状态', field: 'status', required: false, hint: '在岗（默认）、休假、退出', width: 8 },
  { header: '状态日期', field: 'status_since', required: false, hint: 'YYYY-MM-DD', width: 12 },
  { header: '诉前调解联络员', field: 'is_liaison', required: false, hint: '是 / 否', width: 14 },
  { header: '备注', field: 'note', required: false, hint: '', width: 20 },
];

export const ORGANISATION_COLUMNS: readonly ImportColumn[] = [
  { header: '名称', field: 'name', required: true, hint: '调解组织全称', width: 30 },
  { header: '类别', field: 'kind', required: true, hint: Object.values(ORGANISATION_KINDS).join('、'), width: 22 },
  { header: '行业', field: 'industry', required: false, hint: `行业性/专业性调解组织必填：${Object.values(SPECIALTIES).join('、')}`, width: 14 },
  { header: '所属乡镇(街道)', field: 'township', required: false, hint: '编码或名称', width: 16 },
  { header: '所属村(社区)', field: 'village', required: false, hint: '编码或名称', width: 16 },
  { header: '地址', field: 'address', required: false, hint: '办公地址', width: 26 },
  { header: '经度', field: 'lng', required: false, hint: '', width: 12 },
  { header: '纬度', field: 'lat', required: false, hint: '', width: 12 },
  { header: '坐标系', field: 'coord_system', required: false, hint: 'WGS84（默认）或 GCJ-02', width: 12 },
  { header: '联系人', field: 'contact_name', required: false, hint: '', width: 12 },
  { header: '联系电话', field: 'contact_phone', required: false, hint: '手机 11 位或固话（区号-号码）', width: 16 },
  { header: '对接人民法庭', field: 'tribunal', required: false, hint: '不填则按所属乡镇的法庭', width: 16 },
  { header: '备注', field: 'note', required: false, hint: '', width: 20 },
];

export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = { mediators: MEDIATOR_COLUMNS, organisations: ORGANISATION_COLUMNS };

/** Upload limits. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;
/** A preview can be committed this long after it was made. */
export const IMPORT_PREVIEW_MINUTES = 60;

// --- building blocks -------------------------------------------------------------------------------

const empty = blankAsMissing;
const version = int('版本号 version', 1, INT4_MAX);

/** A PATCH of these fields: any of them, and the version the editor saw. */
const versionedPatch = <B>(fields: Record<string, z.ZodType>) =>
  z.object({ ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])), version })
    .strict()
    .refine((b) => Object.keys(b).length > 1, '没有要修改的内容') as unknown as z.ZodType<Partial<B> & { version: number }>;

// The phone rule lives in fields.ts (users' phones use it too).
export { PHONE_PATTERN, phone } from './fields.ts';

export const pointInput = z.object({
  lng: z.number({ error: '经度 lng 必须是数字' }).min(-180).max(180),
  lat: z.number({ error: '纬度 lat 必须是数字' }).min(-90).max(90),
  coord_system: z.enum(['wgs84', 'gcj02'], { error: '坐标系应为 wgs84 或 gcj02' }).optional(),
}).strict();

export const serviceAreaInput = z.object({
  level: z.enum(['grid', 'village', 'township', 'district'], { error: '服务区域层级应为 grid、village、township 或 district' }),
  code: z.string({ error: '服务区域编码必须是文字' }).trim().regex(/^\d{12}(\d{3})?$/, '服务区域编码应为 12 位（乡镇、村）或 15 位（网格）数字'),
}).strict();

const kind = z.enum(keysOf(MEDIATOR_KINDS), { error: `调解员类别应为其中之一：${Object.keys(MEDIATOR_KINDS).join(', ')}` });
const status = z.enum(keysOf(MEDIATOR_STATUSES), { error: '状态应为 active、on_leave 或 withdrawn' });
const specialty = z.enum(keysOf(SPECIALTIES), { error: `专长应为其中之一：${Object.keys(SPECIALTIES).join(', ')}` });
const orgKind = z.enum(keysOf(ORGANISATION_KINDS), { error: `调解组织类别应为其中之一：${Object.keys(ORGANISATION_KINDS).join(', ')}` });

// --- mediators -------------------------------------------------------------------------------------

const csv = <S extends z.ZodType>(item: S) =>
  z.preprocess((v) => (typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined), z.array(item).optional());
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v === '' ? undefined : v), z.boolean({ error: '应为 true 或 false' }).optional());

/** GET /api/mediators (and its export): filters, all optional; `area` is any township, village or grid code. */
export const mediatorsQuery = z.object({
  kind: csv(kind),
  status: csv(status),
  township: empty(z.string().regex(/^\d{12}$/, '乡镇编码应为 12 位数字')),
  village: empty(z.string().regex(/^\d{12}$/, '村（社区）编码应为 12 位数字')),
  grid: empty(z.string().regex(/^\d{15}$/, '网格编码应为 15 位数字')),
  tribunal: empty(idText('人民法庭编号 tribunal')),
  organisation: empty(idText('调解组织编号 organisation')),
  specialty: empty(specialtyCode),
  liaison: bool,
  /** Text search on name, work unit, position and organisation name. */
  q: empty(storableString('搜索词 q', 60)),
  /** minLng,minLat,maxLng,maxLat (WGS84). */
  bbox: empty(z.string().transform((s, ctx) => {
    const n = s.split(',').map(Number);
    const inRange = n.length === 4 && n.every((x, i) => Number.isFinite(x) && Math.abs(x) <= (i % 2 === 0 ? 180 : 90));
    if (!inRange || n[0]! > n[2]! || n[1]! > n[3]!) {
      ctx.addIssue({ code: 'custom', message: 'bbox 应为 最小经度,最小纬度,最大经度,最大纬度' });
      return z.NEVER;
    }
    return n as [number, number, number, number];
  })),
  ...paging(50, 5000),
});
export type MediatorsQuery = z.infer<typeof mediatorsQuery>;

const mediatorFields = {
  name: text('姓名', 60),
  kind,
  work_unit: optText('工作单位', 100).optional(),
  position: optText('职务', 60).optional(),
  phone,
  organisation_id: id('调解组织编号 organisation_id').nullable().optional(),
  tribunal_id: id('人民法庭编号 tribunal_id').nullable().optional(),
  service_areas: z.array(serviceAreaInput, { error: '服务区域 service_areas 应为列表' }).min(1, '至少填写一个服务区域').max(200, '服务区域最多 200 个'),
  location: pointInput.nullable().optional(),
  /** Codes of the specialties table (checked by the service: services/registry/specialties.ts). */
  specialties: z.array(specialtyCode).max(20, '专长最多 20 项').optional(),
  capacity: int('办案容量 capacity', 1, 200).optional(),
  status: status.optional(),
  status_since: recordDay('状态起始日 status_since').nullable().optional(),
  leave_until: day('休假截止日 leave_until').nullable().optional(),
  joined_on: recordDay('入册日期 joined_on').nullable().optional(),
  is_liaison: z.boolean({ error: '诉前调解联络员 is_liaison 应为 true 或 false' }).optional(),
  note: optText('备注', 500).optional(),
};

export const mediatorBody = z.object(mediatorFields).strict();
export type MediatorBody = z.infer<typeof mediatorBody>;

/** PATCH: any field, with the version the editor saw. */
export const mediatorPatch = versionedPatch<MediatorBody>(mediatorFields);
export type MediatorPatch = Partial<MediatorBody> & { version: number };

/** POST /api/mediators/:id/deactivate: withdrawal (退出) on a day (default today, Asia/Shanghai). */
export const deactivateBody = z.object({ version, date: day('退出日期 date').optional(), reason: optText('原因', 500).optional() }).strict();
export type DeactivateBody = z.infer<typeof deactivateBody>;

export const idParam = idParamOf('编号');

// --- organisations ---------------------------------------------------------------------------------

export const organisationsQuery = z.object({
  kind: csv(orgKind),
  status: csv(z.enum(keysOf(ORGANISATION_STATUSES))),
  township: empty(z.string().regex(/^\d{12}$/, '乡镇编码应为 12 位数字')),
  village: empty(z.string().regex(/^\d{12}$/, '村（社区）编码应为 12 位数字')),
  tribunal: empty(idText('人民法庭编号 tribunal')),
  industry: empty(specialty),
  q: empty(storableString('搜索词 q', 60)),
  bbox: mediatorsQuery.shape.bbox,
  ...paging(50, 5000),
});
export type OrganisationsQuery = z.infer<typeof organisationsQuery>;

const organisationFields = {
  name: text('名称', 100),
  kind: orgKind,
  industry: specialty.nullable().optional(),
  township_code: z.string().regex(/^\d{12}$/, '乡镇编码应为 12 位数字').nullable().optional(),
  village_code: z.string().regex(/^\d{12}$/, '村（社区）编码应为 12 位数字').nullable().optional(),
  address: optText('地址', 200).optional(),
  location: pointInput.nullable().optional(),
  contact_name: optText('联系人', 60).optional(),
  contact_phone: phone.nullable().optional(),
  tribunal_id: id('人民法庭编号 tribunal_id').nullable().optional(),
  note: optText('备注', 500).optional(),
};
export const organisationBody = z.object(organisationFields).strict()
  .refine((b) => b.kind !== 'industry' || Boolean(b.industry), { message: '行业性/专业性调解组织须填写行业 industry', path: ['industry'] });
export type OrganisationBody = z.infer<typeof organisationBody>;
export const organisationPatch = versionedPatch<OrganisationBody>(organisationFields);
export type OrganisationPatch = Partial<OrganisationBody> & { version: number };

// --- tribunals -------------------------------------------------------------------------------------

const tribunalFields = {
  name: text('法庭名称', 60),
  address: optText('地址', 200).optional(),
  seat: pointInput.nullable().optional(),
  /** Township codes: the whole catchment (townships not listed leave this tribunal). */
  catchment: z.array(z.string().regex(/^\d{12}$/, '乡镇编码应为 12 位数字')).max(100).optional(),
};
export const tribunalBody = z.object(tribunalFields).strict();
export type TribunalBody = z.infer<typeof tribunalBody>;
export const tribunalPatch = versionedPatch<TribunalBody>(tribunalFields);
export type TribunalPatch = Partial<TribunalBody> & { version: number };

// --- import ----------------------------------------------------------------------------------------

export const importKindParam = z.object({ kind: z.enum(keysOf(IMPORT_KINDS), { error: '导入类型应为 mediators 或 organisations' }) });
export const exportKindParam = z.object({ kind: z.enum(['mediators', 'organisations', 'tribunals'], { error: '导出类型应为 mediators、organisations 或 tribunals' }) });
const previewToken = z.string({ error: '请提供预览令牌 token' }).regex(/^[0-9a-f-]{36}$/, '预览令牌 token 无效');
export const importCommitBody = z.object({
  token: previewToken,
  /** Issue 17: import only the rows without a problem (still all or nothing for those); default: every row or none. */
  only_valid: z.boolean({ error: 'only_valid 应为 true 或 false' }).optional(),
}).strict();
/** GET /api/registry/import/problems?token=…: the problem rows of a preview as .xlsx. */
export const importProblemsQuery = z.object({ token: previewToken });

/** Kinds of problems a preview lists. */
export const IMPORT_PROBLEMS = {
  missing_column: '缺少列',
  missing_value: '必填项为空',
  unknown_kind: '类别无法识别',
  unknown_status: '状态无法识别',
  unknown_area: '区划编码或名称无法识别',
  ambiguous_area: '区划名称不唯一',
  bad_phone: '电话格式有误',
  duplicate_in_file: '文件内重复',
  duplicate_in_database: '与已登记记录重复',
  unknown_organisation: '调解组织不存在',
  unknown_tribunal: '人民法庭不存在',
  unknown_specialty: '专长（行业）无法识别',
  bad_number: '数字有误',
  bad_date: '日期有误',
  bad_coordinates: '坐标有误',
  outside_district: '坐标不在本区范围内',
  bad_value: '取值有误',
} as const;
export type ImportProblemCode = keyof typeof IMPORT_PROBLEMS;

export interface ImportProblem {
  /** The row number as Excel shows it (the header is row 1); 0 for a problem of the whole file. */
  row: number;
  /** The Chinese column header, or null for a problem of the whole row/file. */
  column: string | null;
  code: ImportProblemCode;
  message: string;
  value?: string | null;
}

export interface ImportPreview {
  token: string;
  kind: ImportKind;
  file_name: string | null;
  row_count: number;
  valid_rows: number;
  problem_count: number;
  /** Every problem, by row then column (the client pages them). */
  problems: ImportProblem[];
  /** The first rows as they would be stored, for a look before committing. */
  sample: Record<string, unknown>[];
  expires_at: string;
  /** True when there is nothing to fix: commit will write all rows. */
  committable: boolean;
}

export interface ImportCommitAnswer {
  kind: ImportKind;
  inserted: number;
  /** Rows left out because they have problems (only with only_valid). */
  skipped: number;
  ids: { first: number | null; last: number | null };
}

// --- answers ---------------------------------------------------------------------------------------

export interface GeoPoint { type: 'Point'; coordinates: [number, number] }

export interface ServiceAreaView { level: ServiceAreaLevel; code: string; name: string | null }

export interface MediatorItem {
  id: number;
  name: string;
  kind: MediatorKind;
  status: MediatorStatus;
  status_since: string | null;
  joined_on: string | null;
  leave_until: string | null;
  withdrawn_on: string | null;
  location: GeoPoint | null;
  location_source: LocationSource | null;
  service_area_codes: string[];
  service_areas: ServiceAreaView[];
  specialties: string[];
  capacity: number;
  open_cases: number;
  tribunal_id: number | null;
  tribunal_name: string | null;
  organisation_id: number | null;
  organisation_name: string | null;
  work_unit: string | null;
  position: string | null;
  /** Masked for roles that do not contact mediators (leader, planner). */
  phone: string | null;
  phone_masked: boolean;
  is_liaison: boolean;
  note: string | null;
  is_demo: boolean;
  version: number;
  updated_at: string | null;
}

export interface MediatorDetail extends MediatorItem {
  /** Cases ever assigned (a mediator with any cannot be deleted, only withdrawn). */
  case_count: number;
}

export interface OrganisationItem {
  id: number;
  name: string;
  kind: OrganisationKind;
  industry: Specialty | null;
  status: OrganisationStatus;
  status_since: string | null;
  township_code: string | null;
  township_name: string | null;
  village_code: string | null;
  village_name: string | null;
  address: string | null;
  location: GeoPoint | null;
  contact_name: string | null;
  contact_phone: string | null;
  phone_masked: boolean;
  tribunal_id: number | null;
  tribunal_name: string | null;
  member_count: number;
  active_member_count: number;
  note: string | null;
  is_demo: boolean;
  version: number;
}

export interface OrganisationDetail extends OrganisationItem {
  members: MediatorItem[];
}

export interface TribunalItem {
  id: number;
  name: string;
  name_is_real: boolean;
  address: string | null;
  seat: GeoPoint | null;
  seat_source: string | null;
  catchment: { code: string; name: string }[];
  mediator_count: number;
  organisation_count: number;
  is_demo: boolean;
  version: number;
}

export interface DeactivateAnswer {
  item: MediatorItem;
  /** Open cases still with the mediator: the dispatcher should reassign them. */
  open_case_ids: number[];
}

// --- the public directory --------------------------------------------------------------------------

export interface DirectoryPerson {
  name: string;
  kind: MediatorKind;
  work_unit: string | null;
  position: string | null;
  organisation: string | null;
  tribunal: string | null;
  specialties: string[];
  is_liaison: boolean;
  /** Always masked: 138****1234. */
  phone: string | null;
}

export interface DirectoryOrganisation {
  name: string;
  kind: OrganisationKind;
  industry: Specialty | null;
  address: string | null;
  tribunal: string | null;
  contact_phone: string | null;
}

export interface DirectoryVillage {
  code: string;
  name: string;
  organisations: DirectoryOrganisation[];
  mediators: DirectoryPerson[];
}

export interface DirectoryTownship {
  code: string;
  name: string;
  tribunal: string | null;
  organisations: DirectoryOrganisation[];
  mediators: DirectoryPerson[];
  villages: DirectoryVillage[];
}

export interface DirectoryAnswer {
  generated_at: string;
  demo: boolean;
  notice: string;
  tribunals: { name: string; address: string | null; townships: string[] }[];
  district: { organisations: DirectoryOrganisation[]; mediators: DirectoryPerson[] };
  townships: DirectoryTownship[];
  counts: { organisations: number; mediators: number };
}

export type { MediatorKind, MediatorStatus, OrganisationKind, Specialty };
