// Issue 18 item 4, the outcomes export for the filing division: the file opens with exceljs, its columns
// and its 说明 sheet are the documented layout, a case settled inside the period is a row and one settled
// outside (by Asia/Shanghai days) is not, the reader's scope and the filters apply, party names follow the
// role, bad periods are a 400 with the error shape. Its cases are dated in March 2019, before every demo
// case; everything this file inserts is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { OUTCOME_COLUMNS, OUTCOMES_README_SHEET, OUTCOMES_SHEET } from '../src/contract/outcomes.ts';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let djh: number; // 董家河法庭
let mediator: number;
let capacity: number;
let inside: number; // settled 2019-03-15 (Beijing), with an amount
let after: number; // settled 2019-04-01 00:30 Beijing = 2019-03-31 16:30 UTC: outside March by Beijing days
let djhCase: number; // withdrawn 2019-03-10, in 董家河法庭's catchment

const col = (key: string) => OUTCOME_COLUMNS.findIndex((c) => c.key === key) + 1;

async function pointIn(tribunal: 'djh' | 'other') {
  const q = knex('grids as g').join('townships as tw', 'tw.code', 'g.township_code').orderBy('g.code')
    .first('tw.code as township', knex.raw('ST_X(ST_PointOnSurface(g.geom)) AS x'), knex.raw('ST_Y(ST_PointOnSurface(g.geom)) AS y'));
  if (tribunal === 'djh') q.where('tw.tribunal_id', djh); else q.whereNot('tw.tribunal_id', djh).whereNotNull('tw.tribunal_id');
  return (await q) as { township: string; x: number; y: number };
}

