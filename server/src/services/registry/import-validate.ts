// Import validation: rows of cell texts → the records to store, and every problem by row and column.
// The same function runs at preview and again inside the commit's transaction (the database may have
// changed in between), so what is committed is exactly what passes here at that moment.
import type { Knex } from '../../db/types.ts';
import {
  DISTRICT_AREA_NAME, IMPORT_COLUMNS, IMPORT_PROBLEMS, PHONE_PATTERN,
  type ImportKind, type ImportProblem, type ImportProblemCode,
} from '../../contract/registry.ts';
import {
  MEDIATOR_KINDS, MEDIATOR_STATUSES, ORGANISATION_KINDS, SPECIALTIES,
  type MediatorKind, type MediatorStatus, type OrganisationKind, type Specialty,
} from '../../contract/vocab.ts';
import { dayMax, isCalendarDay, RECORD_DAY_MIN } from '../../contract/fields.ts';
import { runSql } from '../../db/sql.ts';
import { toWgs84 } from '../../geo/coords.ts';
import { loadAreaIndex, normaliseName, type AreaIndex, type ResolvedArea } from './areas.ts';
import type { RawRow } from './import-read.ts';

/** A file of many rows is checked in slices, letting other requests run in between (no long stall of the event loop). */
const YIELD_EVERY = 500;
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface MediatorRecord {
  row: number;
  name: string;
  kind: MediatorKind;
  work_unit: string | null;
  position: string | null;
  phone: string;
  organisation_id: number | null;
  tribunal_id: number | null;
  areas: ResolvedArea[];
  lng: number;
  lat: number;
  location_source: 'given' | 'area';
  specialties: string[];
  capacity: number;
  status: MediatorStatus;
  status_since: string;
  withdrawn_on: string | null;
  is_liaison: boolean;
  note: string | null;
}

export interface OrganisationRecord {
  row: number;
  name: string;
  kind: OrganisationKind;
  industry: Specialty | null;
  township_code: string | null;
  village_code: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  tribunal_id: number | null;
  note: string | null;
}

export interface Validated<R> {
  records: R[];
  problems: ImportProblem[];
}

// --- vocabularies by label, key or a common short form ---------------------------------------------

const norm = (s: string) => normaliseName(s).toLowerCase();
function lookup<K extends string>(labels: Record<K, string>, synonyms: Record<string, K> = {}): (s: string) => K | undefined {
  const map = new Map<string, K>();
  for (const [k, v] of Object.entries(labels) as [K, string][]) {
    map.set(norm(k), k);
    map.set(norm(v), k);
  }
  for (const [s, k] of Object.entries(synonyms)) map.set(norm(s), k);
  return (s) => map.get(norm(s));
}

const mediatorKind = lookup(MEDIATOR_KINDS, {
  专职调解员: 'full_time', 人民调解员: 'full_time', 乡镇干部: 'township_cadre', 街道干部: 'township_cadre',
  村干部: 'village_cadre', 社区干部: 'village_cadre', 律师: 'lawyer',
});
const mediatorStatus = lookup(MEDIATOR_STATUSES, { 正常: 'active', 在职: 'active', 请假: 'on_leave', 已退出: 'withdrawn', 离职: 'withdrawn' });
const organisationKind = lookup(ORGANISATION_KINDS, {
  村民委员会调委会: 'village_committee', 居民委员会调委会: 'village_committee', 村调委会: 'village_committee', 社区调委会: 'village_committee',
  乡镇调委会: 'township_committee', 街道调委会: 'township_committee', 行业性调解组织: 'industry', 专业性调解组织: 'industry',
  企业调委会: 'enterprise', 工业园区调委会: 'enterprise', 综治中心: 'governance_unit', 司法所: 'governance_unit', 律师调解室: 'lawyer_studio',
});
const SPECIALTY_SYNONYMS: Record<string, Specialty> = { 医疗: 'medical', 交通: 'traffic', 交通事故: 'traffic', 劳动: 'labour', 物业: 'property', 环保: 'environment', 商事: 'commercial', 商业区: 'commercial' };
/** An organisation's industry: one of the 7 specialist industries only. */
const industryOf = lookup(SPECIALTIES, SPECIALTY_SYNONYMS);

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

const LIST_SEPARATORS = /[;；、,，\n]+/;

