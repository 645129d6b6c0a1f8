// Issue 17: an import reports every problem of every row at once — a row with a bad service area and
// coordinates outside the district reports both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from './helpers.ts';
import { removeImported, upload } from './registry-helpers.ts';
import type { ImportPreview } from '../src/contract/registry.ts';

let t: TestApp;
const tokens: string[] = [];
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => {
  await removeImported(t, tokens);
  await t.close();
});

describe('every problem of every row', () => {
  it('a bad area and a point outside the district are both reported', async () => {
    const res = await t.get('/api/registry/template/mediators');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v).replace(/\*$/, ''));
    const row = (cells: Record<string, string>) => ws.addRow(header.map((h) => cells[h] ?? ''));
    // Row 2: a bad area and Beijing's coordinates; row 3: only outside; row 4: good.
    row({ 姓名: '示例·两处问题', 类别: '网格员', 联系电话: '13700000871', 服务区域: '不存在的村', 经度: '116.4', 纬度: '39.9' });
    row({ 姓名: '示例·仅坐标', 类别: '网格员', 联系电话: '13700000872', 服务区域: '411502001001001', 经度: '116.4', 纬度: '39.9' });
    row({ 姓名: '示例·正常', 类别: '网格员', 联系电话: '13700000873', 服务区域: '411502001001001' });
    const up = await upload(t, '/api/registry/import/mediators/preview', '两处问题.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(up.status, await up.clone().text()).toBe(200);
    const p = (await up.json()) as ImportPreview;
    tokens.push(p.token);
    const codes = (r: number) => p.problems.filter((x) => x.row === r).map((x) => x.code).sort();
    expect(codes(2)).toEqual(['outside_district', 'unknown_area']);
    expect(codes(3)).toEqual(['outside_district']);
    expect(codes(4)).toEqual([]);

    // The problem list as Excel: the original rows with a 问题 column naming every problem.
    const x = await t.get(`/api/registry/import/problems?token=${p.token}`);
    expect(x.status).toBe(200);
    expect(decodeURIComponent(x.headers.get('content-disposition') ?? '')).toContain('两处问题-问题清单.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(head[0]).toBe('原行号');
    expect(head.at(-1)).toBe('问题');
    const r2 = (sheet.getRow(2).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    expect(r2[0]).toBe('2');
    expect(r2).toContain('示例·两处问题');
    expect(r2.at(-1)).toMatch(/不存在.*不在浉河区范围内|不在浉河区范围内.*不存在/);
    expect(sheet.rowCount).toBe(3);

    // "Import the valid rows": an explicit choice; without it the file is refused whole.
    const refused = await t.request('/api/registry/import/commit', { method: 'POST', body: { token: p.token } });
    expect(refused.status).toBe(422);
    const again = (await (await upload(t, '/api/registry/import/mediators/preview', '两处问题.xlsx', Buffer.from(await wb.xlsx.writeBuffer()))).json()) as ImportPreview;
    tokens.push(again.token);
    const ok = await t.request('/api/registry/import/commit', { method: 'POST', body: { token: again.token, only_valid: true } });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await ok.json()).toMatchObject({ inserted: 1, skipped: 2 });
    expect(await t.db.knex('mediators').where({ name: '示例·正常' }).count({ n: '*' })).toEqual([{ n: expect.anything() }]);
    const audit = await (await t.request('/api/audit?action=import.registry&page_size=1')).json();
    expect(audit.items[0].sentence).toContain('跳过有问题的 2 行');
  });
});