async function create(at: { x: number; y: number }) {
  const res = await t.request('/api/cases', {
    as: 'dispatcher', method: 'POST', body: {
      title: '测试：结果导出', dispute_type: 'neighbour', lng: at.x, lat: at.y,
      parties: [{ name: '测试甲', role: 'applicant', phone: '13800001234' }, { name: '测试乙', role: 'respondent' }],
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number; version: number };
}

async function settled(at: { x: number; y: number }, amount: number | undefined) {
  const c = await create(at);
  const post = (path: string, body: unknown) => t.request(path, { as: 'dispatcher', method: 'POST', body });
  let r = await post(`/api/cases/${c.id}/assign`, { version: c.version, mediator_id: mediator, reason: '测试' });
  expect(r.status, await r.clone().text()).toBe(200);
  r = await post(`/api/cases/${c.id}/accept`, { version: ((await r.json()) as { version: number }).version });
  expect(r.status, await r.clone().text()).toBe(200);
  r = await post(`/api/cases/${c.id}/outcome`, { version: ((await r.json()) as { version: number }).version, result: 'settled', note: '双方达成协议，电话13812345678', ...(amount === undefined ? {} : { agreement_amount: amount }) });
  expect(r.status, await r.clone().text()).toBe(200);
  return c.id;
}

/** Moves a case's dates into 2019 (registered and assigned a few days before it closed). */
async function dated(id: number, closed: string, column: string) {
  const t0 = Date.parse(closed);
  await knex('cases').where({ id }).update({
    created_at: new Date(t0 - 10 * 86400_000), assigned_at: column === 'withdrawn_at' ? null : new Date(t0 - 9 * 86400_000),
    [column]: new Date(t0), closed_at: new Date(t0),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  djh = (await t.login('dispatcher_djh')).user.tribunal_id!;
  ({ id: mediator, capacity } = await knex('mediators').where({ status: 'active' }).orderBy('id').first('id', 'capacity'));
  await knex('mediators').where({ id: mediator }).increment('capacity', 10);
  const other = await pointIn('other');
  inside = await settled(other, 1234.5);
  await dated(inside, '2019-03-15T10:00:00+08:00', 'settled_at');
  after = await settled(other, 99);
  await dated(after, '2019-04-01T00:30:00+08:00', 'settled_at');
  djhCase = (await create(await pointIn('djh'))).id;
  const w = await t.request(`/api/cases/${djhCase}/status`, { as: 'dispatcher', method: 'POST', body: { version: 1, status: 'withdrawn', note: '申请人撤回' } });
  expect(w.status, await w.clone().text()).toBe(200);
  await dated(djhCase, '2019-03-10T09:00:00+08:00', 'withdrawn_at');
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete();
  await knex('mediators').where({ id: mediator }).update({ capacity });
  await t.close();
});

async function workbook(query: string, as: DemoUser = 'dispatcher') {
  const res = await t.request(`/api/export/outcomes?${query}`, { as });
  expect(res.status, await res.clone().text()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.getWorksheet(OUTCOMES_SHEET)!;
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow((row) => rows.push(OUTCOME_COLUMNS.map((_, i) => row.getCell(i + 1).value)));
  const data = rows.slice(1, -1);
  const ids = data.map((r) => r[col('id') - 1] as number);
  return { res, wb, header: rows[0]!, data, total: rows.at(-1)!, ids, row: (id: number) => data.find((r) => r[col('id') - 1] === id) };
}

describe('GET /api/export/outcomes', () => {
  it('is an .xlsx in the documented layout, with a totals row and a 说明 sheet', async () => {
    const x = await workbook('from=2019-03-01&to=2019-03-31');
    expect(x.res.headers.get('content-type')).toContain('spreadsheetml');
    expect(x.res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('调解结果-2019-03-01至2019-03-31.xlsx')}`);
    expect(x.wb.worksheets.map((w) => w.name)).toEqual([OUTCOMES_SHEET, OUTCOMES_README_SHEET]);
    expect(x.header).toEqual(OUTCOME_COLUMNS.map((c) => c.label));
    expect(x.ids.sort((a, b) => a - b)).toEqual([inside, djhCase].sort((a, b) => a - b));

    const r = x.row(inside)!;
    expect(r[col('case_number') - 1]).toMatch(/^（2\d{3}）.+号$/);
    expect(r[col('dispute_type') - 1]).toBe('邻里纠纷');
    expect(r[col('parties') - 1]).toBe('申请人：测试甲；被申请人：测试乙');
    expect(r[col('registered') - 1]).toEqual(new Date('2019-03-05T00:00:00Z'));
    expect(r[col('assigned') - 1]).toEqual(new Date('2019-03-06T00:00:00Z'));
    expect(r[col('closed') - 1]).toEqual(new Date('2019-03-15T00:00:00Z'));
    expect(r[col('result') - 1]).toBe('调解成功');
    expect(r[col('mediator') - 1]).toEqual(expect.any(String));
    expect(r[col('amount') - 1]).toBe(1234.5);
    expect(r[col('source') - 1]).toBe('法院委派');
    expect(r[col('remark') - 1]).toBe('双方达成协议，电话13812345678');

    const w = x.row(djhCase)!;
    expect(w[col('result') - 1]).toBe('已撤回');
    expect(w[col('assigned') - 1]).toBeNull();
    expect(w[col('amount') - 1]).toBeNull(); // no amount recorded: blank, not 0

    expect(x.total[0]).toBe('合计');
    expect(x.total[col('id') - 1]).toBe(2);
    expect(x.total[col('result') - 1]).toBe('调解成功 1，已撤回 1');
    expect(x.total[col('amount') - 1]).toBe(1234.5);

    const about: string[] = [];
    x.wb.getWorksheet(OUTCOMES_README_SHEET)!.eachRow((row) => about.push(row.values!.toString()));
    expect(about.join('\n')).toContain('2019-03-01 至 2019-03-31');
    for (const c of OUTCOME_COLUMNS) expect(about.some((l) => l.includes(c.label) && l.includes(c.note))).toBe(true);
  });

  it('counts a case by the Beijing day its outcome was reached', async () => {
    // 2019-04-01 00:30 in Beijing is still 31 March in UTC: April, not March.
    expect((await workbook('from=2019-04-01&to=2019-04-01')).ids).toEqual([after]);
    expect((await workbook('from=2019-03-16&to=2019-03-31')).ids).toEqual([]);
    expect((await workbook('from=2019-03-15&to=2019-03-15')).ids).toEqual([inside]);
  });

  it('holds only the cases the reader reaches, and the filters narrow it', async () => {
    expect((await workbook('from=2019-03-01&to=2019-03-31', 'dispatcher_djh')).ids).toEqual([djhCase]);
    expect((await workbook(`from=2019-03-01&to=2019-03-31&tribunal=${djh}`)).ids).toEqual([djhCase]);
    const other = await knex('cases').where({ id: inside }).first('tribunal_id', 'township_code');
    expect((await workbook(`from=2019-03-01&to=2019-03-31&tribunal=${other.tribunal_id}`, 'dispatcher_djh')).ids).toEqual([]);
    expect((await workbook(`from=2019-03-01&to=2019-03-31&township=${other.township_code}`)).ids).toEqual([inside]);
  });

  it('gives a leader family names only and masked remarks; mediators and planners are refused', async () => {
    const x = await workbook('from=2019-03-01&to=2019-03-31', 'leader');
    expect(x.row(inside)![col('parties') - 1]).toBe('申请人：测**；被申请人：测**');
    expect(x.row(inside)![col('remark') - 1]).not.toContain('13812345678');
    await expectError(await t.request('/api/export/outcomes?from=2019-03-01&to=2019-03-31', { as: 'mediator' }), 403, 'forbidden');
    await expectError(await t.request('/api/export/outcomes?from=2019-03-01&to=2019-03-31', { as: 'planner' }), 403, 'forbidden');
  });

  it('refuses an impossible day, a reversed period and a missing end with a 400', async () => {
    for (const q of ['from=2019-02-30&to=2019-03-31', 'from=2019-04-01&to=2019-03-01', 'from=2019-03-01', 'from=2019-03-01&to=2019-03-31&township=12', 'from=2019-03-01&to=2019-03-31&tribunal=0']) {
      const e = await expectError(await t.request(`/api/export/outcomes?${q}`, { as: 'dispatcher' }), 400, 'invalid_input');
      expect(e.message, q).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
