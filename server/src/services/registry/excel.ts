// Workbooks out: the import template (headers, hints, drop-down lists, a sheet of the district's
// codes) and the export of a filtered table. Export columns are the import columns plus the id and
// figures, so an exported sheet can be corrected and imported into another installation.
import type ExcelJS from 'exceljs';
import { newWorkbook } from '../excel.ts';
import {
  DISTRICT_AREA_NAME, IMPORT_COLUMNS, IMPORT_KINDS, LOCATION_SOURCES, ORGANISATION_STATUSES,
  type ImportColumn, type ImportKind, type MediatorItem, type OrganisationItem, type TribunalItem,
} from '../../contract/registry.ts';
import { MEDIATOR_KINDS, MEDIATOR_STATUSES, ORGANISATION_KINDS, SPECIALTIES } from '../../contract/vocab.ts';
import type { AreaIndex } from './areas.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1B3A6B' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC8102E' } };

function header(ws: ExcelJS.Worksheet, cols: readonly { header: string; width: number; required?: boolean; hint?: string }[]) {
  ws.columns = cols.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width }));
  const row = ws.getRow(1);
  cols.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    if (c.hint) cell.note = c.hint;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

const LISTS: Record<string, string[]> = {
  'mediators.kind': Object.values(MEDIATOR_KINDS),
  'mediators.status': Object.values(MEDIATOR_STATUSES),
  'mediators.is_liaison': ['是', '否'],
  'mediators.coord_system': ['WGS84', 'GCJ-02'],
  'organisations.kind': Object.values(ORGANISATION_KINDS),
  'organisations.industry': Object.values(SPECIALTIES),
  'organisations.coord_system': ['WGS84', 'GCJ-02'],
};

const EXAMPLES: Record<ImportKind, Record<string, string>> = {
  mediators: {
    name: '示例·张某某', kind: '网格员', work_unit: '义阳社区居民委员会', position: '网格员', phone: '13900000000',
    organisation: '', tribunal: '', service_areas: '411502001001001；411502001001002', lng: '', lat: '', coord_system: '',
    specialties: '物业管理', capacity: '10', status: '在岗', status_since: '2026-01-01', is_liaison: '否', note: '',
  },
  organisations: {
    name: '示例·某某村人民调解委员会', kind: '村(居)民委员会调委会', industry: '', township: '老城街道', village: '义阳社区',
    address: '义阳社区党群服务中心', lng: '', lat: '', coord_system: '', contact_name: '示例·李某', contact_phone: '0376-6000000',
    tribunal: '', note: '',
  },
};

