// Bulk intake of cases (issue 18 item 2): a clean .xlsx, a file with every kind of bad row, a GBK CSV,
// partial addresses fixed on the map, duplicates (in the file and against the cases), the remembered
// mapping, scope, the all-or-nothing commit (a rejected commit leaves nothing), the batch on the new
// cases, and the admin's cause table. Everything created here is deleted in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import { upload } from './registry-helpers.ts';
import { caseNo, cleanRows, gbkCsv, HEADERS, xlsx, type Row } from './fixtures/intake/make.ts';
import type { CauseItem, IntakeCommitAnswer, IntakePreview, IntakeRow } from '../src/contract/intake.ts';

let t: TestApp;
const uploads: string[] = [];
beforeAll(async () => { t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } }); });
afterAll(async () => {
  const k = t.db.knex;
  await k('cases').whereIn('intake_id', uploads).delete(); // parties, events, assignments cascade
  await k('intake_uploads').whereIn('id', uploads).delete();
  await k('intake_mappings').delete();
  await k('intake_causes').where('cause', 'like', '示例%').delete();
  await k('case_number_counters').whereIn('year', [2088, 2089]).delete();
  await t.close();
});

async function send(name: string, data: Buffer | string, as: DemoUser = 'dispatcher'): Promise<IntakePreview> {
  const res = await upload(t, '/api/intake/upload', name, data, as);
  expect(res.status, await res.clone().text()).toBe(201);
  const p = (await res.json()) as IntakePreview;
  uploads.push(p.id);
  return p;
}
const commit = (id: string, body: Record<string, unknown> = {}, as: DemoUser = 'dispatcher') => t.request(`/api/intake/${id}/commit`, { method: 'POST', body, as });
const fix = async (id: string, row: number, body: Record<string, unknown>) => {
  const res = await t.request(`/api/intake/${id}/rows/${row}`, { method: 'PATCH', body, as: 'dispatcher' });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as IntakePreview;
};
const rowOf = (p: IntakePreview, row: number) => p.rows.find((r) => r.row === row)!;
const codes = (r: IntakeRow) => r.problems.map((x) => `${x.field}:${x.code}`).sort();

async function counts() {
  const n = async (sql: string) => Number((await t.db.knex.raw(sql)).rows[0].n);
  return {
    cases: await n('SELECT count(*)::int AS n FROM cases'), parties: await n('SELECT count(*)::int AS n FROM case_parties'),
    events: await n('SELECT count(*)::int AS n FROM case_events'), counter: await n(`SELECT coalesce(max("next"), 0) AS n FROM case_number_counters WHERE year = 2088`),
  };
}

