// The fixed vocabularies of the domain, with their Chinese labels.
// One source for the server (validation), the client (labels) and the data scripts (generation).

/** Account roles (contract/auth.ts re-exports them with the account schemas). */
export const ROLES = {
  admin: '系统管理员',
  leader: '院领导',
  dispatcher: '分流员',
  planner: '规划员',
  mediator: '调解员',
} as const;

export const TOWNSHIP_TYPES = { subdistrict: '街道', town: '镇', township: '乡' } as const;
export type TownshipType = keyof typeof TOWNSHIP_TYPES;

export const VILLAGE_TYPES = { community: '社区', village: '村' } as const;
export type VillageType = keyof typeof VILLAGE_TYPES;

export const AREA_LEVELS = ['township', 'village', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Where an area's geometry comes from. Only `official` and `imported` are real boundaries. */
export const GEOMETRY_SOURCES = {
  official: '官方边界',
  schematic: '示意边界（非官方）',
  imported: '导入边界',
} as const;
export type GeometrySource = keyof typeof GEOMETRY_SOURCES;

export const MEDIATOR_KINDS = {
  full_time: '专职人民调解员',
  grid_worker: '网格员',
  township_cadre: '乡镇(街道)干部',
  village_cadre: '村(社区)干部',
  invited: '特邀调解员',
  lawyer: '律师调解员',
  other: '其他',
} as const;
export type MediatorKind = keyof typeof MEDIATOR_KINDS;

export const MEDIATOR_STATUSES = { active: '在岗', on_leave: '休假', withdrawn: '退出' } as const;
export type MediatorStatus = keyof typeof MEDIATOR_STATUSES;

export const ORGANISATION_KINDS = {
  village_committee: '村(居)民委员会调委会',
  township_committee: '乡镇(街道)调委会',
  industry: '行业性/专业性调解组织',
  enterprise: '企业/工业园区调委会',
  governance_unit: '基层治理单位',
  lawyer_studio: '律师调解工作室',
} as const;
export type OrganisationKind = keyof typeof ORGANISATION_KINDS;

/** Industries of specialist organisations; dispute types with the same key need a matching specialist first. */
export const SPECIALTIES = {
  medical: '医疗纠纷',
  traffic: '道路交通事故',
  labour: '劳动争议',
  property: '物业管理',
  logistics: '物流',
  environment: '环境保护',
  commercial: '商事(商业区)',
} as const;
export type Specialty = keyof typeof SPECIALTIES;

export const DISPUTE_TYPES = {
  marriage_family: '婚姻家庭纠纷',
  neighbour: '邻里纠纷',
  land: '土地山林纠纷',
  debt: '民间借贷纠纷',
  contract: '合同纠纷',
  damages: '损害赔偿纠纷',
  medical: '医疗纠纷',
  traffic: '道路交通事故纠纷',
  labour: '劳动争议纠纷',
  property: '物业纠纷',
  logistics: '物流纠纷',
  environment: '环境污染纠纷',
  commercial: '商事纠纷',
  other: '其他纠纷',
} as const;
export type DisputeType = keyof typeof DISPUTE_TYPES;

/** Dispute types that go to a matching specialist first (key = the specialty). */
export const SPECIALIST_DISPUTE_TYPES: readonly (DisputeType & Specialty)[] = [
  'medical', 'traffic', 'labour', 'property', 'logistics', 'environment', 'commercial',
];

export const CASE_STATUSES = {
  pending: '待分流',
  assigned: '已分派',
  mediating: '调解中',
  settled: '调解成功',
  failed: '调解失败',
  filed: '已转立案',
  withdrawn: '已撤回',
} as const;
export type CaseStatus = keyof typeof CASE_STATUSES;
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['pending', 'assigned', 'mediating'];

/**
 * Where a case comes from (案件来源). `self_reported` is the key the data set already used for walk-ins
 * and cases a mediation organisation took up itself (群众来访 / 自行受理).
 */
export const CASE_SOURCES = {
  court_delegated: '法院委派',
  grid_report: '网格上报',
  self_reported: '群众来访/自行受理',
  department_referral: '部门移交',
} as const;
export type CaseSource = keyof typeof CASE_SOURCES;

export const SERVICE_AREA_LEVELS = ['grid', 'village', 'township', 'district'] as const;
export type ServiceAreaLevel = (typeof SERVICE_AREA_LEVELS)[number];

export function keysOf<T extends object>(o: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
}
