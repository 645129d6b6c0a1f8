// Excel export (.xlsx, exceljs) of a performance table: one sheet with the figures as shown on screen,
// one with the definitions and the period, and a demo-data note when the data set is demo.
import { newWorkbook } from '../excel.ts';
import { PERFORMANCE_DIMENSIONS, type PerformanceAnswer } from '../../contract/assessment.ts';

/** The columns of the sheet, in the order of the screen's table. */
export const EXPORT_COLUMNS: { key: keyof PerformanceAnswer['rows'][number]; header: string; width: number; format?: string }[] = [
  { key: 'name', header: '名称', width: 30 },
  { key: 'parent_name', header: '所属', width: 24 },
  { key: 'received', header: '受理', width: 8 },
  { key: 'assigned', header: '分派', width: 8 },
  { key: 'settled', header: '调解成功', width: 10 },
  { key: 'failed', header: '调解失败', width: 10 },
  { key: 'withdrawn', header: '撤回', width: 8 },
  { key: 'filed', header: '转立案', width: 8 },
  { key: 'open', header: '在办', width: 8 },
  { key: 'success_rate', header: '调解成功率', width: 12, format: '0.0%' },
  { key: 'median_days', header: '结案用时中位数(天)', width: 18, format: '0.0' },
  { key: 'overdue', header: '超期', width: 8 },
  { key: 'court_delegated', header: '法院委派', width: 10 },
  { key: 'self_reported', header: '自行受理', width: 10 },
  { key: 'guidance_requested', header: '法官指导申请', width: 12 },
  { key: 'guidance_held', header: '已指导', width: 8 },
  { key: 'population', header: '人口(估算)', width: 12 },
  { key: 'filed_per_10k', header: '万人成讼率', width: 12, format: '0.00' },
];

export async function performanceWorkbook(a: PerformanceAnswer, demo: boolean): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '浉河区诉源治理网格地图';
  const ws = wb.addWorksheet(`${PERFORMANCE_DIMENSIONS[a.dimension]}考核统计`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.format ? { numFmt: c.format } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of a.rows) ws.addRow(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, r[c.key] ?? null])));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  const info = wb.addWorksheet('口径说明');
  info.columns = [{ width: 16 }, { width: 100 }];
  info.addRow(['统计期', `${a.period.from} 至 ${a.period.to}（北京时间，含起止日）`]);
  info.addRow(['统计维度', PERFORMANCE_DIMENSIONS[a.dimension]]);
  if (demo) info.addRow(['数据说明', '演示数据：调解员、案件、法官、培训与宣传记录均为虚构的示例数据，边界为示意边界。']);
  for (const [k, v] of Object.entries(a.definitions)) info.addRow([k, v]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
