// An uploaded file → rows of cell texts keyed by field. Excel (.xlsx, the first sheet) and CSV
// (UTF-8 with or without BOM, or GBK/GB18030 as Excel on Chinese Windows saves it), both by exceljs.
// Headers are matched to the import columns by their Chinese text (a trailing * is ignored).
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { newWorkbook } from '../excel.ts';
import { IMPORT_COLUMNS, type ImportKind, type ImportProblem } from '../../contract/registry.ts';
import { HttpError } from '../../errors.ts';
import { limitError, type UploadLimits } from '../uploads/limits.ts';
import { readZip } from '../uploads/zip.ts';

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

const unreadable = (message: string) => new HttpError(400, 'unreadable_file', message);

/** Rows, widest row and longest field of CSV text (quotes respected), stopping at the first limit crossed. */
function checkCsv(text: string, limits: UploadLimits): void {
  let rows = 0; let columns = 1; let field = 0; let quoted = false;
  const endRow = () => {
    rows++;
    if (rows > limits.maxRows + 5) throw limitError('UPLOAD_MAX_ROWS', '文件行数', limits.maxRows, rows, { atLeast: true });
    columns = 1;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === 34) quoted = text.charCodeAt(i + 1) === 34 ? (i++, true) : false;
      else field++;
    } else if (ch === 34) quoted = true;
    else if (ch === 44) {
      field = 0;
      if (++columns > limits.maxColumns) throw limitError('UPLOAD_MAX_COLUMNS', `第 ${rows + 1} 行的列数`, limits.maxColumns, columns, { atLeast: true });
    } else if (ch === 10) { field = 0; endRow(); } else if (ch !== 13) field++;
    if (field > limits.maxCellChars) throw limitError('UPLOAD_MAX_CELL_CHARS', `第 ${rows + 1} 行一个单元格的字符数`, limits.maxCellChars, field, { atLeast: true });
  }
}

/** The .xlsx under the zip limits; the rows of its first sheet counted in the XML before exceljs builds them. */
function checkXlsx(buf: Buffer, limits: UploadLimits): void {
  const hint = (m: string) => unreadable(`${m}。请上传 Excel 保存的 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）`);
  const files = readZip(buf, limits, hint, 'Excel 文件');
  const text = (n: string) => files.get(n)?.toString('utf8') ?? '';
  // The first sheet in the workbook's order: its r:id, then the target the relationships give it.
  const rid = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(text('xl/workbook.xml'))?.[1];
  const rel = rid ? [...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((m) => m.includes(`Id="${rid}"`)) : undefined;
  const target = rel ? /Target="([^"]+)"/.exec(rel)?.[1] : undefined;
  const path = target ? target.replace(/^\/?(xl\/)?/, 'xl/') : null;
  if (!files.has('xl/workbook.xml')) throw hint('Excel 文件中没有工作簿（xl/workbook.xml）');
  const sheets = path && files.has(path) ? [path] : [...files.keys()].filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
  for (const name of sheets) {
    const sheet = files.get(name)!;
    let rows = 0;
    for (let i = sheet.indexOf('<row'); i >= 0; i = sheet.indexOf('<row', i + 4)) {
      const next = sheet[i + 4];
      if (next === 0x20 || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d) {
        if (++rows > limits.maxRows + 5) throw limitError('UPLOAD_MAX_ROWS', '文件行数', limits.maxRows, rows, { atLeast: true });
      }
    }
  }
}

async function readWorksheet(buf: Buffer, csv: boolean, limits: UploadLimits): Promise<ExcelJS.Worksheet> {
  if (buf.length === 0) throw new HttpError(400, 'empty_file', '文件是空的（0 字节）：请重新保存后上传');
  const wb = await newWorkbook();
  if (csv) {
    const text = decodeText(buf);
    checkCsv(text, limits);
    try {
      // Keep every cell as typed: exceljs would turn 0376… phones into numbers and dates into Dates.
      return await wb.csv.read(Readable.from([text]), { map: (v: unknown) => v, parserOptions: { trim: false } } as never);
    } catch {
      throw unreadable('CSV 文件无法读取，请检查文件内容');
    }
  }
  checkXlsx(buf, limits);
  try {
    await wb.xlsx.load(buf as never);
  } catch {
    throw unreadable('Excel 文件无法读取：请上传 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）');
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

export async function readImportFile(kind: ImportKind, name: string, mime: string | undefined, buf: Buffer, limits: UploadLimits): Promise<ReadResult> {
  const ws = await readWorksheet(buf, fileKind(name, mime) === 'csv', limits);
  if (ws.columnCount > limits.maxColumns) throw limitError('UPLOAD_MAX_COLUMNS', '列数', limits.maxColumns, ws.columnCount);
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
  if (last - headerRow > limits.maxRows) throw limitError('UPLOAD_MAX_ROWS', '数据行数', limits.maxRows, last - headerRow);
  for (let r = headerRow + 1; r <= last; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    for (const [col, field] of fieldAt) {
      const t = cellText(row.getCell(col).value).trim();
      if (t.length > limits.maxCellChars) throw limitError('UPLOAD_MAX_CELL_CHARS', `第 ${r} 行一个单元格的字符数`, limits.maxCellChars, t.length);
      if (t) any = true;
      cells[field] = t;
    }
    if (any) rows.push({ row: r, cells }); // blank rows are skipped, not errors
  }
  return { rows, problems };
}

export interface TableRow {
  /** The row number as Excel shows it. */
  row: number;
  cells: string[];
}

/**
 * The first sheet (or the CSV) as a header row and the rows under it, cell texts by column, for a file
 * whose columns are mapped by the user (case intake). The header is the first of the first 5 rows with
 * at least two cells filled (a title row above it is allowed); blank rows are skipped.
 */
export async function readTable(name: string, mime: string | undefined, buf: Buffer, limits: UploadLimits): Promise<{ headers: string[]; rows: TableRow[] }> {
  const ws = await readWorksheet(buf, fileKind(name, mime) === 'csv', limits);
  if (ws.columnCount > limits.maxColumns) throw limitError('UPLOAD_MAX_COLUMNS', '列数', limits.maxColumns, ws.columnCount);
  const width = ws.columnCount;
  const texts = (r: number) => {
    const row = ws.getRow(r);
    const out: string[] = [];
    for (let c = 1; c <= width; c++) {
      const t = cellText(row.getCell(c).value).trim();
      if (t.length > limits.maxCellChars) throw limitError('UPLOAD_MAX_CELL_CHARS', `第 ${r} 行一个单元格的字符数`, limits.maxCellChars, t.length);
      out.push(t);
    }
    return out;
  };
  let headerRow = 0;
  for (let r = 1; r <= Math.min(ws.rowCount, 5) && !headerRow; r++) if (texts(r).filter(Boolean).length >= 2) headerRow = r;
  if (!headerRow) return { headers: [], rows: [] };
  const headers = texts(headerRow).map(cleanHeader);
  if (ws.rowCount - headerRow > limits.maxRows) throw limitError('UPLOAD_MAX_ROWS', '数据行数', limits.maxRows, ws.rowCount - headerRow);
  const rows: TableRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const cells = texts(r);
    if (cells.some(Boolean)) rows.push({ row: r, cells });
  }
  return { headers, rows };
}
