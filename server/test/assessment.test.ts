// Performance statistics, the dashboard, training and publicity against hand-made 2020 data whose every
// figure is worked out by hand (fixtures/assessment/known-2020.json; no demo case is older than 2024-12),
// plus empty periods (zeros and null rates, never NaN) and the quarter edges in Asia/Shanghai.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, expectError, type TestApp } from './helpers.ts';

interface FixtureCase { key: string; status: string; source: string; mediator: boolean; created_at: string; assigned_at: string | null; deadline_at: string | null; closed_at: string | null }
const fx = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/assessment/known-2020.json'), 'utf8')) as {
  mediator_id: number; judge_id: number; township: string; village: string; cases: FixtureCase[];
  guidance: { case: string; mode: string; requested_at: string; held_at: string | null }[];
  period: { from: string; to: string }; expected: Record<string, Record<string, number | null>>;
};
const P = `from=${fx.period.from}&to=${fx.period.to}`;

let t: TestApp;
const caseIds = new Map<string, number>();
const created: { sessions: number[]; events: number[] } = { sessions: [], events: [] };

beforeAll(async () => {
  t = await createTestApp();
  const k = t.db.knex;
  for (const c of fx.cases) {
    const [row] = await k('cases').insert({
      title: `考核测试案件 ${c.key}`, dispute_type: 'neighbour', status: c.status, source: c.source,
      location: k.raw('(SELECT point FROM villages WHERE code = ?)', [fx.village]),
      township_code: fx.township, village_code: fx.village, tribunal_id: k.raw('(SELECT tribunal_id FROM townships WHERE code = ?)', [fx.township]),
      mediator_id: c.mediator ? fx.mediator_id : null, created_at: c.created_at, assigned_at: c.assigned_at, deadline_at: c.deadline_at,
      closed_at: c.closed_at, is_demo: false,
    }).returning('id');
    caseIds.set(c.key, (row as { id: number }).id);
  }
  for (const g of fx.guidance) {
    await k('guidance_requests').insert({ case_id: caseIds.get(g.case), mode: g.mode, requested_at: g.requested_at, held_at: g.held_at, judge_id: fx.judge_id, note: '考核测试' });
  }
});

afterAll(async () => {
  const k = t.db.knex;
  if (created.sessions.length) await k('training_sessions').whereIn('id', created.sessions).delete();
  if (created.events.length) await k('publicity_events').whereIn('id', created.events).delete();
  await k('cases').whereIn('id', [...caseIds.values()]).delete(); // guidance goes with them
  await t.close();
});

async function rowOf(dimension: string, key: string | number, query = P) {
  const res = await t.get(`/api/assessment/performance?dimension=${dimension}&${query}`);
  expect(res.status).toBe(200);
  const body = await res.json();
  return { body, row: body.rows.find((r: { key: string }) => r.key === String(key)) };
}

