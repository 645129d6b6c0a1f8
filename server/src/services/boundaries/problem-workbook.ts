// The problem list of a boundary import preview as Excel (issue 17): one row per problem, with the
// feature's attributes as read from the file, so the person who keeps the file can find and fix each one.
// The rows come from the preview's own answer (what the screen shows), the attributes from
// import_boundary_features.properties; problems of no feature (gaps, a shifted file, grids the new villages
// would move) get rows too, their attribute cells empty.
import type { Knex } from '../../db/types.ts';
import { BOUNDARY_LEVELS, PROBLEM_KINDS, type ProblemPoint } from '../../contract/boundaries.ts';
import { HttpError } from '../../errors.ts';
import { newWorkbook } from '../excel.ts';
import { readPreview } from './history.ts';

const SEVERITY = { error: '错误', warning: '警告' } as const;

/** An attribute as one cell: text and numbers as they are, anything else as JSON. */
const cell = (v: unknown): string | number | boolean | null =>
  (v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v));

interface Line { n: number | null; unit: string; kind: string; severity: string; message: string; area_m2: number | null; point: ProblemPoint | null }

export async function boundaryProblemWorkbook(knex: Knex, id: string): Promise<{ file: Buffer; name: string; fallback: string; rows: number }> {
  const p = await readPreview(knex, id);
  if (p.status === 'discarded') throw new HttpError(404, 'import_not_found', '这个边界导入预览已放弃，问题清单已不保留：请重新上传文件');
  const stored = (await knex('import_boundary_features').where({ preview_id: id }).orderBy('n').select('n', 'properties')) as { n: number; properties: unknown }[];
  const props = new Map(stored.map((r) => [r.n, (typeof r.properties === 'string' ? JSON.parse(r.properties) : r.properties ?? {}) as Record<string, unknown>]));
  // The file's attribute names, in the order they first appear.
  const keys = [...new Set(stored.flatMap((r) => Object.keys(props.get(r.n) ?? {})))];

  const lines: Line[] = [];
  for (const f of p.features) {
    const unit = f.code ? `${f.code}${f.unit_name ? ` ${f.unit_name}` : ''}` : '';
    for (const x of f.problems) {
      lines.push({ n: f.n, unit, kind: PROBLEM_KINDS[x.kind], severity: SEVERITY[x.severity], message: x.message, area_m2: x.area_m2 ?? null, point: x.point });
    }
  }
  for (const g of p.gaps) {
    lines.push({ n: null, unit: `${g.parent_code} ${g.parent_name}`, kind: '上级区划内有缝隙', severity: SEVERITY.warning, message: '上级区划内有未被覆盖的区域', area_m2: g.area_m2, point: g.point });
  }
  for (const g of p.grid_conflicts) {
    lines.push({ n: null, unit: `${g.grid_code} ${g.grid_name}`, kind: '网格将落入其他村（社区）', severity: SEVERITY.error,
      message: `网格登记属于「${g.recorded_name}」，新边界下 ${Math.round(g.share * 100)}% 落在「${g.lies_in_name}」：请先导入网格边界或修正村界`, area_m2: null, point: null });
  }
  if (p.crs_offset) lines.push({ n: null, unit: '', kind: '整个文件坐标偏移', severity: SEVERITY.error, message: p.crs_offset.message, area_m2: null, point: null });

  const wb = await newWorkbook();
  wb.creator = '浉河区诉源治理网格地图';
  const ws = wb.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '要素序号', width: 9 },
    ...keys.map((k) => ({ header: k, width: 16 })),
    { header: `匹配的${BOUNDARY_LEVELS[p.level]}`, width: 28 },
    { header: '问题类别', width: 18 },
    { header: '级别', width: 7 },
    { header: '问题说明', width: 60 },
    { header: '面积（平方米）', width: 14 },
    { header: '经度', width: 13 },
    { header: '纬度', width: 13 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const l of lines) {
    const attrs = l.n === null ? {} : props.get(l.n) ?? {};
    ws.addRow([l.n, ...keys.map((k) => cell(attrs[k])), l.unit, l.kind, l.severity, l.point ? l.message : `${l.message}（无位置）`, l.area_m2, l.point?.lng ?? null, l.point?.lat ?? null]);
  }
  const base = p.file.name.replace(/\.(geojson|json|zip|kml|kmz|gpkg|fgb)$/i, '') || '边界文件';
  return { file: Buffer.from(await wb.xlsx.writeBuffer()), name: `${base}-边界问题清单.xlsx`, fallback: 'boundary-problems.xlsx', rows: lines.length };
}
