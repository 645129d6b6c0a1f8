// An uploaded file → rows of cell texts keyed by field. Excel (.xlsx, the first sheet) and CSV
// (UTF-8 with or without BOM, or GBK/GB18030 as Excel on Chinese Windows saves it), both by exceljs.
// Headers are matched to the import columns by their Chinese text (a trailing * is ignored).
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, type ImportKind, type ImportProblem } from '../../contract/registry.ts';
import { HttpError } from '../../errors.ts';

export interface RawRow {
  /** The row number as Excel shows it (header = 1). */
  row: number;
  cells: Record<string, string>;
}

export interface ReadResult {
  rows: RawRow[];
  /** Whole-file problems (missing columns): row 0. */
  problems: ImportProblem[];
}

const cleanHeader = (h: string) => h.replace(/[\s\u3000]/g, '').replace(/[*＊]+$/, '').replace(/（/g, '(').replace(/）/g, ')');

/** Text of a cell as a person typed it: numbers without exponent, dates as YYYY-MM-DD. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return '';
  }
  return String(v);
}

function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

async function readWorksheet(buf: Buffer, csv: boolean): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    if (csv) {
      // Keep every cell as typed: exceljs would turn 0376… phones into numbers and dates into Dates.
      return await wb.csv.read(Readable.from([decodeText(buf)]), { map: (v: unknown) => v, parserOptions: { trim: false } } as never);
    }
    await wb.xlsx.load(buf as never);
  } catch {
    throw new HttpError(400, 'unreadable_file', csv ? 'CSV 文件无法读取，请检查文件内容' : 'Excel 文件无法读取：请上传 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new HttpError(400, 'empty_file', '文件中没有工作表');
  return ws;
}

export function fileKind(name: string, mime: string | undefined): 'xlsx' | 'csv' {
  const n = name.toLowerCase();
  if (n.endsWith('.xlsx')) return 'xlsx';
  if (n.endsWith('.csv') || mime === 'text/csv') return 'csv';
  if (n.endsWith('.xls')) throw new HttpError(400, 'unsupported_file', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再上传');
  throw new HttpError(400, 'unsupported_file', `不支持的文件类型“${name}”：请上传 .xlsx 或 .csv 文件`);
}

export async function readImportFile(kind: ImportKind, name: string, mime: string | undefined, buf: Buffer): Promise<ReadResult> {
  const ws = await readWorksheet(buf, fileKind(name, mime) === 'csv');
  const columns = IMPORT_COLUMNS[kind];
  // The header is the first row with any known header in it (a title row above it is allowed).
  let headerRow = 0;
  const fieldAt = new Map<number, string>();
  for (let r = 1; r <= Math.min(ws.rowCount, 5) && !headerRow; r++) {
    ws.getRow(r).eachCell((cell, col) => {
      const h = cleanHeader(cellText(cell.value));
      const c = columns.find((x) => x.header === h);
      if (c) fieldAt.set(col, c.field);
    });
    if (fieldAt.size) headerRow = r;
  }
  const problems: ImportProblem[] = [];
  const present = new Set(fieldAt.values());
  for (const c of columns) {
    if (c.required && !present.has(c.field)) {
      problems.push({ row: 0, column: c.header, code: 'missing_column', message: `缺少必填列“${c.header}”（请使用下载的模板）` });
    }
  }
  if (!headerRow) return { rows: [], problems };
  const rows: RawRow[] = [];
  const last = ws.rowCount;
  if (last - headerRow > IMPORT_MAX_ROWS) throw new HttpError(413, 'too_many_rows', `文件行数超过上限 ${IMPORT_MAX_ROWS} 行，请分批导入`, { max: IMPORT_MAX_ROWS });
  for (let r = headerRow + 1; r <= last; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    for (const [col, field] of fieldAt) {
      const t = cellText(row.getCell(col).value).trim();
      if (t) any = true;
      cells[field] = t;
    }
    if (any) rows.push({ row: r, cells }); // blank rows are skipped, not errors
  }
  return { rows, problems };
}
