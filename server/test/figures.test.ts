// Issue 17, one definition per figure: every figure of the leader's dashboard and the list (and the
// Excel export) it opens agree, for several periods; 当前超期未结 is the dispatcher's 督促督办 → 已超期
// list and the case list's "overdue" filter, whatever the period; a township filter narrows all alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { CASE_FIGURES } from '../src/contract/figures.ts';
import { createTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const PERIODS = ['', 'from=2025-01-01&to=2025-12-31', 'from=2026-06-01&to=2026-11-30', 'from=2026-11-01&to=2026-11-30'];
/** Each listed figure and how the dashboard counts it. */
const FIGURES: [string, (f: Record<string, number>) => number][] = [
  ['cases_period', (f) => f.cases_period!], ['cases_month', (f) => f.cases_month!], ['cases_year', (f) => f.cases_year!],
  ['settled', (f) => f.settled!], ['filed', (f) => f.filed!], ['diverted', (f) => f.diverted!], ['overdue_open', (f) => f.overdue_open!],
  ['uncovered_villages', (f) => f.uncovered_villages!], ['mediators_active', (f) => f.mediators_active!],
  ['untrained', (f) => f.mediators_active! - f.mediators_trained!], ['schools_without_event', (f) => f.schools_total! - f.schools_with_event!],
  ['publicity_events', (f) => f.publicity_events!], ['guidance', (f) => f.guidance_requested!],
];

async function json(path: string) {
  const res = await t.request(path, { as: 'leader' });
  expect(res.status, path).toBe(200);
  return res.json();
}

/** The "合计：N 条" row of an exported list, and its heading. */
async function sheetOf(path: string) {
  const res = await t.request(path, { as: 'leader' });
  expect(res.status, path).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.worksheets[0]!;
  const cells: string[] = [];
  ws.eachRow((row) => cells.push(String(row.getCell(1).value ?? '')));
  const total = Number(/合计：(\d+) 条/.exec(cells.find((c) => c.startsWith('合计')) ?? '')?.[1]);
  return { total, title: cells[0]!, definition: cells[1]!, disposition: res.headers.get('content-disposition') ?? '' };
}

describe('each dashboard figure and the list it opens agree', () => {
  for (const p of PERIODS) {
    it(`for the period ${p || '(default)'}`, async () => {
      const d = await json(`/api/dashboard?${p}`);
      for (const [figure, value] of FIGURES) {
        const l = await json(`/api/dashboard/list?figure=${figure}&${p}&page_size=1`);
        expect(l.total, `${figure} ${p}`).toBe(value(d.figures));
        expect(l.definition.length, figure).toBeGreaterThan(5);
      }
      // 当前超期未结 is the supervision list and the case list's filter, not the period's cases.
      const sup = await json('/api/supervision?kind=overdue&page_size=1');
      expect(d.figures.overdue_open, p).toBe(sup.total);
      const list = await json('/api/cases?overdue=true&page_size=1');
      expect(d.figures.overdue_open, p).toBe(list.total);
    });
  }

  it('the overdue figure is not bound to the period, and names say which figure is which', async () => {
    const a = await json('/api/dashboard?from=2026-11-01&to=2026-11-30');
    const b = await json('/api/dashboard?from=2025-01-01&to=2025-01-31');
    expect(a.figures.overdue_open).toBeGreaterThan(0);
    expect(b.figures.overdue_open).toBe(a.figures.overdue_open);
    expect(a.definitions.overdue).toContain(CASE_FIGURES.overdue_in_period.label);
    expect(a.definitions.overdue_open).toContain(CASE_FIGURES.overdue_open.label);
    const l = await json('/api/dashboard/list?figure=overdue_open&page_size=1');
    expect(l.label).toBe('当前超期未结');
  });

  it('the Excel exports count what the figures count, with a Chinese file name', async () => {
    const p = 'from=2026-06-01&to=2026-11-30';
    const d = await json(`/api/dashboard?${p}`);
    for (const [figure, key] of [['overdue_open', 'overdue_open'], ['cases_month', 'cases_month'], ['settled', 'settled']] as const) {
      const x = await sheetOf(`/api/dashboard/list/export?figure=${figure}&${p}`);
      expect(x.total, figure).toBe(d.figures[key]);
      expect(x.definition).toMatch(/^口径：/);
      expect(decodeURIComponent(x.disposition)).toMatch(/filename\*=UTF-8''.*[\u4e00-\u9fff].*\.xlsx/);
    }
    const sup = await sheetOf('/api/supervision/export?kind=overdue');
    expect(sup.total).toBe(d.figures.overdue_open);
    expect(sup.title).toBe('督促督办-当前超期未结');
    const perf = await t.request(`/api/assessment/export?dimension=township&${p}`, { as: 'leader' });
    expect(decodeURIComponent(perf.headers.get('content-disposition') ?? '')).toContain('考核统计-乡镇(街道)-2026-06-01至2026-11-30.xlsx');
  });

  it('a township filter narrows the list, the supervision list and their exports alike', async () => {
    const [top] = (await t.db.knex('cases').where('status', 'mediating').groupBy('township_code')
      .orderByRaw('count(*) desc').select('township_code').limit(1)) as { township_code: string }[];
    const code = top!.township_code;
    const all = await json('/api/dashboard/list?figure=overdue_open&page_size=1');
    const one = await json(`/api/dashboard/list?figure=overdue_open&township=${code}&page_size=1`);
    const sup = await json(`/api/supervision?kind=overdue&township=${code}&page_size=1`);
    expect(one.total).toBe(sup.total);
    expect(one.total).toBeLessThanOrEqual(all.total);
    expect((await sheetOf(`/api/supervision/export?kind=overdue&township=${code}`)).total).toBe(sup.total);
    const p = 'from=2026-01-01&to=2026-11-30';
    const cases = await json(`/api/dashboard/list?figure=cases_period&${p}&township=${code}&page_size=1`);
    const d = await json(`/api/dashboard?${p}`);
    expect(cases.total).toBe(d.by_township.find((x: { code: string }) => x.code === code).received);
  });

  it('the publicity events list takes the township filter too, on screen and in its export', async () => {
    const p = 'from=2026-01-01&to=2026-11-30';
    const [top] = (await t.db.knex('publicity_events').where('held_at', '>=', '2026-01-01T00:00:00+08:00').andWhere('held_at', '<', '2026-12-01T00:00:00+08:00')
      .groupBy('township_code').orderByRaw('count(*) desc').select('township_code', t.db.knex.raw('count(*)::int AS n')).limit(1)) as { township_code: string; n: number }[];
    const all = await json(`/api/dashboard/list?figure=publicity_events&${p}&page_size=1`);
    const one = await json(`/api/dashboard/list?figure=publicity_events&${p}&township=${top!.township_code}&page_size=500`);
    expect(one.total).toBe(top!.n);
    expect(one.total).toBeLessThan(all.total);
    const name = (await t.db.knex('townships').where({ code: top!.township_code }).first('name')).name;
    expect(one.items.every((r: { township: string }) => r.township === name)).toBe(true);
    expect((await sheetOf(`/api/dashboard/list/export?figure=publicity_events&${p}&township=${top!.township_code}`)).total).toBe(top!.n);
  });
  it('the 在岗调解员 list takes the township filter by the untrained list\'s rule, on screen and in its export', async () => {
    const per = (await json('/api/training/untrained')).townships as { code: string | null; name: string; active: number }[];
    const d = await json('/api/dashboard');
    const all = await json('/api/dashboard/list?figure=mediators_active&page_size=1');
    expect(per.reduce((s, x) => s + x.active, 0)).toBe(all.total);
    expect(all.total).toBe(d.figures.mediators_active);
    const top = per.filter((x) => x.code !== null).sort((a, b) => b.active - a.active)[0]!;
    const one = await json(`/api/dashboard/list?figure=mediators_active&township=${top.code}&page_size=500`);
    expect(one.total).toBe(top.active);
    expect(one.total).toBeLessThan(all.total);
    expect(one.columns.map((c: { key: string }) => c.key)).toContain('township');
    expect(one.items.length).toBe(one.total);
    expect(one.items.every((r: { township: string }) => r.township === top.name)).toBe(true);
    // The people listed are exactly the active mediators the untrained list places in that township.
    expect((await json(`/api/training/untrained?township=${top.code}`)).townships[0].active).toBe(one.total);
    expect((await sheetOf(`/api/dashboard/list/export?figure=mediators_active&township=${top.code}`)).total).toBe(top.active);
    expect((await sheetOf('/api/dashboard/list/export?figure=mediators_active')).total).toBe(all.total);
  });
});

describe('the mediator\'s township rule is written once', () => {
  it('as the SQL function of migration 33, which no query writes out again', async () => {
    const src = path.resolve(import.meta.dirname, '../src');
    const files = (fs.readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.(ts|sql)$/.test(f));
    const written = files.filter((f) => /coalesce\(\s*\w+\.township_code,\s*o\.township_code\)/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    expect(written).toEqual([]);
    const used = files.filter((f) => fs.readFileSync(path.join(src, f), 'utf8').includes('shihe_mediator_township('));
    expect(used).toEqual(expect.arrayContaining([path.join('db', 'sql', 'assessment-untrained.sql'), path.join('services', 'assessment', 'dashboard.ts')]));
  });
});

describe('the deadline rule is written once', () => {
  it('as the SQL functions of migration 29, which no query writes out again', async () => {
    const { rows } = await t.db.knex.raw(`SELECT shihe_case_deadline(NULL, NULL, CAST(? AS timestamptz), 30) AS d0,
      shihe_case_deadline(NULL, CAST(? AS timestamptz), CAST(? AS timestamptz), 30) AS d1,
      shihe_overdue_by(CAST(? AS timestamptz), NULL, CAST(? AS timestamptz)) AS late_open,
      shihe_overdue_by(CAST(? AS timestamptz), CAST(? AS timestamptz), CAST(? AS timestamptz)) AS closed_in_time`,
    ['2026-01-01T00:00:00+08:00', '2026-02-10T00:00:00Z', '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z', '2025-12-31T00:00:00Z', '2026-01-02T00:00:00Z']);
    expect(new Date(rows[0].d0).toISOString()).toBe('2026-01-30T16:00:00.000Z'); // 30 days after 1 Jan, Beijing midnight
    expect(new Date(rows[0].d1).toISOString()).toBe('2026-02-10T00:00:00.000Z'); // the deadline set at assignment wins
    expect(rows[0].late_open).toBe(true);
    expect(rows[0].closed_in_time).toBe(false);
    const src = path.resolve(import.meta.dirname, '../src');
    const files = (fs.readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.(ts|sql)$/.test(f));
    const written = files.filter((f) => /coalesce\([^)]*extended_until/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    expect(written).toEqual([]);
  });
});
