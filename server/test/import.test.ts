// Excel/CSV import of mediators and organisations: the template, previews of the golden fixtures
// (every problem by row and column), the all-or-nothing commit, and a 20,000-row import.
// Everything imported here is deleted again in afterAll (other files count mediators per area).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { FIXTURES } from './paths.ts';
import { registryCounts, removeImported, sheetRows, upload } from './registry-helpers.ts';
import { manyMediators, xlsx } from './fixtures/registry/make.ts';
import { MEDIATOR_COLUMNS, ORGANISATION_COLUMNS, type ImportPreview, type MediatorItem } from '../src/contract/registry.ts';

const DIR = path.join(FIXTURES, 'registry');
const fixture = (f: string) => fs.readFileSync(path.join(DIR, f));
const expected = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { row: number; column: string | null; code: string }[];

let t: TestApp;
const tokens: string[] = [];
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => {
  await removeImported(t, tokens);
  await t.close();
});

async function preview(kind: 'mediators' | 'organisations', file: string, data?: Buffer | string): Promise<ImportPreview> {
  const res = await upload(t, `/api/registry/import/${kind}/preview`, file, data ?? fixture(file));
  expect(res.status, await res.clone().text()).toBe(200);
  const p = (await res.json()) as ImportPreview;
  tokens.push(p.token);
  return p;
}

const commit = (token: string, as: 'admin' | 'leader' = 'admin') => t.request('/api/registry/import/commit', { method: 'POST', body: { token }, as });
const brief = (p: ImportPreview) => p.problems.map((x) => ({ row: x.row, column: x.column, code: x.code }));

