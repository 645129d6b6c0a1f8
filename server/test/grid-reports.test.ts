// Grid reports (网格上报, issue 14) and case sources: a grid worker's report resolved on the spot
// (stored settled, theirs, counted as such) or sent to the dispatcher's queue (pending); GCJ-02 input
// converted on the server; the dispatcher's source choice stored and filterable; statistics by source.
// Everything this file inserts is deleted afterwards (accounts stay, unlinked: the audit log names them).
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { call, fieldSession, freeMediators, removeTestAccounts, type FieldSession } from './field-helpers.ts';
import type { ReportAnswer } from '../src/contract/reports.ts';
import { htmlPage, tinyJpeg, tinyPng } from './case-work-files.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let worker: FieldSession;
let P: [number, number];
const GRID = '411502103207001'; // 高岭村第1网格, 董家河镇

// The statistics period that holds today (Asia/Shanghai), whatever the date the tests run on.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const period = `from=${today.slice(0, 8)}01&to=${today}`;

beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [GRID]);
  P = [rows[0].x, rows[0].y];
  const [g] = await freeMediators(t, 1, 'grid_worker');
  worker = await fieldSession(t, g!);
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete(); // parties and events cascade
  await removeTestAccounts(t, [worker.user.id]);
  await t.close();
});

