// The one door to exceljs. Importing it costs about 0.15 s, a twentieth of a warm start, and only
// exports and registry imports need it: it is loaded on first use, once, and shared.
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/** A new, empty workbook (exceljs is imported on the first call). */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  loading ??= import('exceljs').then((m) => m.default);
  const { Workbook } = await loading;
  return new Workbook();
}