/** YYYY-MM-DD (a record day, contract/fields.ts) from 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 or an Excel day number. */
export function parseDay(s: string): string | null {
  const t = s.trim();
  let y: number, m: number, d: number;
  const a = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (a) {
    [y, m, d] = [Number(a[1]), Number(a[2]), Number(a[3])];
  } else if (/^\d{5}$/.test(t)) {
    const dt = new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000);
    [y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
  } else {
    return null;
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // The same rule as a typed record day (contract/fields.ts recordDay): a real day, 1950-01-01 … today + 5 years.
  return isCalendarDay(iso) && iso >= RECORD_DAY_MIN && iso <= dayMax() ? iso : null;
}

export const cleanPhone = (s: string) => s.replace(/[\s()（）]/g, '');

// --- the database side of validation -------------------------------------------------------------

interface Context {
  areas: AreaIndex;
  organisations: Map<string, number[]>;
  tribunals: Map<string, number>;
  /** name|phone → id of a registered mediator. */
  mediatorKeys: Map<string, number>;
  /** The specialties table (issue 17 §4): a cell → its code, and the labels to name in a problem. */
  specialty: (s: string) => string | undefined;
  specialtyLabels: string[];
  today: string;
}

async function loadContext(db: Knex | Knex.Transaction, kind: ImportKind, today: string): Promise<Context> {
  const areas = await loadAreaIndex(db);
  const organisations = new Map<string, number[]>();
  for (const o of (await db('organisations').select('id', 'name')) as { id: number; name: string }[]) {
    const k = normaliseName(o.name);
    organisations.set(k, [...(organisations.get(k) ?? []), o.id]);
  }
  const tribunals = new Map<string, number>();
  for (const t of (await db('tribunals').select('id', 'name')) as { id: number; name: string }[]) tribunals.set(normaliseName(t.name), t.id);
  const mediatorKeys = new Map<string, number>();
  if (kind === 'mediators') {
    for (const m of (await db('mediators').whereNotNull('phone').select('id', 'name', 'phone')) as { id: number; name: string; phone: string }[]) {
      mediatorKeys.set(`${normaliseName(m.name)}|${cleanPhone(m.phone)}`, m.id);
    }
  }
  const labels = (await db('specialties').orderBy([{ column: 'specialist', order: 'desc' }, 'created_at', 'code']).select('code', 'label')) as { code: string; label: string }[];
  const bySynonym = new Map([...Object.entries(SPECIALTY_SYNONYMS)].map(([k, v]) => [norm(k), v]));
  const byText = new Map(labels.flatMap((r) => [[norm(r.code), r.code], [norm(r.label), r.code]] as [string, string][]));
  // a label or code in the table first, then the common short forms of the specialist industries
  const specialty = (s: string) => byText.get(norm(s)) ?? bySynonym.get(norm(s));
  return { areas, organisations, tribunals, mediatorKeys, specialty, specialtyLabels: labels.map((r) => r.label), today };
}

/** Row keys of points outside the district, in one query. */
async function outside(db: Knex | Knex.Transaction, points: [number, number, number][]): Promise<Set<number>> {
  if (!points.length) return new Set();
  const rows = await runSql<{ key: number }>(db, 'registry-points-outside', { points: JSON.stringify(points) });
  return new Set(rows.map((r) => r.key));
}

// --- one row's fields ------------------------------------------------------------------------------

class RowCheck {
  readonly problems: ImportProblem[] = [];
  /** The row's point once read (WGS84), whatever else is wrong with the row: checked against the district with the others. */
  parsedPoint: [number, number] | null = null;
  constructor(private readonly kind: ImportKind, readonly raw: RawRow) {}

  header(field: string): string {
    return IMPORT_COLUMNS[this.kind].find((c) => c.field === field)?.header ?? field;
  }
  cell(field: string): string {
    return this.raw.cells[field]?.trim() ?? '';
  }
  fail(field: string | null, code: ImportProblemCode, message: string, value?: string): void {
    this.problems.push({ row: this.raw.row, column: field ? this.header(field) : null, code, message, value: value ?? (field ? this.cell(field) : null) });
  }
  required(field: string, max: number): string | null {
    const v = this.cell(field);
    if (!v) {
      this.fail(field, 'missing_value', `“${this.header(field)}”为必填项`);
      return null;
    }
    if (v.length > max) {
      this.fail(field, 'bad_value', `“${this.header(field)}”最多 ${max} 个字符`);
      return null;
    }
    return v;
  }
  optional(field: string, max: number): string | null {
    const v = this.cell(field);
    if (v.length > max) {
      this.fail(field, 'bad_value', `“${this.header(field)}”最多 ${max} 个字符`);
      return null;
    }
    return v || null;
  }
  phone(field: string, required: boolean): string | null {
    const v = cleanPhone(this.cell(field));
    if (!v) {
      if (required) this.fail(field, 'missing_value', `“${this.header(field)}”为必填项`);
      return null;
    }
    if (!PHONE_PATTERN.test(v)) {
      this.fail(field, 'bad_phone', `电话“${this.cell(field)}”格式有误：手机应为 11 位（1 开头），固话写作“区号-号码”，如 0376-6221234`);
      return null;
    }
    return v;
  }
  tribunal(ctx: Context): number | null | undefined {
    const v = this.cell('tribunal');
    if (!v) return undefined;
    const id = ctx.tribunals.get(normaliseName(v));
    if (id === undefined) this.fail('tribunal', 'unknown_tribunal', `人民法庭“${v}”未登记（可选：${[...ctx.tribunals.keys()].join('、')}）`);
    return id ?? null;
  }
  point(): [number, number] | null | undefined {
    const lngS = this.cell('lng');
    const latS = this.cell('lat');
    if (!lngS && !latS) return null;
    const lng = Number(lngS);
    const lat = Number(latS);
    if (!lngS || !latS || !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
      this.fail(!lngS || !Number.isFinite(lng) || Math.abs(lng) > 180 ? 'lng' : 'lat', 'bad_coordinates', '经度和纬度须同时填写，且为十进制度数（如 114.06、32.12）');
      return undefined;
    }
    const cs = norm(this.cell('coord_system'));
    if (cs && !['wgs84', 'cgcs2000', 'gcj02', 'gcj-02'].includes(cs)) {
      this.fail('coord_system', 'bad_value', '坐标系应为 WGS84、CGCS2000 或 GCJ-02');
      return undefined;
    }
    this.parsedPoint = toWgs84(lng, lat, cs.startsWith('gcj') ? 'gcj02' : 'wgs84');
    return this.parsedPoint;
  }
}

/**
 * Every problem of every row at once (issue 17): the rows' points are checked against the district in one
 * query, including the rows that have other problems, and the rows outside get their problem too.
 */
async function outsideProblems(db: Knex | Knex.Transaction, points: [number, number, number][]): Promise<{ out: Set<number>; problems: ImportProblem[] }> {
  const out = await outside(db, points);
  const problems = points.filter(([row]) => out.has(row)).map(([row, lng, lat]) => ({
    row, column: '经度', code: 'outside_district' as const,
    message: `坐标（${lng}, ${lat}）不在浉河区范围内；高德、腾讯地图的坐标请在“坐标系”列写 GCJ-02`, value: `${lng},${lat}`,
  }));
  return { out, problems };
}

// --- mediators -------------------------------------------------------------------------------------

function mediatorRow(c: RowCheck, ctx: Context): Omit<MediatorRecord, 'lng' | 'lat' | 'location_source'> & { point: [number, number] | null } | null {
  const name = c.required('name', 60);
  const kindText = c.required('kind', 40);
  const kind = kindText ? mediatorKind(kindText) : undefined;
  if (kindText && !kind) c.fail('kind', 'unknown_kind', `类别“${kindText}”无法识别，应为：${Object.values(MEDIATOR_KINDS).join('、')}`);
  const phone = c.phone('phone', true);
  const work_unit = c.optional('work_unit', 100);
  const position = c.optional('position', 60);
  const note = c.optional('note', 500);

  let organisation_id: number | null = null;
  const org = c.cell('organisation');
  if (org) {
    const ids = ctx.organisations.get(normaliseName(org)) ?? [];
    if (ids.length === 1) organisation_id = ids[0]!;
    else if (ids.length === 0) c.fail('organisation', 'unknown_organisation', `调解组织“${org}”未登记：请先导入调解组织，或核对名称`);
    else c.fail('organisation', 'unknown_organisation', `调解组织名称“${org}”对应多个组织（编号 ${ids.join('、')}），请在系统中修改重名后再导入`);
  }

  const areas: ResolvedArea[] = [];
  const areaText = c.cell('service_areas');
  if (!areaText) c.fail('service_areas', 'missing_value', `“服务区域”为必填项：区划编码或名称，全区写“${DISTRICT_AREA_NAME}”`);
  for (const token of areaText.split(LIST_SEPARATORS).map((s) => s.trim()).filter(Boolean)) {
    const r = ctx.areas.resolve(token);
    if (r.outcome === 'ok') {
      if (!areas.some((a) => a.level === r.area.level && a.code === r.area.code)) areas.push(r.area);
    } else if (r.outcome === 'ambiguous') {
      c.fail('service_areas', 'ambiguous_area', `区划名称“${token}”不唯一：${r.candidates.join('；')}。请写编码，或写作“乡镇/村”`, token);
    } else {
      c.fail('service_areas', 'unknown_area', `区划“${token}”不存在：请写 12 位（乡镇、村）或 15 位（网格）编码，或本区的乡镇、村（社区）、网格名称`, token);
    }
  }

  const specialties: string[] = [];
  for (const token of c.cell('specialties').split(LIST_SEPARATORS).map((s) => s.trim()).filter(Boolean)) {
    const s = ctx.specialty(token);
    if (!s) c.fail('specialties', 'unknown_specialty', `专长“${token}”未登记，应为：${ctx.specialtyLabels.join('、')}（管理员可在“专长”中添加）`, token);
    else if (!specialties.includes(s)) specialties.push(s);
  }

  let capacity = 10;
  const cap = c.cell('capacity');
  if (cap) {
    const n = Number(cap);
    if (!Number.isInteger(n) || n < 1 || n > 200) c.fail('capacity', 'bad_number', `办案容量“${cap}”应为 1 到 200 的整数`);
    else capacity = n;
  }

  let status: MediatorStatus = 'active';
  const st = c.cell('status');
  if (st) {
    const s = mediatorStatus(st);
    if (!s) c.fail('status', 'unknown_status', `状态“${st}”无法识别，应为：在岗、休假、退出`);
    else status = s;
  }
  let since = ctx.today;
  const sinceText = c.cell('status_since');
  if (sinceText) {
    const d = parseDay(sinceText);
    if (!d) c.fail('status_since', 'bad_date', `日期“${sinceText}”无法识别，应写作 YYYY-MM-DD`);
    else since = d;
  }

  let is_liaison = false;
  const li = norm(c.cell('is_liaison'));
  if (YES.has(li)) is_liaison = true;
  else if (!NO.has(li)) c.fail('is_liaison', 'bad_value', '“诉前调解联络员”应填“是”或“否”');

  const tribunal = c.tribunal(ctx);
  const point = c.point();
  if (c.problems.length || !name || !kind || !phone || point === undefined) return null;
  return {
    row: c.raw.row, name, kind, work_unit, position, phone, organisation_id,
    tribunal_id: tribunal !== undefined ? tribunal : (areas.map((a) => ctx.areas.tribunalOf(a)).find((t) => t !== null) ?? null),
    areas, point, specialties, capacity, status, status_since: since, withdrawn_on: status === 'withdrawn' ? since : null, is_liaison, note,
  };
}

export async function validateMediators(db: Knex | Knex.Transaction, rows: RawRow[], today: string): Promise<Validated<MediatorRecord>> {
  const ctx = await loadContext(db, 'mediators', today);
  const problems: ImportProblem[] = [];
  const points: [number, number, number][] = [];
  const ok: (ReturnType<typeof mediatorRow> & object)[] = [];
  const seen = new Map<string, number>();
  for (const raw of rows) {
    if (raw.row % YIELD_EVERY === 0) await yieldToRequests();
    const c = new RowCheck('mediators', raw);
    const rec = mediatorRow(c, ctx);
    // Duplicate person: same name and phone, within the file or against the register.
    const name = c.cell('name');
    const phone = cleanPhone(c.cell('phone'));
    if (name && phone) {
      const key = `${normaliseName(name)}|${phone}`;
      const first = seen.get(key);
      if (first !== undefined) c.fail(null, 'duplicate_in_file', `与第 ${first} 行是同一人（姓名、电话相同）`, `${name} ${phone}`);
      else seen.set(key, raw.row);
      const existing = ctx.mediatorKeys.get(key);
      if (existing !== undefined) c.fail(null, 'duplicate_in_database', `已登记同名同电话的调解员（编号 ${existing}）`, `${name} ${phone}`);
    }
    problems.push(...c.problems);
    if (c.parsedPoint) points.push([raw.row, c.parsedPoint[0], c.parsedPoint[1]]);
    if (rec && !c.problems.length) ok.push(rec);
  }
  const { out, problems: outsideRows } = await outsideProblems(db, points);
  problems.push(...outsideRows);
  const records: MediatorRecord[] = [];
  for (const r of ok) {
    if (out.has(r.row)) continue;
    const [lng, lat] = r.point ?? ctx.areas.pointOf(r.areas[0]!);
    const { point, ...rest } = r;
    records.push({ ...rest, lng, lat, location_source: point ? 'given' : 'area' });
  }
  return { records, problems: sortProblems(problems) };
}

// --- organisations ---------------------------------------------------------------------------------

export async function validateOrganisations(db: Knex | Knex.Transaction, rows: RawRow[], today: string): Promise<Validated<OrganisationRecord>> {
  const ctx = await loadContext(db, 'organisations', today);
  const problems: ImportProblem[] = [];
  const points: [number, number, number][] = [];
  const ok: (OrganisationRecord & { given: boolean })[] = [];
  const seen = new Map<string, number>();
  for (const raw of rows) {
    if (raw.row % YIELD_EVERY === 0) await yieldToRequests();
    const c = new RowCheck('organisations', raw);
    const name = c.required('name', 100);
    const kindText = c.required('kind', 40);
    const kind = kindText ? organisationKind(kindText) : undefined;
    if (kindText && !kind) c.fail('kind', 'unknown_kind', `类别“${kindText}”无法识别，应为：${Object.values(ORGANISATION_KINDS).join('、')}`);
    let industry: Specialty | null = null;
    const ind = c.cell('industry');
    if (ind) {
      const s = industryOf(ind);
      if (!s) c.fail('industry', 'unknown_specialty', `行业“${ind}”无法识别，应为：${Object.values(SPECIALTIES).join('、')}`);
      else industry = s;
    } else if (kind === 'industry') {
      c.fail('industry', 'missing_value', '行业性/专业性调解组织须填写“行业”');
    }
    let township: string | null = null;
    const tText = c.cell('township');
    if (tText) {
      const r = /^\d+$/.test(tText) ? ctx.areas.resolve(tText) : ctx.areas.byUnitName(tText, 'township');
      if (r.outcome === 'ok' && r.area.level === 'township') township = r.area.code;
      else c.fail('township', 'unknown_area', `乡镇（街道）“${tText}”不存在`);
    }
    let village: string | null = null;
    const vText = c.cell('village');
    if (vText) {
      const r = /^\d+$/.test(vText) ? ctx.areas.resolve(vText) : ctx.areas.byUnitName(vText, 'village', township ?? undefined);
      if (r.outcome === 'ok' && r.area.level === 'village') {
        village = r.area.code;
        if (township && r.area.township_code !== township) c.fail('village', 'unknown_area', `村（社区）“${vText}”不属于所填乡镇（街道）`);
        township = r.area.township_code;
      } else if (r.outcome === 'ambiguous') {
        c.fail('village', 'ambiguous_area', `村（社区）名称“${vText}”不唯一：${r.candidates.join('；')}。请同时填写所属乡镇（街道）或写编码`);
      } else {
        c.fail('village', 'unknown_area', `村（社区）“${vText}”不存在${township ? '于所填乡镇（街道）' : ''}`);
      }
    }
    const contact_phone = c.phone('contact_phone', false);
    const address = c.optional('address', 200);
    const contact_name = c.optional('contact_name', 60);
    const note = c.optional('note', 500);
    const tribunal = c.tribunal(ctx);
    const point = c.point();
    if (name) {
      const key = normaliseName(name);
      const first = seen.get(key);
      if (first !== undefined) c.fail('name', 'duplicate_in_file', `与第 ${first} 行的调解组织同名`);
      else seen.set(key, raw.row);
      const existing = ctx.organisations.get(key);
      if (existing?.length) c.fail('name', 'duplicate_in_database', `已登记同名的调解组织（编号 ${existing.join('、')}）`);
    }
    problems.push(...c.problems);
    if (c.parsedPoint) points.push([raw.row, c.parsedPoint[0], c.parsedPoint[1]]);
    if (c.problems.length || !name || !kind || point === undefined) continue;
    ok.push({
      row: raw.row, name, kind, industry, township_code: township, village_code: village, address,
      lng: point?.[0] ?? null, lat: point?.[1] ?? null, contact_name, contact_phone,
      tribunal_id: tribunal !== undefined ? tribunal : township ? ctx.areas.tribunalOf({ level: 'township', code: township }) : null,
      note, given: point !== null,
    });
  }
  const { out, problems: outsideRows } = await outsideProblems(db, points);
  problems.push(...outsideRows);
  const records: OrganisationRecord[] = [];
  for (const { given: _g, ...r } of ok) {
    if (out.has(r.row)) continue;
    records.push(r);
  }
  return { records, problems: sortProblems(problems) };
}

function sortProblems(p: ImportProblem[]): ImportProblem[] {
  return p.sort((a, b) => a.row - b.row);
}

export const problemLabel = (code: ImportProblemCode) => IMPORT_PROBLEMS[code];