const report = (over: Record<string, unknown> = {}) => ({
  dispute_type: 'neighbour', description: '测试：两户因排水沟堵塞发生争执', parties: [{ name: '测试甲', role: 'applicant', phone: '13800001234' }, { name: '测试乙', role: 'respondent' }],
  lng: P[0], lat: P[1], located_by: 'position', accuracy_m: 12, outcome: 'to_queue', ...over,
});
const send = async (over: Record<string, unknown> = {}) => {
  const res = await call(t, worker, '/api/reports', { method: 'POST', body: report(over) });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(body)}`);
  return body as ReportAnswer;
};
const stats = async () => (await (await t.get(`/api/stats/summary?${period}`)).json()) as {
  totals: { settled: number; settled_on_spot: number };
  by_source: { source: string; label: string; count: number; settled: number }[];
};
const bySource = (s: Awaited<ReturnType<typeof stats>>, source: string) => s.by_source.find((x) => x.source === source) ?? { count: 0, settled: 0 };

describe('a grid worker reports what they found', () => {
  it('to the queue: pending, source grid_report, in the dispatcher\'s pending list (filterable by source)', async () => {
    const a = await send();
    expect(a).toMatchObject({ status: 'pending', source: 'grid_report', resolved_on_spot: false, coord_system_in: 'wgs84', grid_name: expect.any(String) });
    const row = await knex('cases').where({ id: a.id }).first('status', 'source', 'mediator_id', 'grid_code', 'created_by', 'resolved_on_spot');
    expect(row).toMatchObject({ status: 'pending', source: 'grid_report', mediator_id: null, grid_code: GRID, created_by: worker.user.id, resolved_on_spot: false });
    const list = await (await t.request('/api/cases?status=pending&source=grid_report&page_size=200', { as: 'dispatcher' })).json();
    expect(list.items.map((c: { id: number }) => c.id)).toContain(a.id);
    expect(list.items.every((c: { source: string }) => c.source === 'grid_report')).toBe(true);
    const delegated = await (await t.request('/api/cases?source=court_delegated&page_size=200', { as: 'dispatcher' })).json();
    expect(delegated.items.map((c: { id: number }) => c.id)).not.toContain(a.id);
    const file = await (await t.request(`/api/cases/${a.id}`, { as: 'dispatcher' })).json();
    expect(file).toMatchObject({ source: 'grid_report', status: 'pending' });
    expect(file.timeline[0]).toMatchObject({ kind: 'created', details: { case_source: 'grid_report', located_by: 'position', accuracy_m: 12, on_spot: false } });
    expect(await knex('audit_log').where({ action: 'case.report', target_id: String(a.id) }).first('username')).toMatchObject({ username: worker.user.username });
  });

  it('resolved on the spot: settled, the reporter\'s case, counted as settled on the spot and by source', async () => {
    const before = await stats();
    const a = await send({ outcome: 'resolved_on_spot', resolution: '当场协商，疏通水沟，双方和解', located_by: 'map', accuracy_m: undefined });
    expect(a).toMatchObject({ status: 'settled', resolved_on_spot: true, source: 'grid_report' });
    const row = await knex('cases').where({ id: a.id }).first('status', 'mediator_id', 'settled_at', 'closed_at', 'resolved_on_spot');
    expect(row).toMatchObject({ status: 'settled', mediator_id: worker.user.mediator_id, resolved_on_spot: true });
    expect(row.settled_at).toBeTruthy();
    expect(row.closed_at).toBeTruthy();
    const mine = await (await call(t, worker, '/api/my/cases?status=settled&source=grid_report&page_size=200')).json();
    expect(mine.items.map((c: { id: number }) => c.id)).toContain(a.id);
    const after = await stats();
    expect(after.totals.settled_on_spot - before.totals.settled_on_spot).toBe(1);
    expect(after.totals.settled - before.totals.settled).toBe(1);
    expect(bySource(after, 'grid_report').count - bySource(before, 'grid_report').count).toBe(1);
    expect(bySource(after, 'grid_report').settled - bySource(before, 'grid_report').settled).toBe(1);
    expect(after.by_source.find((x) => x.source === 'grid_report')!.label).toBe('网格上报');
  });

  it('converts GCJ-02 coordinates (AMap, Tencent) to WGS84 on the server, keeping what was sent', async () => {
    const [gx, gy] = gcoord.transform(P, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const a = await send({ lng: gx, lat: gy, coord_system: 'gcj02' });
    expect(a.coord_system_in).toBe('gcj02');
    // gcoord's inverse is iterative: back within 1e-6° (about 0.1 m) of the WGS84 point.
    expect(Math.abs(a.lng - P[0])).toBeLessThan(1e-6);
    expect(Math.abs(a.lat - P[1])).toBeLessThan(1e-6);
    const { rows } = await knex.raw('SELECT ST_X(location) AS x, ST_Y(location) AS y, input_lng, input_lat, grid_code FROM cases WHERE id = ?', [a.id]);
    expect(rows[0]).toMatchObject({ input_lng: gx, input_lat: gy, grid_code: GRID });
    expect(Math.abs(rows[0].x - P[0])).toBeLessThan(1e-6);
    // The same numbers taken as WGS84 land about 585 m away (the reason the caller must say which).
    expect(Math.hypot((gx - P[0]) * 94_000, (gy - P[1]) * 111_000)).toBeGreaterThan(300);
  });

  it('refuses what it cannot store: outside the district, bad input, an unlinked account, other roles', async () => {
    const before = Number((await knex('cases').count({ n: '*' }))[0]!.n);
    await expectError(await call(t, worker, '/api/reports', { method: 'POST', body: report({ lng: 116.4, lat: 39.9 }) }), 404, 'outside_district');
    await expectError(await call(t, worker, '/api/reports', { method: 'POST', body: report({ parties: [] }) }), 400, 'invalid_input');
    await expectError(await call(t, worker, '/api/reports', { method: 'POST', body: report({ outcome: 'maybe' }) }), 400, 'invalid_input');
    await expectError(await call(t, worker, '/api/reports', { method: 'POST', body: report({ resolution: '和解' }) }), 400, 'invalid_input');
    await expectError(await call(t, worker, '/api/reports', { method: 'POST', body: report({ photos: ['x.jpg'] }) }), 400, 'invalid_input');
    const err = await expectError(await t.request('/api/reports', { method: 'POST', body: report() }), 409, 'account_not_linked'); // admin: no registry entry
    expect(err.message).toMatch(/管理员/);
    await expectError(await t.request('/api/reports', { as: 'leader', method: 'POST', body: report() }), 403, 'forbidden');
    await expectError(await t.request('/api/reports', { as: 'dispatcher', method: 'POST', body: report() }), 403, 'forbidden');
    expect(Number((await knex('cases').count({ n: '*' }))[0]!.n)).toBe(before);
  });
});

describe('the source of a case', () => {
  const newCase = (over: Record<string, unknown> = {}) => ({ title: '测试：部门移交的物业纠纷', dispute_type: 'property', parties: [{ name: '测试丙', role: 'applicant' }], lng: P[0], lat: P[1], ...over });

  it('is chosen by the dispatcher, court_delegated when not given, stored and filterable; a bad one is 400', async () => {
    const res = await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase({ source: 'department_referral' }) });
    expect(res.status).toBe(201);
    const c = await res.json();
    expect(c.source).toBe('department_referral');
    expect((await knex('cases').where({ id: c.id }).first('source')).source).toBe('department_referral');
    const plain = await (await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase() })).json();
    expect(plain.source).toBe('court_delegated');
    const list = await (await t.request('/api/cases?source=department_referral&page_size=200', { as: 'dispatcher' })).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(c.id);
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(plain.id);
    await expectError(await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase({ source: 'rumour' }) }), 400, 'invalid_input');
    await expectError(await t.request('/api/cases?source=rumour', { as: 'dispatcher' }), 400, 'invalid_input');
    // The database holds the vocabulary too.
    await expect(knex('cases').where({ id: c.id }).update({ source: 'rumour' })).rejects.toThrow(/cases_source_check|check/i);
    // A leader sees the source (not personal data) in the whitelist view.
    const led = await (await t.request(`/api/cases/${c.id}`, { as: 'leader' })).json();
    expect(led.source).toBe('department_referral');
  });

  it('breaks the statistics down by source: the counts equal the cases of the period', async () => {
    const s = await stats();
    const { rows } = await knex.raw(`SELECT source, count(*)::int AS n FROM cases WHERE created_at >= ? GROUP BY source`, [`${today.slice(0, 8)}01T00:00:00+08:00`]);
    // Other files may add cases meanwhile; this file's own sources must at least be there, with their labels.
    for (const r of rows as { source: string; n: number }[]) expect(bySource(s, r.source).count).toBeGreaterThan(0);
    expect(s.by_source.map((x) => x.label)).toEqual(expect.arrayContaining(['网格上报', '部门移交', '法院委派']));
  });
});

describe('a report with its photos (multipart: the JSON in `report`, the files in `photos`)', () => {
  const multipart = (files: { data: Buffer; name: string }[], body: unknown = report()) => {
    const fd = new FormData();
    fd.set('report', JSON.stringify(body));
    for (const f of files) fd.append('photos', new Blob([new Uint8Array(f.data)]), f.name);
    return fetch(t.base + '/api/reports', { method: 'POST', headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrfToken }, body: fd });
  };

  it('stores the case and every photo in one transaction, as evidence of the new case', async () => {
    const res = await multipart([{ data: tinyPng(), name: '现场1.png' }, { data: tinyJpeg(), name: '现场2.jpg' }]);
    expect(res.status).toBe(201);
    const a = (await res.json()) as ReportAnswer;
    const files = await knex('case_attachments').where({ case_id: a.id }).orderBy('id').select('kind', 'mime', 'file_name', 'uploaded_by');
    expect(files).toEqual([
      { kind: 'evidence', mime: 'image/png', file_name: '现场1.png', uploaded_by: worker.user.id },
      { kind: 'evidence', mime: 'image/jpeg', file_name: '现场2.jpg', uploaded_by: worker.user.id },
    ]);
  });

  it('a file that is not a photo refuses the whole report: no case, no file', async () => {
    const before = (await knex('cases').count({ n: '*' }))[0]!.n;
    await expectError(await multipart([{ data: tinyPng(), name: 'a.png' }, { data: htmlPage(), name: 'b.jpg' }]), 415, 'unsupported_file_type');
    await expectError(await multipart([], { ...report(), lng: 'x' }), 400, 'invalid_input');
    expect((await knex('cases').count({ n: '*' }))[0]!.n).toBe(before);
  });

  it('more photos than allowed, or a report field that is not JSON, is a 400 a person can act on', async () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ data: tinyPng(), name: `${i}.png` }));
    await expectError(await multipart(seven), 400, 'too_many_photos');
    const fd = new FormData();
    fd.set('report', '{not json');
    const res = await fetch(t.base + '/api/reports', { method: 'POST', headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrfToken }, body: fd });
    await expectError(res, 400, 'invalid_json');
  });
});