describe('the template', () => {
  it('is an .xlsx with the Chinese headers (required ones marked *), instructions and the district codes', async () => {
    for (const [kind, cols] of [['mediators', MEDIATOR_COLUMNS], ['organisations', ORGANISATION_COLUMNS]] as const) {
      const res = await t.get(`/api/registry/template/${kind}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
      const rows = await sheetRows(res);
      expect(rows[0]).toEqual(cols.map((c) => (c.required ? `${c.header}*` : c.header)));
      expect(rows.length).toBe(1); // no example row to import by mistake
    }
  });

  it('is for admin only', async () => {
    await expectError(await t.request('/api/registry/template/mediators', { as: 'leader' }), 403, 'forbidden');
    await expectError(await t.get('/api/registry/template/people'), 400, 'invalid_input');
  });

  it('a filled-in template imports', async () => {
    const res = await t.get('/api/registry/template/mediators');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    wb.worksheets[0]!.addRow(['示例·模板人', '网格员', '', '', '13700000301', '', '', '411502001001001']);
    const p = await preview('mediators', '模板.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(p.problems).toEqual([]);
    expect(p.row_count).toBe(1);
  });
});

describe('preview', () => {
  it('a good file: no problems, every row valid, a sample as it would be stored', async () => {
    const p = await preview('mediators', 'mediators-good.xlsx');
    expect(p).toMatchObject({ kind: 'mediators', row_count: 6, valid_rows: 6, problem_count: 0, committable: true });
    expect(p.sample[0]).toMatchObject({ name: '示例·甲调解员', kind: 'grid_worker', phone: '13700000001', service_area_codes: ['411502001001001'], specialties: ['property'], capacity: 8, is_liaison: true, location_source: 'area' });
    expect(p.sample[1]).toMatchObject({ phone: '13700000002', status: 'on_leave', status_since: '2026-03-05', service_area_codes: ['411502001001'] });
    expect(p.sample[2]).toMatchObject({ service_area_codes: ['411502100206', '411502208211'] });
    expect(p.sample[3]).toMatchObject({ phone: '0376-6220004', location_source: 'given', lng: 114.064, lat: 32.1131 });
    // GCJ-02 in the file → WGS84 stored, about 585 m away here.
    const s4 = p.sample[4] as { lng: number; lat: number; service_area_codes: string[] };
    expect(s4.service_area_codes).toEqual(['411502000000']);
    expect(Math.hypot((s4.lng - 114.07) * 94_000, (s4.lat - 32.11) * 111_000)).toBeGreaterThan(400);
    expect(p.sample[5]).toMatchObject({ status: 'withdrawn', withdrawn_on: '2025-12-31' });
  });

  it('the same rows as a GBK CSV (Excel on Chinese Windows) read the same', async () => {
    const a = await preview('mediators', 'mediators-good.xlsx');
    const b = await preview('mediators', 'mediators-good-gbk.csv');
    expect(b.problems).toEqual([]);
    expect(b.sample.map((s) => s.name)).toEqual(a.sample.map((s) => s.name));
    expect(b.sample).toEqual(a.sample);
  });

  it('a file with each kind of bad row lists every problem by row and column', async () => {
    const p = await preview('mediators', 'mediators-bad.xlsx');
    expect(brief(p)).toEqual(expected('mediators-bad.expected.json'));
    expect(p.committable).toBe(false);
    expect(p.valid_rows).toBe(1);
    for (const x of p.problems) expect(x.message.length).toBeGreaterThan(4);
    expect(p.problems.find((x) => x.code === 'ambiguous_area')!.message).toContain('李家寨镇/黄湾村');
    expect(p.problems.find((x) => x.code === 'duplicate_in_file')!.message).toContain('第 19 行');
  });

  it('organisations: good and bad', async () => {
    const good = await preview('organisations', 'organisations-good.csv');
    expect(good.problems).toEqual([]);
    expect(good.sample[0]).toMatchObject({ township_code: '411502208000', village_code: '411502208211', kind: 'village_committee' });
    expect(good.sample[1]).toMatchObject({ kind: 'industry', industry: 'property', township_code: null });
    expect(good.sample[2]).toMatchObject({ kind: 'governance_unit', township_code: '411502010000' });
    const bad = await preview('organisations', 'organisations-bad.xlsx');
    expect(brief(bad)).toEqual(expected('organisations-bad.expected.json'));
  });

  it('a missing required column is a problem of the whole file', async () => {
    const p = await preview('mediators', 'mediators-no-phone-column.csv');
    expect(brief(p)).toEqual([{ row: 0, column: '联系电话', code: 'missing_column' }]);
    expect(p.committable).toBe(false);
  });

  it('bad uploads are 4xx with a message', async () => {
    await expectError(await t.request('/api/registry/import/mediators/preview', { method: 'POST', body: {} }), 400, 'no_file');
    await expectError(await upload(t, '/api/registry/import/mediators/preview', 'a.txt', 'hello'), 400, 'unsupported_file');
    await expectError(await upload(t, '/api/registry/import/mediators/preview', 'a.xls', 'hello'), 400, 'unsupported_file');
    await expectError(await upload(t, '/api/registry/import/mediators/preview', 'a.xlsx', 'not a zip'), 400, 'unreadable_file');
    await expectError(await upload(t, '/api/registry/import/mediators/preview', 'big.csv', Buffer.alloc(10 * 1024 * 1024 + 10, 0x41)), 413, 'file_too_large');
    await expectError(await upload(t, '/api/registry/import/tribunals/preview', 'a.csv', 'x'), 400, 'invalid_input');
    await expectError(await upload(t, '/api/registry/import/mediators/preview', 'a.csv', 'x', 'dispatcher'), 403, 'forbidden');
    await expectError(await commit('not-a-token'), 400, 'invalid_input');
    await expectError(await commit('00000000-0000-4000-8000-000000000000'), 404, 'preview_not_found');
  });
});

describe('commit: all or nothing', () => {
  it('a file with problems is refused and the database is unchanged', async () => {
    const before = await registryCounts(t);
    const p = await preview('mediators', 'mediators-bad.xlsx');
    const e = await expectError(await commit(p.token), 422, 'import_rejected');
    expect((e as { details?: { problems: unknown[] } }).details?.problems.length ?? 0).toBeGreaterThan(0);
    expect(await registryCounts(t)).toEqual(before);
    const audit = await t.db.knex('audit_log').where({ action: 'import.registry', outcome: 'failure' }).orderBy('id', 'desc').first();
    expect(audit.target_id).toBe(p.token);
  });

  it('a good preview that the database no longer allows (a duplicate appeared) is refused whole', async () => {
    const p = await preview('mediators', 'mediators-good.xlsx');
    expect(p.committable).toBe(true);
    // Someone registers the 6th person of the file in between.
    const made = await t.request('/api/mediators', { method: 'POST', body: { name: '示例·己调解员', kind: 'lawyer', phone: '13700000006', service_areas: [{ level: 'township', code: '411502103000' }] } });
    expect(made.status).toBe(201);
    const id = ((await made.json()) as MediatorItem).id;
    try {
      const before = await registryCounts(t);
      const e = await expectError(await commit(p.token), 422, 'import_rejected');
      expect(JSON.stringify(e)).toContain('duplicate_in_database');
      expect(await registryCounts(t)).toEqual(before);
      expect(await t.db.knex('mediators').where({ imported_from: p.token }).count({ n: '*' })).toEqual([{ n: 0 }]);
    } finally {
      await t.request(`/api/mediators/${id}`, { method: 'DELETE' });
    }
  });

  it('a good file commits once: every row with its service areas, audited; a second commit is 404', async () => {
    const before = await registryCounts(t);
    const orgs = await preview('organisations', 'organisations-good.csv');
    const o = await commit(orgs.token);
    expect(o.status).toBe(200);
    expect(await o.json()).toMatchObject({ kind: 'organisations', inserted: 3 });
    // A mediator file may name an organisation imported before it.
    const file = await xlsx(MEDIATOR_COLUMNS, [{ name: '示例·组织成员', kind: '网格员', phone: '13700000401', service_areas: '十三里桥乡/黄湾村', organisation: '示例·黄湾村人民调解委员会(导入)' }]);
    const withOrg = await preview('mediators', 'member.xlsx', file);
    expect(withOrg.problems).toEqual([]);
    expect((await commit(withOrg.token)).status).toBe(200);

    const p = await preview('mediators', 'mediators-good.xlsx');
    const res = await commit(p.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'mediators', inserted: 6 });
    const after = await registryCounts(t);
    expect(after.mediators - before.mediators).toBe(7);
    expect(after.organisations - before.organisations).toBe(3);
    expect(after.mediator_service_areas - before.mediator_service_areas).toBe(1 + 1 + 1 + 2 + 1 + 1 + 1);
    await expectError(await commit(p.token), 404, 'preview_not_found');

    const list = (await (await t.get(`/api/mediators?q=${encodeURIComponent('示例·丙调解员')}`)).json()) as { total: number; items: MediatorItem[] };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'village_cadre', tribunal_name: '董家河法庭', service_area_codes: ['411502100206', '411502208211'], location_source: 'area' });
    const member = (await (await t.get(`/api/mediators?q=${encodeURIComponent('示例·组织成员')}`)).json()) as { items: MediatorItem[] };
    expect(member.items[0]!.organisation_name).toBe('示例·黄湾村人民调解委员会(导入)');
    const audit = await t.db.knex('audit_log').where({ action: 'import.registry', outcome: 'success', target_id: p.token }).first();
    expect(audit.details).toMatchObject({ kind: 'mediators', inserted: 6 });
  });

  it('only the admin who previewed may commit', async () => {
    const p = await preview('mediators', 'mediators-good.xlsx');
    await expectError(await commit(p.token, 'leader'), 403, 'forbidden');
  });
});

describe('a large import', () => {
  it('20,000 mediator rows: preview and commit, then removed', async () => {
    const grids = (await t.db.knex('grids').orderBy('code').pluck('code')) as string[];
    const file = await xlsx(MEDIATOR_COLUMNS, manyMediators(20_000, grids));
    const before = await registryCounts(t);
    let t0 = performance.now();
    const p = await preview('mediators', 'many.xlsx', file);
    const previewMs = performance.now() - t0;
    expect(p.problems.slice(0, 3)).toEqual([]);
    expect(p.row_count).toBe(20_000);
    t0 = performance.now();
    const res = await commit(p.token);
    const commitMs = performance.now() - t0;
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { inserted: number }).inserted).toBe(20_000);
    const after = await registryCounts(t);
    expect(after.mediators - before.mediators).toBe(20_000);
    console.log(`20,000-row import (${t.db.kind}): preview ${(previewMs / 1000).toFixed(1)} s, commit ${(commitMs / 1000).toFixed(1)} s`);
    // No time bound here (a loaded machine makes any bound luck; the test's timeout catches a hang):
    // server/bench/import.ts measures the speed.
    await removeImported(t, [p.token]);
    expect(await registryCounts(t)).toEqual(before);
  }, 180_000);
});