describe('performance statistics (hand-made 2020 cases)', () => {
  it('per mediator: every figure as worked out by hand', async () => {
    const { body, row } = await rowOf('mediator', fx.mediator_id);
    expect(body.period).toEqual(fx.period);
    expect(row).toMatchObject(fx.expected.mediator!);
    expect(body.definitions.success_rate).toContain('调解成功 ÷');
  });

  it('per judge: the cases they guided and their guidance requests', async () => {
    const { row } = await rowOf('judge', fx.judge_id);
    expect(row).toMatchObject(fx.expected.judge!);
  });

  it('per township and per village, with 万人成讼率', async () => {
    expect((await rowOf('township', fx.township)).row).toMatchObject(fx.expected.township!);
    expect((await rowOf('village', fx.village)).row).toMatchObject(fx.expected.village!);
  });

  it('per organisation and tribunal: the mediator\'s organisation holds the same cases', async () => {
    const org = (await t.db.knex('mediators').where({ id: fx.mediator_id }).first('organisation_id')).organisation_id;
    const { row } = await rowOf('organisation', org);
    expect(row).toMatchObject({ received: 4, settled: 1, filed: 1, success_rate: 0.3333 });
    const trib = (await t.db.knex('townships').where({ code: fx.township }).first('tribunal_id')).tribunal_id;
    expect((await rowOf('tribunal', trib)).row).toMatchObject({ received: 6, withdrawn: 1, open: 2 });
  });

  it('a case registered at 00:00 Beijing time on 2021-01-01 is not in 2020; one at 23:30 on 2020-12-31 is', async () => {
    const { row } = await rowOf('mediator', fx.mediator_id, 'from=2021-01-01&to=2021-01-02');
    expect(row).toMatchObject({ received: 1, settled: 1, success_rate: 1, guidance_requested: 1, guidance_held: 1 });
    const dec31 = await rowOf('township', fx.township, 'from=2020-12-31&to=2020-12-31');
    expect(dec31.row).toMatchObject({ received: 1, open: 1 });
  });

  it('an empty period: zeros, and null (not NaN) for the rates and the median', async () => {
    const { row } = await rowOf('township', fx.township, 'from=2019-01-01&to=2019-01-31');
    expect(row).toMatchObject({ received: 0, settled: 0, success_rate: null, median_days: null, overdue: 0, filed_per_10k: 0 });
    const m = await rowOf('mediator', fx.mediator_id, 'from=2019-01-01&to=2019-01-31');
    expect(m.row).toMatchObject({ received: 0, success_rate: null, median_days: null, filed_per_10k: null });
  });

  it('monthly trend of the district and of one mediator', async () => {
    const all = await (await t.get(`/api/assessment/trend?${P}`)).json();
    expect(all.months).toHaveLength(12);
    const byMonth = Object.fromEntries(all.months.filter((m: { received: number }) => m.received > 0).map((m: { month: string; received: number }) => [m.month, m.received]));
    expect(byMonth).toEqual(fx.expected.by_month);
    const one = await (await t.get(`/api/assessment/trend?${P}&dimension=mediator&id=${fx.mediator_id}`)).json();
    expect(one.months.find((m: { month: string }) => m.month === '2020-03')).toMatchObject({ received: 2, settled: 1, failed: 1, success_rate: 0.5 });
    expect(one.months.find((m: { month: string }) => m.month === '2020-06')).toMatchObject({ received: 0, success_rate: null });
  });

  it('exports the table as .xlsx with the same figures and a definitions sheet', async () => {
    const res = await t.get(`/api/assessment/export?dimension=township&${P}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('名称');
    const rows: unknown[][] = [];
    ws.eachRow((r, i) => { if (i > 1) rows.push(r.values as unknown[]); });
    expect(rows).toHaveLength(19);
    const laocheng = rows.find((r) => r[1] === '老城街道')!;
    expect(laocheng[3]).toBe(6); // 受理
    expect(laocheng[10]).toBeCloseTo(0.3333, 4); // 调解成功率
    expect(wb.getWorksheet('口径说明')!.getRow(1).getCell(2).value).toContain('2020-01-01');
  });

  it('the demo period: township figures add up to the district\'s and match the stats summary', async () => {
    const perf = await (await t.get('/api/assessment/performance?dimension=township')).json();
    const summary = await (await t.get('/api/stats/summary')).json();
    const sum = (k: string) => perf.rows.reduce((s: number, r: Record<string, number>) => s + r[k]!, 0);
    expect(sum('received')).toBe(summary.totals.cases);
    expect(sum('settled')).toBe(summary.totals.settled);
    expect(sum('filed')).toBe(summary.totals.filed);
    const med = await (await t.get('/api/assessment/performance?dimension=mediator')).json();
    expect(med.rows.length).toBeGreaterThan(500);
    const judges = await (await t.get('/api/assessment/performance?dimension=judge')).json();
    expect(judges.rows.reduce((s: number, r: { guidance_requested: number }) => s + r.guidance_requested, 0)).toBeGreaterThan(100);
  });
});

describe('training', () => {
  it('CRUD and attendance; a session on 31 December counts for that year', async () => {
    const s = await t.request('/api/training/sessions', { as: 'dispatcher', method: 'POST', body: {
      held_on: '2020-12-31', topic: '考核测试培训', hours: 3.5, organiser: '测试主办', place: '测试地点', audience: 'village_cadres', township_code: fx.township,
    } });
    expect(s.status).toBe(201);
    const session = await s.json();
    created.sessions.push(session.id);
    expect(session).toMatchObject({ held_on: '2020-12-31', hours: 3.5, attendees: 0, township_name: '老城街道' });
    const a = await t.request(`/api/training/sessions/${session.id}/attendance`, { as: 'dispatcher', method: 'PUT', body: {
      mediator_ids: [fx.mediator_id], others: [{ name: '测试村委(示例)', village_code: fx.village, position: '村委会委员' }],
    } });
    expect(a.status).toBe(200);
    expect((await a.json()).attendance).toHaveLength(2);
    const p = await t.request(`/api/training/sessions/${session.id}`, { as: 'dispatcher', method: 'PATCH', body: { topic: '考核测试培训（改）' } });
    expect((await p.json()).topic).toBe('考核测试培训（改）');

    const u = await (await t.get(`/api/training/untrained?year=2020&township=${fx.township}`)).json();
    expect(u.townships).toHaveLength(1);
    const tw = u.townships[0];
    expect(tw.code).toBe(fx.township);
    expect(tw.untrained).toBe(tw.active - 1);
    expect(tw.people.map((x: { id: number }) => x.id)).not.toContain(fx.mediator_id);
    const y2019 = await (await t.get(`/api/training/untrained?year=2019&township=${fx.township}`)).json();
    expect(y2019.townships[0].untrained).toBe(y2019.townships[0].active);
    expect(y2019.townships[0].people.map((x: { id: number }) => x.id)).toContain(fx.mediator_id);
    const audit = await t.db.knex('audit_log').where({ action: 'training.attendance', target_id: String(session.id) }).first();
    expect(audit).toBeTruthy();
  });

  it('rejects bad input with a 4xx and writes nothing', async () => {
    await expectError(await t.request('/api/training/sessions', { as: 'dispatcher', method: 'POST', body: { held_on: '2020-02-30', topic: 'x', hours: 1, organiser: 'a', place: 'b' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/training/sessions', { as: 'dispatcher', method: 'POST', body: { held_on: '2020-02-03', topic: 'x', hours: 0.3, organiser: 'a', place: 'b' } }), 400, 'invalid_input');
    await expectError(await t.request('/api/training/sessions', { as: 'dispatcher', method: 'POST', body: { held_on: '2020-02-03', topic: 'x', hours: 1, organiser: 'a', place: 'b', township_code: '411502999000' } }), 422, 'unknown_township');
    const id = created.sessions[0]!;
    await expectError(await t.request(`/api/training/sessions/${id}/attendance`, { as: 'dispatcher', method: 'PUT', body: { mediator_ids: [fx.mediator_id, 99999999] } }), 422, 'unknown_mediator');
    expect((await (await t.get(`/api/training/sessions/${id}`)).json()).attendance).toHaveLength(2); // unchanged
    await expectError(await t.request('/api/training/sessions/999999', { as: 'dispatcher', method: 'DELETE' }), 404, 'session_not_found');
    await expectError(await t.request('/api/training/sessions', { as: 'leader', method: 'POST', body: {} }), 403, 'forbidden');
    await expectError(await t.get('/api/training/untrained?year=20'), 400, 'invalid_input');
  });
});

describe('legal publicity and quarterly compliance (Asia/Shanghai)', () => {
  const post = async (body: Record<string, unknown>) => {
    const res = await t.request('/api/publicity/events', { as: 'dispatcher', method: 'POST', body });
    const json = await res.clone().json();
    if (res.status === 201) created.events.push(json.id);
    return { res, json };
  };

  it('an event at 23:30 Beijing time on 30 September counts for Q3; one at 00:00 on 1 October for Q4', async () => {
    const a = await post({ kind: 'school', held_at: '2020-09-30T23:30:00+08:00', title: '测试法治进校园', audience: 300, department: '少年审判庭', school_id: 1 });
    expect(a.res.status).toBe(201);
    expect(a.json).toMatchObject({ school_name: expect.stringContaining('示例'), township_code: '411502001000' });
    expect(a.json.lng).toBeTypeOf('number'); // the school's point
    const b = await post({ kind: 'school', held_at: '2020-09-30T16:00:00Z', title: '测试法治进校园', audience: 200, department: '刑一庭', school_id: 2 });
    expect(b.res.status).toBe(201);
    const q3 = await (await t.get('/api/publicity/compliance?year=2020&quarter=3')).json();
    const q4 = await (await t.get('/api/publicity/compliance?year=2020&quarter=4')).json();
    const ev = (c: { schools: { id: number; events: number }[] }, id: number) => c.schools.find((s) => s.id === id)!.events;
    expect([ev(q3, 1), ev(q3, 2)]).toEqual([1, 0]);
    expect([ev(q4, 1), ev(q4, 2)]).toEqual([0, 1]);
    expect(q3.schools_without_event).toBe(q3.schools_total - 1);
    expect(q3.from).toBe('2020-07-01T00:00:00+08:00');
    expect(q3.to).toBe('2020-10-01T00:00:00+08:00');
  });

  it('a day alone is that day in Beijing time: the last day of Q2 counts for Q2', async () => {
    const e = await post({ kind: 'school', held_at: '2020-06-30', title: '测试', audience: 50, department: '调解团队', school_id: 3 });
    expect(e.res.status).toBe(201);
    const q2 = await (await t.get('/api/publicity/compliance?year=2020&quarter=2')).json();
    expect(q2.schools.find((s: { id: number }) => s.id === 3).events).toBe(1);
    expect(q2.schools_without_event).toBe(q2.schools_total - 1);
  });

  it('places an event on the map, refuses points outside the district and unknown schools', async () => {
    const ok = await post({ kind: 'media', held_at: '2020-05-01T10:00:00+08:00', title: '测试媒体宣传', audience: 1000, department: '调解团队', lng: 114.0640, lat: 32.1170 });
    expect(ok.res.status).toBe(201);
    expect(ok.json.township_code).toMatch(/^411502/);
    await expectError((await post({ kind: 'media', held_at: '2020-05-01', title: 'x', audience: 1, department: '调解团队', lng: 100, lat: 20 })).res, 404, 'outside_district');
    await expectError((await post({ kind: 'school', held_at: '2020-05-01', title: 'x', audience: 1, department: '调解团队', school_id: 999999 })).res, 422, 'unknown_school');
    await expectError((await post({ kind: 'school', held_at: '2020-05-01', title: 'x', audience: 1, department: '调解团队' })).res, 400, 'invalid_input');
    await expectError((await post({ kind: 'party', held_at: '2020-05-01', title: 'x', audience: 1, department: '调解团队' })).res, 400, 'invalid_input');
    await expectError((await post({ kind: 'media', held_at: '2020-05-01T10:00:00', title: 'x', audience: 1, department: '调解团队' })).res, 400, 'invalid_input');
    const list = await (await t.get('/api/publicity/events?from=2020-01-01&to=2020-12-31')).json();
    expect(list.total).toBe(4);
    const patched = await t.request(`/api/publicity/events/${ok.json.id}`, { as: 'dispatcher', method: 'PATCH', body: { audience: 1200 } });
    expect((await patched.json()).audience).toBe(1200);
  });

  it('the register of schools and enterprises is demo data with points', async () => {
    const s = await (await t.get('/api/publicity/schools')).json();
    expect(s.items.length).toBeGreaterThan(40);
    expect(s.items.every((x: { is_demo: boolean; lng: number; name: string }) => x.is_demo && typeof x.lng === 'number' && x.name.includes('示例'))).toBe(true);
    const e = await (await t.get('/api/publicity/enterprises')).json();
    expect(e.items.some((x: { above_size: boolean }) => x.above_size)).toBe(true);
  });
});

describe('GET /api/dashboard', () => {
  it('every figure of 2020 as worked out by hand', async () => {
    const res = await t.request(`/api/dashboard?${P}`, { as: 'leader' });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d.figures).toMatchObject(fx.expected.dashboard!);
    expect(d.month).toEqual({ from: '2020-12-01', to: '2020-12-31' });
    expect(d.quarter).toMatchObject({ year: 2020, quarter: 4, from: '2020-10-01', to: '2020-12-31' });
    expect(d.by_month).toHaveLength(12);
    expect(d.by_township.find((x: { code: string }) => x.code === fx.township)).toMatchObject({ received: 6, filed: 1, filed_per_10k: 0.19, success_rate: 0.3333 });
    // training: the 31 December session (mediator 1); publicity: the Q4 school event and the others of 2020
    expect(d.figures).toMatchObject({ mediators_trained: 1, training_sessions: 1, training_attendance: 2, schools_with_event: 1, publicity_events: 4, publicity_audience: 300 + 200 + 50 + 1200 });
    expect(d.figures.training_share).toBeCloseTo(1 / d.figures.mediators_active, 4);
    const summary = await (await t.get('/api/stats/summary')).json();
    // uncovered villages: the planning work's coverage rule, the same figure as GET /api/coverage/summary
    const coverage = await (await t.get('/api/coverage/summary?level=village')).json();
    expect(d.coverage_rule).toBe('coverage');
    expect(d.figures.uncovered_villages).toBe(coverage.totals.units - coverage.totals.units_covered);
    expect(d.figures.uncovered_villages).toBeGreaterThanOrEqual(summary.totals.villages_uncovered); // stricter than "a responsible mediator" alone
    expect(d.figures.mediators_active).toBe(summary.totals.mediators_active);
  });

  it('an empty period gives zeros and null shares', async () => {
    const d = await (await t.request('/api/dashboard?from=2019-01-01&to=2019-01-31', { as: 'leader' })).json();
    expect(d.figures).toMatchObject({ cases_period: 0, cases_month: 0, success_rate: null, diverted_share: null, overdue: 0, filed_per_10k: 0, publicity_events: 0, schools_with_event: 0, training_share: 0 });
    expect(d.by_month).toEqual([{ month: '2019-01', received: 0, settled: 0, failed: 0, filed: 0, success_rate: null }]);
    expect(JSON.stringify(d)).not.toContain('NaN');
  });

  it('each figure opens the list it counts', async () => {
    const d = await (await t.request(`/api/dashboard?${P}`, { as: 'leader' })).json();
    for (const [figure, key] of [['cases_period', 'cases_period'], ['cases_month', 'cases_month'], ['settled', 'settled'], ['diverted', 'diverted'],
      ['overdue_open', 'overdue_open'], ['uncovered_villages', 'uncovered_villages'], ['mediators_active', 'mediators_active']] as const) {
      const l = await (await t.request(`/api/dashboard/list?figure=${figure}&${P}&page_size=5`, { as: 'leader' })).json();
      expect(l.total, figure).toBe(d.figures[key]);
      expect(l.items.length).toBe(Math.min(5, l.total));
    }
    const untrained = await (await t.request(`/api/dashboard/list?figure=untrained&${P}`, { as: 'leader' })).json();
    expect(untrained.total).toBe(d.figures.mediators_active - d.figures.mediators_trained);
    const schools = await (await t.request(`/api/dashboard/list?figure=schools_without_event&${P}&page_size=500`, { as: 'leader' })).json();
    expect(schools.total).toBe(d.figures.schools_total - d.figures.schools_with_event);
    const month = await (await t.request(`/api/dashboard/list?figure=cases_month&${P}`, { as: 'leader' })).json();
    expect(month.items.map((i: { title: string }) => i.title).sort()).toEqual(['考核测试案件 c5', '考核测试案件 c6']);
  });

  it('is for leadership: other roles are refused; bad periods are 400', async () => {
    await expectError(await t.request('/api/dashboard', { as: 'dispatcher' }), 403, 'forbidden');
    await expectError(await t.request('/api/dashboard', { as: 'mediator' }), 403, 'forbidden');
    await expectError(await t.request('/api/dashboard?from=2020-05-01&to=2020-01-01', { as: 'leader' }), 400, 'invalid_input');
    await expectError(await t.request('/api/dashboard/list?figure=nope', { as: 'leader' }), 400, 'invalid_input');
    await expectError(await t.request('/api/assessment/performance?dimension=mediator', { as: 'mediator' }), 403, 'forbidden');
  });
});
