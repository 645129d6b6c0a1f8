// Excel (.xlsx, exceljs) of a list behind a figure (the leader's drill-down lists, the supervision
// lists; issue 17): a heading with the figure's name, its definition and the filters, the rows as on
// screen, and a total row, so the file and the figure it came from can be compared at a glance.
import { newWorkbook } from '../excel.ts';

export interface ListSheet {
  /** The figure's name, e.g. 当前超期未结. */
  title: string;
  /** Its definition (contract/figures.ts or DEFINITIONS). */
  definition?: string;
  /** Lines such as "统计期：2026-01-01 至 2026-12-06", "乡镇(街道)：老城街道". */
  filters: string[];
  columns: { key: string; label: string }[];
  items: Record<string, string | number | null>[];
  demo: boolean;
}

export async function listWorkbook(s: ListSheet): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '浉河区诉源治理网格地图';
  const ws = wb.addWorksheet(s.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.addRow([s.title]).font = { bold: true, size: 14 };
  if (s.definition) ws.addRow([`口径：${s.definition}`]);
  for (const f of s.filters) ws.addRow([f]);
  if (s.demo) ws.addRow(['演示数据：调解员、案件等均为虚构的示例数据。']);
  ws.addRow([]);
  const header = ws.addRow(s.columns.map((c) => c.label));
  header.font = { bold: true };
  for (const it of s.items) ws.addRow(s.columns.map((c) => it[c.key] ?? null));
  const total = ws.addRow([`合计：${s.items.length} 条`]);
  total.font = { bold: true };
  ws.columns.forEach((col, i) => { col.width = i === 0 ? 14 : 18; });
  if (s.columns.some((c) => c.key === 'title' || c.key === 'case')) ws.getColumn(s.columns.findIndex((c) => c.key === 'title' || c.key === 'case') + 1).width = 36;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Content-Disposition of a download: the Chinese name, and a plain ASCII one for old clients. */
export function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
