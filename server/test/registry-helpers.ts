// Helpers of the registry tests: multipart uploads as a demo account, workbook reading, clean-up.
import ExcelJS from 'exceljs';
import type { DemoUser, TestApp } from './helpers.ts';

export async function upload(t: TestApp, path: string, fileName: string, data: Buffer | string, as: DemoUser = 'admin', type = 'application/octet-stream'): Promise<Response> {
  const s = await t.login(as);
  const form = new FormData();
  form.append('file', new Blob([typeof data === 'string' ? Buffer.from(data) : new Uint8Array(data)], { type }), fileName);
  return fetch(t.base + path, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, body: form });
}

/** The first sheet of an .xlsx answer as rows of cell texts (row 1 = the header). */
export async function sheetRows(res: Response): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.worksheets[0]!;
  const out: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((x) => x.text).join('') : String(v));
    }
    out.push(cells);
  });
  return out;
}

/** Deletes what imports with these tokens created (mediators first: they reference organisations). */
export async function removeImported(t: TestApp, tokens: string[]): Promise<void> {
  if (!tokens.length) return;
  await t.db.knex('mediators').whereIn('imported_from', tokens).delete();
  await t.db.knex('organisations').whereIn('imported_from', tokens).delete();
}

/** Rows of the registry tables, to show a rejected import changed nothing. */
export async function registryCounts(t: TestApp): Promise<{ mediators: number; mediator_service_areas: number; organisations: number }> {
  const n = async (table: string) => Number((await t.db.knex(table).count({ n: '*' }))[0]!.n);
  return { mediators: await n('mediators'), mediator_service_areas: await n('mediator_service_areas'), organisations: await n('organisations') };
}