describe('a clean .xlsx', () => {
  it('maps its columns by their headers, locates every row, commits with the numbers kept, and the batch assigns just those cases', async () => {
    const p = await send('案件清单.xlsx', await xlsx(cleanRows(101, 5), HEADERS, '2026年11月委派案件'));
    expect(p.mapping_source).toBe('guessed');
    expect(p.mapping).toMatchObject({ case_number: 0, cause: 1, parties: 2, phones: 3, id_numbers: 4, address: 5, registered_on: 6, source: 7 });
    expect(p.file_problems).toEqual([]);
    expect(p.row_count).toBe(5);
    expect(p.rows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]); // the title row above the header is skipped
    expect(p.counts.ok, JSON.stringify(p.rows.map((r) => r.problems))).toBe(5);
    const r = rowOf(p, 3);
    expect(r).toMatchObject({ case_number: caseNo(101), cause: '民间借贷纠纷', dispute_type: 'debt', type_from: 'cause', source: 'court_delegated', registered_on: '2026-11-03' });
    // 义阳社区 names a village only: the row is located to the village (no grid), as POST /api/cases saves it;
    // 董家河镇 (row 4) is placed at the township's seat, in its grid.
    expect(r.location).toMatchObject({ status: 'matched', by: 'address', precision: 'village', grid_code: null, village_name: '义阳社区' });
    expect(rowOf(p, 4).location).toMatchObject({ precision: 'point', grid_code: expect.stringMatching(/^\d{15}$/) });
    // Personal data masked as in a list: phones 138****1000, ID numbers never in full.
    expect(r.parties).toEqual([
      { role: 'applicant', name: '示例·甲A0', phone: '138****1000', id_number: '4115**********123X' },
      { role: 'respondent', name: '示例·乙A0', phone: '037****0100', id_number: null },
    ]);
    const res = await commit(p.id);
    expect(res.status, await res.clone().text()).toBe(200);
    const a = (await res.json()) as IntakeCommitAnswer;
    expect(a).toMatchObject({ created: 5, excluded: 0, case_numbers: { first: caseNo(101), last: caseNo(105) } });
    const rows = await t.db.knex('cases').whereIn('id', a.case_ids).orderBy('id').select('case_number', 'status', 'dispute_type', 'registered_on', 'intake_id', 'coord_system_in');
    expect(rows.map((x) => x.case_number)).toEqual([101, 102, 103, 104, 105].map((s) => caseNo(s)));
    expect(rows.every((x) => x.status === 'pending' && x.intake_id === p.id && x.coord_system_in === 'address')).toBe(true);
    const precision = await t.db.knex('cases').whereIn('id', a.case_ids).orderBy('id').select('location_precision', 'grid_code', 'village_code');
    expect(precision[0]).toEqual({ location_precision: 'village', grid_code: null, village_code: '411502001001' });
    expect(precision[1]).toMatchObject({ location_precision: 'point', grid_code: expect.stringMatching(/^\d{15}$/) });
    // The file's parties in full in the case file (as typed), and one case.create audit row per case.
    const file = await (await t.request(`/api/cases/${a.case_ids[0]}`, { as: 'dispatcher' })).json();
    expect(file.parties[0]).toMatchObject({ name: '示例·甲A0', phone: '13800001000' });
    const audited = await t.db.knex('audit_log').where({ action: 'case.create' }).whereIn('target_id', a.case_ids.map(String)).count({ n: '*' });
    expect(Number(audited[0]!.n)).toBe(5);
    // The upload is gone: it commits once.
    await expectError(await commit(p.id), 404, 'intake_not_found');
    // 立即批量分派: the batch on the new cases only.
    const b = await t.request('/api/assign/batch', { method: 'POST', body: { confirm: true, case_ids: a.case_ids }, as: 'dispatcher' });
    expect(b.status, await b.clone().text()).toBe(200);
    const rep = await b.json();
    expect(rep.counts.pending).toBe(5);
    expect(rep.assigned.length + rep.left.length).toBe(5);
    expect([...rep.assigned, ...rep.left].every((x: { case_id: number }) => a.case_ids.includes(x.case_id))).toBe(true);
  });
});

const BAD: { row: Row; outcome: string; problems: string[] }[] = [
  // every problem of a row at once
  { row: ['（2088）豫1502民诉前', '', '示例·丙（原告）、示例·丁（债主）', '12345；13800002222；13900003333', '1234', '', '2099-01-01', '微信'], outcome: 'invalid',
    problems: ['address:location_missing', 'case_number:invalid_value', 'cause:missing_value', 'id_numbers:invalid_value', 'parties:invalid_value', 'phones:invalid_value', 'registered_on:invalid_value', 'source:invalid_value'] },
  { row: [caseNo(201), '示例·不在表中的案由', '示例·戊', '', '', '义阳社区', '2026-11-04', ''], outcome: 'invalid', problems: ['cause:cause_unmapped'] },
  { row: [caseNo(202), '民间借贷纠纷', '', '', '', '义阳社区', '2026-11-04', ''], outcome: 'invalid', problems: ['parties:missing_value'] },
  { row: [caseNo(203), '民间借贷纠纷', '示例·己', '', '', '火星基地', '2026-11-04', ''], outcome: 'not_found', problems: ['address:address_not_found'] },
  { row: [caseNo(204), '民间借贷纠纷', '示例·庚', '', '', '中山路88号', '2026-11-04', ''], outcome: 'uncertain', problems: ['address:address_uncertain'] },
  { row: [caseNo(205), '民间借贷纠纷', '示例·辛', '', '', '', '2026/11/4', '法院委派'], outcome: 'not_found', problems: ['address:location_missing'] },
  { row: [caseNo(201), '民间借贷纠纷', '示例·壬', '', '', '义阳社区', '2026年11月4日', ''], outcome: 'duplicate', problems: ['case_number:duplicate_number'] },
];

