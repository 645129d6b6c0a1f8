// The collections of the OGC API - Features endpoint, and who may read which (the same rules as the
// app's own API: the registry for the roles that read it, cases by services/masking.ts).
import { REGISTRY_READERS } from '../../contract/registry.ts';
import { casePointMode, type Actor } from '../masking.ts';

/** A property a request may filter on (`?township_code=411502001`): exact match on a source column. */
export interface PropertyFilter {
  /** The column of the source fragment (a code constant, never from the request). */
  column: string;
  type: 'text' | 'int';
  description: string;
}

export interface CollectionSpec {
  id: string;
  title: string;
  description: string;
  /** The db/sql/ogc-source-*.sql fragment this collection is read from. */
  source: string;
  fid: 'text' | 'int';
  geometry: 'multipolygon' | 'point';
  /** Whether `datetime` applies, and to what (null: the parameter is refused for this collection). */
  temporal: null | 'row' | 'source';
  filters: Record<string, PropertyFilter>;
  /** Properties holding a phone number, masked by role as the registry API does. */
  phones: string[];
  /** The properties (name → JSON type) for the OpenAPI document and the TileJSON-like schema. */
  properties: Record<string, 'string' | 'integer' | 'number' | 'boolean' | 'array'>;
}

// A text filter takes one value or several separated by commas (`status=pending,assigned`): the case
// queue's 全部未结 is three statuses.
const code = (what: string): PropertyFilter => ({ column: what, type: 'text', description: `按${LABEL[what] ?? what}精确筛选（多个值用英文逗号分隔）` });
const int = (what: string): PropertyFilter => ({ column: what, type: 'int', description: `按${LABEL[what] ?? what}精确筛选` });
const LABEL: Record<string, string> = {
  code: '代码', township_code: '乡镇街道代码', village_code: '村（社区）代码', grid_code: '网格代码', tribunal_id: '人民法庭编号',
  organisation_id: '调解组织编号', id: '编号', kind: '类别', status: '状态', source: '来源', dispute_type: '纠纷类型',
};

const AREA_PROPS = { population_est: 'integer', area_km2: 'number', geometry_source: 'string' } as const;

const SPECS: Record<string, CollectionSpec> = {
  townships: {
    id: 'townships', title: '乡镇街道', description: '浉河区 19 个乡镇街道（边界为示意，导入官方边界后替换）', source: 'ogc-source-townships',
    fid: 'text', geometry: 'multipolygon', temporal: null, filters: { code: code('code'), tribunal_id: int('tribunal_id') }, phones: [],
    properties: { code: 'string', name: 'string', type: 'string', parent_code: 'string', tribunal_id: 'integer', ...AREA_PROPS },
  },
  villages: {
    id: 'villages', title: '村（社区）', description: '浉河区 269 个村和社区（边界为示意）', source: 'ogc-source-villages',
    fid: 'text', geometry: 'multipolygon', temporal: null, filters: { code: code('code'), township_code: code('township_code') }, phones: [],
    properties: { code: 'string', name: 'string', official_name: 'string', type: 'string', township_code: 'string', ...AREA_PROPS },
  },
  grids: {
    id: 'grids', title: '网格', description: '网格化管理的网格单元（边界为示意）', source: 'ogc-source-grids',
    fid: 'text', geometry: 'multipolygon', temporal: null,
    filters: { code: code('code'), village_code: code('village_code'), township_code: code('township_code') }, phones: [],
    properties: { code: 'string', name: 'string', village_code: 'string', township_code: 'string', ...AREA_PROPS },
  },
  tribunals: {
    id: 'tribunals', title: '人民法庭辖区', description: '各人民法庭的辖区（所辖乡镇街道的合并范围）', source: 'ogc-source-tribunals',
    fid: 'int', geometry: 'multipolygon', temporal: null, filters: { id: int('id') }, phones: [],
    properties: { id: 'integer', name: 'string', name_is_real: 'boolean', is_demo: 'boolean', township_codes: 'array', township_count: 'integer' },
  },
  organisations: {
    id: 'organisations', title: '调解组织', description: '调解组织名册（演示数据）；联系电话按角色脱敏', source: 'ogc-source-organisations',
    fid: 'int', geometry: 'point', temporal: null,
    filters: { kind: code('kind'), status: code('status'), township_code: code('township_code'), village_code: code('village_code'), tribunal_id: int('tribunal_id') },
    phones: ['contact_phone'],
    properties: {
      id: 'integer', name: 'string', kind: 'string', industry: 'string', status: 'string', township_code: 'string', village_code: 'string',
      address: 'string', contact_name: 'string', contact_phone: 'string', tribunal_id: 'integer', is_demo: 'boolean',
    },
  },
  mediators: {
    id: 'mediators', title: '调解员', description: '调解员名册（演示数据）；电话按角色脱敏', source: 'ogc-source-mediators',
    fid: 'int', geometry: 'point', temporal: null,
    filters: { kind: code('kind'), status: code('status'), tribunal_id: int('tribunal_id'), organisation_id: int('organisation_id') },
    phones: ['phone'],
    properties: {
      id: 'integer', name: 'string', kind: 'string', status: 'string', organisation_id: 'integer', tribunal_id: 'integer', work_unit: 'string',
      position: 'string', phone: 'string', specialties: 'array', capacity: 'integer', is_liaison: 'boolean', is_demo: 'boolean',
    },
  },
  cases: {
    id: 'cases', title: '案件', description: '案件位置（不含当事人信息和案情文字）；datetime 按登记时间筛选', source: 'ogc-source-cases',
    fid: 'int', geometry: 'point', temporal: 'row',
    filters: {
      dispute_type: code('dispute_type'), status: code('status'), source: code('source'), township_code: code('township_code'), village_code: code('village_code'), grid_code: code('grid_code'),
    },
    phones: [],
    properties: {
      id: 'integer', dispute_type: 'string', status: 'string', source: 'string', township_code: 'string', village_code: 'string', grid_code: 'string',
      location_precision: 'string', tribunal_id: 'integer', created_at: 'string', assigned_at: 'string', closed_at: 'string',
    },
  },
};

/** Cases for roles without access to their locations: counts per grid cell (masking.ts). */
const CASES_PER_GRID: CollectionSpec = {
  id: 'cases', title: '案件（按网格计数）', description: '每个网格一个点（网格内代表点），count 为该网格的案件数；不含个案位置；datetime 按登记时间筛选计数',
  source: 'ogc-source-cases-grid', fid: 'text', geometry: 'point', temporal: 'source',
  filters: { grid_code: code('grid_code'), village_code: code('village_code'), township_code: code('township_code') }, phones: [],
  properties: { grid_code: 'string', village_code: 'string', township_code: 'string', count: 'integer', open_count: 'integer' },
};


/** The collections this actor may read, in a fixed order, as they are shaped for them. */
export function collectionsFor(actor: Actor): CollectionSpec[] {
  const out: CollectionSpec[] = [SPECS.townships!, SPECS.villages!, SPECS.grids!, SPECS.tribunals!];
  if (actor.role === 'admin' || REGISTRY_READERS.includes(actor.role)) out.push(SPECS.organisations!, SPECS.mediators!);
  out.push(casePointMode(actor) === 'points' ? SPECS.cases! : CASES_PER_GRID);
  return out;
}

/** One collection as this actor may read it, or undefined (unknown, or not theirs: both a 404). */
export function collectionFor(actor: Actor, id: string): CollectionSpec | undefined {
  return collectionsFor(actor).find((c) => c.id === id);
}