export async function templateWorkbook(kind: ImportKind, areas: AreaIndex, tribunals: string[]): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '浉河区诉源治理网格地图';
  const cols = IMPORT_COLUMNS[kind];
  const ws = wb.addWorksheet(IMPORT_KINDS[kind]);
  header(ws, cols);
  cols.forEach((c, i) => {
    const list = LISTS[`${kind}.${c.field}`] ?? (c.field === 'tribunal' ? tribunals : undefined);
    if (!list?.length) return;
    const letter = ws.getColumn(i + 1).letter;
    // One range rule instead of one per cell keeps the file small.
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}20001`, {
      type: 'list', allowBlank: true, formulae: [`"${list.join(',')}"`], showErrorMessage: false,
    });
  });

  const help = wb.addWorksheet('填写说明');
  // The example lives here, not in the data sheet, so a forgotten example row can never be imported.
  header(help, [{ header: '列', width: 18 }, { header: '必填', width: 8 }, { header: '说明', width: 70 }, { header: '示例', width: 34 }]);
  for (const c of cols) help.addRow([c.header, c.required ? '是' : '', c.hint, EXAMPLES[kind][c.field] ?? '']);
  help.addRow([]);
  help.addRow(['', '', `带 * 的列为必填（表头红色）。在第一个工作表“${IMPORT_KINDS[kind]}”中从第 2 行起每行填写一个${IMPORT_KINDS[kind]}；也可另存为 CSV（UTF-8 或 GBK）后上传。`]);
  if (kind === 'mediators') {
    help.addRow(['', '', `服务区域：网格（15 位编码）、村/社区（12 位编码或名称）、乡镇/街道（编码或名称），多个用分号分隔；全区写“${DISTRICT_AREA_NAME}”。同名的村请写“乡镇/村”。`]);
    help.addRow(['', '', '同一人（姓名和电话都相同）不能重复登记；所属调解组织须先登记（可先导入调解组织）。']);
  }
  help.addRow(['', '', '导入先预览：系统逐行逐列列出全部问题；全部改正后才能提交，提交要么全部写入，要么一条也不写入。']);

  const codes = wb.addWorksheet('区划编码');
  header(codes, [{ header: '层级', width: 10 }, { header: '编码', width: 18 }, { header: '名称', width: 24 }, { header: '所属乡镇(街道)', width: 18 }]);
  const level = { township: '乡镇(街道)', village: '村(社区)', grid: '网格' } as const;
  for (const u of [...areas.byCode.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    codes.addRow([level[u.level], u.code, u.name, u.level === 'township' ? '' : (areas.unit(u.township_code)?.name ?? '')]);
  }
  codes.getColumn(2).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function sheet(title: string, cols: { header: string; width: number }[], rows: unknown[][]): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '浉河区诉源治理网格地图';
  const ws = wb.addWorksheet(title);
  header(ws, cols);
  for (const r of rows) ws.addRow(r);
  return wb.xlsx.writeBuffer().then((b) => Buffer.from(b));
}

const col = (c: ImportColumn) => ({ header: c.header, width: c.width });
const yes = (b: boolean) => (b ? '是' : '否');

/** `labels`: code → label of the specialties table (services/registry/specialties.ts). */
export function mediatorsWorkbook(items: MediatorItem[], demoNote: boolean, labels: ReadonlyMap<string, string> = new Map()): Promise<Buffer> {
  const cols = IMPORT_COLUMNS.mediators;
  const value = (m: MediatorItem, field: string): unknown => {
    switch (field) {
      case 'kind': return MEDIATOR_KINDS[m.kind];
      case 'organisation': return m.organisation_name ?? '';
      case 'tribunal': return m.tribunal_name ?? '';
      case 'service_areas': return m.service_areas.map((a) => (a.level === 'district' ? DISTRICT_AREA_NAME : a.code)).join('；');
      case 'lng': return m.location?.coordinates[0] ?? '';
      case 'lat': return m.location?.coordinates[1] ?? '';
      case 'coord_system': return m.location ? 'WGS84' : '';
      case 'specialties': return m.specialties.map((s) => labels.get(s) ?? s).join('、');
      case 'status': return MEDIATOR_STATUSES[m.status];
      case 'is_liaison': return yes(m.is_liaison);
      default: return (m as unknown as Record<string, unknown>)[field] ?? '';
    }
  };
  return sheet(demoNote ? '调解员（演示数据）' : '调解员', [
    { header: '编号', width: 8 }, ...cols.map(col), { header: '服务区域名称', width: 30 }, { header: '位置来源', width: 18 },
    { header: '在办案件', width: 10 }, { header: '退出日期', width: 12 }, { header: '演示数据', width: 10 },
  ], items.map((m) => [
    m.id, ...cols.map((c) => value(m, c.field)), m.service_areas.map((a) => a.name ?? a.code).join('；'),
    m.location_source ? LOCATION_SOURCES[m.location_source] : '', m.open_cases, m.withdrawn_on ?? '', yes(m.is_demo),
  ]));
}

export function organisationsWorkbook(items: OrganisationItem[], demoNote: boolean): Promise<Buffer> {
  const cols = IMPORT_COLUMNS.organisations;
  const value = (o: OrganisationItem, field: string): unknown => {
    switch (field) {
      case 'kind': return ORGANISATION_KINDS[o.kind];
      case 'industry': return o.industry ? SPECIALTIES[o.industry] : '';
      case 'township': return o.township_name ?? '';
      case 'village': return o.village_code ?? '';
      case 'lng': return o.location?.coordinates[0] ?? '';
      case 'lat': return o.location?.coordinates[1] ?? '';
      case 'coord_system': return o.location ? 'WGS84' : '';
      case 'tribunal': return o.tribunal_name ?? '';
      default: return (o as unknown as Record<string, unknown>)[field] ?? '';
    }
  };
  return sheet(demoNote ? '调解组织（演示数据）' : '调解组织', [
    { header: '编号', width: 8 }, ...cols.map(col), { header: '状态', width: 10 }, { header: '成员数', width: 8 }, { header: '在岗成员', width: 10 }, { header: '演示数据', width: 10 },
  ], items.map((o) => [o.id, ...cols.map((c) => value(o, c.field)), ORGANISATION_STATUSES[o.status], o.member_count, o.active_member_count, yes(o.is_demo)]));
}

export function tribunalsWorkbook(items: TribunalItem[]): Promise<Buffer> {
  return sheet('人民法庭', [
    { header: '编号', width: 8 }, { header: '名称', width: 20 }, { header: '地址', width: 30 }, { header: '驻地经度', width: 12 }, { header: '驻地纬度', width: 12 },
    { header: '辖区乡镇(街道)', width: 60 }, { header: '在岗调解员', width: 12 }, { header: '调解组织', width: 10 }, { header: '演示数据', width: 10 },
  ], items.map((t) => [
    t.id, t.name, t.address ?? '', t.seat?.coordinates[0] ?? '', t.seat?.coordinates[1] ?? '', t.catchment.map((c) => c.name).join('、'),
    t.mediator_count, t.organisation_count, yes(t.is_demo),
  ]));
}