describe('a file with every kind of bad row', () => {
  let p: IntakePreview;
  beforeAll(async () => {
    p = await send('问题案件.xlsx', await xlsx([...BAD.map((b) => b.row), cleanRows(301, 1, 'B')[0]!]));
  });

  it('states each row\'s outcome with all its problems, each with its field and a Chinese message', () => {
    BAD.forEach((b, i) => {
      const r = rowOf(p, i + 2);
      expect({ row: r.row, outcome: r.outcome, problems: codes(r) }).toEqual({ row: i + 2, outcome: b.outcome, problems: b.problems });
      for (const x of r.problems) expect(x.message).toMatch(/\p{Script=Han}/u);
    });
    expect(rowOf(p, 9).outcome).toBe('ok');
    expect(p.counts).toMatchObject({ ok: 1, invalid: 3, not_found: 2, uncertain: 1, duplicate: 1 });
    // the partial address offers its alternatives, the first being the guess
    expect(rowOf(p, 6).location.alternatives[0]!.name).toBe(rowOf(p, 6).location.place!.name);
    expect(rowOf(p, 6).location.place?.name).toContain('中山');
  });

  it('a commit is refused while any chosen row is not ready, listing the rows, and leaves nothing', async () => {
    const before = await counts();
    const res = await commit(p.id);
    await expectError(res.clone(), 422, 'intake_rejected');
    const body = await res.json();
    expect(body.error.details.rows.map((x: { row: number }) => x.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(await counts()).toEqual(before);
    // the upload is still there to fix
    expect((await t.request(`/api/intake/${p.id}`, { as: 'dispatcher' })).status).toBe(200);
  });

  it('a row picked on the map, a type chosen for an unmapped cause, then the problem rows left out explicitly: the rest commits', async () => {
    let q = await fix(p.id, 6, { place_code: rowOf(p, 6).location.alternatives[0]!.code });
    expect(rowOf(q, 6)).toMatchObject({ outcome: 'ok', location: { status: 'matched', by: 'fix_place' } });
    q = await fix(p.id, 5, { point: { lng: 114.0649, lat: 32.1138 } });
    expect(rowOf(q, 5)).toMatchObject({ outcome: 'ok', location: { status: 'matched', by: 'fix_point' } });
    q = await fix(p.id, 3, { dispute_type: 'contract' });
    expect(rowOf(q, 3)).toMatchObject({ outcome: 'ok', dispute_type: 'contract', type_from: 'fix' });
    // excluding the first row numbered 201 (row 3) makes row 8 its original: no longer a duplicate
    q = await fix(p.id, 3, { excluded: true });
    expect(rowOf(q, 3).outcome).toBe('excluded');
    expect(rowOf(q, 8).outcome).toBe('ok');
    const before = await counts();
    await expectError(await commit(p.id), 422, 'intake_rejected');
    expect(await counts()).toEqual(before);
    const res = await commit(p.id, { exclude_problem_rows: true });
    expect(res.status, await res.clone().text()).toBe(200);
    const a = (await res.json()) as IntakeCommitAnswer;
    expect(a).toMatchObject({ created: 4, excluded: 4 }); // rows 5, 6, 8, 9; row 7 (no place) and 2 left out, 3 and 4 excluded
    const saved = await t.db.knex('cases').whereIn('id', a.case_ids).orderBy('id').pluck('case_number');
    expect(saved).toEqual([caseNo(203), caseNo(204), caseNo(201), caseNo(301)]);
  });
});

describe('a GBK CSV (as Excel on Chinese Windows saves it)', () => {
  it('reads the Chinese headers and cells', async () => {
    const p = await send('案件.csv', gbkCsv(cleanRows(401, 2, 'G')));
    expect(p.mapping.cause).toBe(1);
    expect(p.counts.ok).toBe(2);
    expect(rowOf(p, 2)).toMatchObject({ cause: '民间借贷纠纷', parties: [{ name: '示例·甲G0' }, { name: '示例·乙G0' }] });
    await t.db.knex('intake_uploads').where({ id: p.id }).delete();
  });
});

describe('duplicates against the cases already registered', () => {
  it('flags a row whose number is taken, and one with the same parties on the same day', async () => {
    const first = await send('首批.xlsx', await xlsx(cleanRows(501, 1, 'D')));
    const a = (await (await commit(first.id)).json()) as IntakeCommitAnswer;
    const again = cleanRows(501, 1, 'D')[0]!;
    const sameParties = [caseNo(502), ...again.slice(1)];
    const p = await send('重复.xlsx', await xlsx([again, sameParties]));
    expect(rowOf(p, 2)).toMatchObject({ outcome: 'duplicate', duplicate_of: { case_id: a.case_ids[0], by: 'case_number' } });
    expect(codes(rowOf(p, 2))).toEqual(['case_number:duplicate_number', 'parties:duplicate_parties']);
    // the second row: same parties and day as the case, and as row 2 of the file
    expect(codes(rowOf(p, 3))).toEqual(['parties:duplicate_parties', 'parties:duplicate_parties']);
    await expectError(await commit(p.id), 422, 'intake_rejected');
  });
});

describe('the column mapping', () => {
  it('is remembered for files with the same headers (any order of upload), and a required field unmapped is a file problem', async () => {
    const headers = ['编号', '纠纷', '人员', '地点', '日期'];
    const rows = [[caseNo(601), '离婚纠纷', '示例·子、示例·丑', '义阳社区', '2026-11-05']];
    const p = await send('平台导出.xlsx', await xlsx(rows, headers));
    expect(p.file_problems.map((x) => x.field)).toEqual(expect.arrayContaining(['cause', 'parties']));
    const res = await t.request(`/api/intake/${p.id}/mapping`, { method: 'PUT', as: 'dispatcher', body: { mapping: { case_number: 0, cause: 1, parties: 2, address: 3, registered_on: 4 } } });
    expect(res.status, await res.clone().text()).toBe(200);
    const q = (await res.json()) as IntakePreview;
    expect(q.file_problems).toEqual([]);
    expect(q.counts.ok).toBe(1);
    const next = await send('平台导出2.xlsx', await xlsx(rows, headers));
    expect(next.mapping_source).toBe('remembered');
    expect(next.mapping).toMatchObject({ case_number: 0, cause: 1, parties: 2, address: 3, registered_on: 4, phones: null });
  });
});

describe('who may', () => {
  it('another user does not reach the upload; leader and planner cannot intake', async () => {
    const p = await send('别人的.xlsx', await xlsx(cleanRows(701, 1, 'E')));
    await expectError(await t.request(`/api/intake/${p.id}`, { as: 'dispatcher_djh' }), 404, 'intake_not_found');
    await expectError(await commit(p.id, {}, 'dispatcher_djh'), 404, 'intake_not_found');
    for (const as of ['leader', 'planner', 'mediator'] as const) {
      expect((await upload(t, '/api/intake/upload', 'x.xlsx', await xlsx([]), as)).status).toBe(403);
    }
  });

  it('a scoped dispatcher\'s rows outside their catchment are flagged and cannot be committed', async () => {
    const rows = cleanRows(801, 2, 'S'); // 义阳社区 (another court's catchment), 董家河镇 (董家河法庭)
    const p = await send('辖区.xlsx', await xlsx(rows), 'dispatcher_djh');
    expect(codes(rowOf(p, 2))).toEqual(['address:outside_scope']);
    expect(rowOf(p, 3).outcome).toBe('ok');
    await expectError(await commit(p.id, {}, 'dispatcher_djh'), 422, 'intake_rejected');
  });

  it('a duplicate of a case outside the scoped dispatcher\'s catchment is flagged without naming that case', async () => {
    const first = await send('城区.xlsx', await xlsx(cleanRows(851, 1, 'T'))); // 义阳社区
    expect((await commit(first.id)).status).toBe(200);
    const row = [caseNo(851), ...cleanRows(852, 2, 'U')[1]!.slice(1)]; // the same number, in 董家河镇
    const p = await send('董家河.xlsx', await xlsx([row]), 'dispatcher_djh');
    expect(rowOf(p, 2)).toMatchObject({ outcome: 'duplicate', duplicate_of: { case_id: null, by: 'case_number' } });
    expect(rowOf(p, 2).problems[0]!.message).toContain('其他辖区');
  });

  it('a file that is no table is refused with a message', async () => {
    await expectError(await upload(t, '/api/intake/upload', 'x.xls', 'abc', 'dispatcher'), 400, 'unsupported_file');
  });
});

describe('the cause table', () => {
  it('lists the seeded civil causes; admin adds, changes and deletes, audited; a dispatcher only reads', async () => {
    const list = (await (await t.request('/api/intake-causes', { as: 'dispatcher' })).json()).items as CauseItem[];
    for (const c of ['民间借贷纠纷', '物业服务合同纠纷', '机动车交通事故责任纠纷', '劳动争议', '医疗损害责任纠纷', '离婚纠纷', '相邻关系纠纷']) {
      expect(list.map((x) => x.cause)).toContain(c);
    }
    expect(list.length).toBeGreaterThanOrEqual(19);
    await expectError(await t.request('/api/intake-causes', { method: 'POST', as: 'dispatcher', body: { cause: '示例·纠纷', dispute_type: 'other' } }), 403, 'forbidden');
    const res = await t.request('/api/intake-causes', { method: 'POST', body: { cause: '示例·宠物伤人纠纷', dispute_type: 'damages' } });
    expect(res.status).toBe(201);
    const c = (await res.json()) as CauseItem;
    await expectError(await t.request('/api/intake-causes', { method: 'POST', body: { cause: '示例·宠物伤人纠纷', dispute_type: 'other' } }), 409, 'cause_exists');
    const ch = await t.request(`/api/intake-causes/${c.id}`, { method: 'PATCH', body: { dispute_type: 'neighbour' } });
    expect(((await ch.json()) as CauseItem).dispute_type).toBe('neighbour');
    // the new cause maps a row at once
    const p = await send('新案由.xlsx', await xlsx([[caseNo(901), '示例·宠物伤人纠纷', '示例·寅', '', '', '义阳社区', '2026-11-06', '']]));
    expect(rowOf(p, 2)).toMatchObject({ outcome: 'ok', dispute_type: 'neighbour' });
    expect((await t.request(`/api/intake-causes/${c.id}`, { method: 'DELETE' })).status).toBe(200);
    await expectError(await t.request(`/api/intake-causes/${c.id}`, { method: 'DELETE' }), 404, 'cause_not_found');
    const actions = await t.db.knex('audit_log').where({ target_type: 'intake_cause', target_id: String(c.id) }).orderBy('id').pluck('action');
    expect(actions).toEqual(['intake.cause_create', 'intake.cause_update', 'intake.cause_delete']);
  });
});
