// The mediator's case work through HTTP (issue 14, item 5): accept, sessions, files (type by magic bytes,
// size limit, who may read them), outcome, judicial confirmation, extension requests and their decision,
// guidance answers; every write in the timeline and the audit log; reach through the child records.
// Everything this file inserts is deleted afterwards (cases cascade to their children).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import { DEMO_DISPATCHER_PHONE } from '../src/db/seed-users.ts';
import type { CaseWork } from '../src/contract/case-work.ts';
import type { CaseDetail } from '../src/contract/cases.ts';
import { formOf, htmlPage, tinyJpeg, tinyPdf, tinyPng, tinyWebp } from './case-work-files.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let me: number; // the demo mediator's registry id
let other: number; // another mediator
let capacities: { id: number; capacity: number }[];
let A: { id: number; version: number }; // the demo mediator's case, outside 董家河法庭's catchment
let B: { id: number; version: number }; // the other mediator's case: the demo mediator is "another mediator" to it

beforeAll(async () => {
  t = await createTestApp({ env: { ATTACHMENT_MAX_MB: '0.01' } });
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  me = (await t.login('mediator')).user.mediator_id!;
  const djh = (await t.login('dispatcher_djh')).user.tribunal_id!;
  other = (await knex('mediators').where({ status: 'active' }).whereNot({ id: me }).orderBy('id').first('id')).id;
  // Room in both queues whatever the demo data left there.
  capacities = await knex('mediators').whereIn('id', [me, other]).select('id', 'capacity');
  await knex('mediators').whereIn('id', [me, other]).increment('capacity', 20);
  const grid = await knex('grids as g').join('townships as tw', 'tw.code', 'g.township_code').whereNot('tw.tribunal_id', djh).whereNotNull('tw.tribunal_id')
    .orderBy('g.code').first(knex.raw('ST_X(ST_PointOnSurface(g.geom)) AS x'), knex.raw('ST_Y(ST_PointOnSurface(g.geom)) AS y'));
  A = await assigned(me, grid);
  B = await assigned(other, grid);
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete();
  for (const c of capacities) await knex('mediators').where({ id: c.id }).update({ capacity: c.capacity });
  await t.close();
});

async function assigned(mediatorId: number, at: { x: number; y: number }) {
  const res = await t.request('/api/cases', {
    as: 'dispatcher', method: 'POST', body: {
      title: '测试：案件办理', dispute_type: 'neighbour', lng: at.x, lat: at.y,
      parties: [{ name: '测试甲', role: 'applicant', phone: '13800001234' }, { name: '测试乙', role: 'respondent', phone: '13900005678' }],
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const c = (await res.json()) as { id: number; version: number };
  const a = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version, mediator_id: mediatorId, reason: '测试' } });
  expect(a.status, await a.clone().text()).toBe(200);
  return { id: c.id, version: ((await a.json()) as { version: number }).version };
}

const post = (path: string, body: unknown, as: DemoUser | null = 'mediator') => t.request(path, { as, method: 'POST', body });
const work = async (id: number, as: DemoUser = 'mediator') => (await (await t.request(`/api/cases/${id}/work`, { as })).json()) as CaseWork;
const detail = async (id: number, as: DemoUser = 'mediator') => (await (await t.request(`/api/cases/${id}`, { as })).json()) as CaseDetail;
const audits = async (action: string, caseId: number) => Number(((await knex('audit_log').where({ action, target_id: String(caseId) }).count({ n: '*' })) as [{ n: number }])[0].n);

async function upload(caseId: number, form: FormData, as: DemoUser | null = 'mediator') {
  const headers: Record<string, string> = {};
  if (as) {
    const s = await t.login(as);
    Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrfToken });
  }
  return fetch(`${t.base}/api/cases/${caseId}/attachments`, { method: 'POST', headers, body: form });
}

describe('calling and finding the place', () => {
  it('the mediator gets the parties\' phones and the dispatcher\'s of their own case, and its point', async () => {
    const d = await detail(A.id);
    expect(d.parties.map((p) => p.phone)).toEqual(['13800001234', '13900005678']);
    expect(d.lng).toEqual(expect.any(Number));
    const w = await work(A.id);
    expect(w.contacts?.dispatcher).toEqual({ name: '演示分流员', phone: DEMO_DISPATCHER_PHONE });
  });

  it('another mediator, a leader and the public get none of it', async () => {
    await expectError(await t.request(`/api/cases/${B.id}/work`, { as: 'mediator' }), 404, 'case_not_found');
    await expectError(await t.request(`/api/cases/${B.id}`, { as: 'mediator' }), 404, 'case_not_found');
    const leader = await work(A.id, 'leader');
    expect(leader.contacts).toBeNull();
    await expectError(await t.request(`/api/cases/${A.id}/work`, { as: null }), 401, 'unauthenticated');
  });
});

describe('accept and record sessions', () => {
  const session = { held_at: '2026-12-02T09:30:00+08:00', place: '村委会调解室', participants: '测试甲、测试乙、调解员', account: '双方陈述，调解员释法说理。', result: '达成初步一致' };

  it('a session needs the case accepted; accepting checks the version and the status', async () => {
    await expectError(await post(`/api/cases/${A.id}/sessions`, session), 409, 'invalid_transition');
    await expectError(await post(`/api/cases/${A.id}/accept`, { version: A.version + 5 }), 409, 'version_conflict');
    const ok = await post(`/api/cases/${A.id}/accept`, { version: A.version });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const body = (await ok.json()) as { status: string; version: number };
    expect(body.status).toBe('mediating');
    A.version = body.version;
    await expectError(await post(`/api/cases/${A.id}/accept`, { version: A.version }), 409, 'invalid_transition');
    const d = await detail(A.id);
    expect(d.timeline.find((e) => e.kind === 'status' && e.to_status === 'mediating')?.details).toMatchObject({ accepted: true });
  });

  it('records a session: in the work, the timeline and the audit log; bad input is stored nowhere', async () => {
    await expectError(await post(`/api/cases/${A.id}/sessions`, { ...session, place: '' }), 400, 'invalid_input');
    await expectError(await post(`/api/cases/${A.id}/sessions`, { ...session, held_at: '2026-02-30T09:00:00+08:00' }), 400, 'invalid_input');
    const res = await post(`/api/cases/${A.id}/sessions`, session);
    expect(res.status, await res.clone().text()).toBe(201);
    const s = (await res.json()) as { id: number; held_at: string };
    expect(s.held_at).toBe('2026-12-02T01:30:00.000Z');
    const w = await work(A.id);
    expect(w.sessions).toHaveLength(1);
    expect(w.sessions[0]).toMatchObject({ place: '村委会调解室', result: '达成初步一致', recorded_by: '演示调解员' });
    expect((await detail(A.id)).timeline.some((e) => e.kind === 'session_recorded' && e.details?.session_id === s.id)).toBe(true);
    expect(await audits('case.session', A.id)).toBe(1);
    // Leader: the date and the (masked) result, not the place or who took part.
    const l = (await work(A.id, 'leader')).sessions[0]!;
    expect(l).not.toHaveProperty('place');
    expect(l).not.toHaveProperty('participants');
    // Not to another mediator's case.
    await expectError(await post(`/api/cases/${B.id}/sessions`, session), 404, 'case_not_found');
    expect(await knex('case_sessions').where({ case_id: B.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});

describe('files kept with the case', () => {
  let pngId = 0;
  it('accepts JPEG, PNG, WebP and PDF by their first bytes, whatever the name', async () => {
    const png = tinyPng();
    const res = await upload(A.id, formOf(png, '调解协议书.png', { kind: 'agreement' }));
    expect(res.status, await res.clone().text()).toBe(201);
    const a = (await res.json()) as { id: number; mime: string; file_name: string; size: number };
    expect(a).toMatchObject({ mime: 'image/png', file_name: '调解协议书.png', size: png.length });
    pngId = a.id;
    for (const [file, name, mime] of [[tinyJpeg(), 'photo.jpeg', 'image/jpeg'], [tinyWebp(), 'x.bin', 'image/webp'], [tinyPdf(), 'scan.png', 'application/pdf']] as const) {
      const r = await upload(A.id, formOf(file, name));
      expect(r.status, await r.clone().text()).toBe(201);
      expect(((await r.json()) as { mime: string }).mime).toBe(mime);
    }
    // A path in the name is dropped (some browsers send C:\\fakepath\\…).
    const named = await upload(A.id, formOf(tinyJpeg(), 'C:\\fakepath\\现场照片.jpg', { kind: 'evidence' }));
    expect(((await named.json()) as { file_name: string }).file_name).toBe('现场照片.jpg');
    expect(await audits('case.attachment', A.id)).toBe(5);
    expect((await detail(A.id)).timeline.filter((e) => e.kind === 'attachment_added')).toHaveLength(5);
  });

  it('refuses other types, empty files, no file and files over ATTACHMENT_MAX_MB; nothing stored', async () => {
    const before = (await work(A.id)).attachments.length;
    await expectError(await upload(A.id, formOf(htmlPage(), 'agreement.jpg')), 415, 'unsupported_file_type');
    await expectError(await upload(A.id, formOf(Buffer.from('GIF89a....'), 'a.gif')), 415, 'unsupported_file_type');
    await expectError(await upload(A.id, formOf(Buffer.alloc(0), 'empty.png')), 400, 'empty_file');
    await expectError(await upload(A.id, formOf(null)), 400, 'no_file');
    await expectError(await upload(A.id, formOf(tinyPng(), 'a.png', { kind: 'photo' })), 400, 'invalid_input');
    const big = Buffer.concat([tinyPng(), Buffer.alloc(11 * 1024)]); // the test app's limit is 0.01 MB
    const err = await expectError(await upload(A.id, formOf(big, 'big.png')), 413, 'upload_limit');
    expect(err.message).toContain('ATTACHMENT_MAX_MB');
    expect((await work(A.id)).attachments).toHaveLength(before);
  });

  it('the mediator, the dispatcher and admin read the file; another mediator and the public do not; a leader sees only the list', async () => {
    for (const as of ['mediator', 'dispatcher', 'admin'] as const) {
      const res = await t.request(`/api/attachments/${pngId}`, { as });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(tinyPng())).toBe(true);
    }
    expect(await audits('case.attachment_view', A.id)).toBeGreaterThanOrEqual(3);
    await expectError(await t.request('/api/attachments/999999999', { as: 'mediator' }), 404, 'attachment_not_found');
    await expectError(await upload(B.id, formOf(tinyPng())), 404, 'case_not_found');
    await expectError(await t.request(`/api/attachments/${pngId}`, { as: null }), 401, 'unauthenticated');
    await expectError(await upload(A.id, formOf(tinyPng()), null), 401, 'unauthenticated');
    await expectError(await t.request(`/api/attachments/${pngId}`, { as: 'dispatcher_djh' }), 404, 'attachment_not_found');
    await expectError(await t.request(`/api/attachments/${pngId}`, { as: 'leader' }), 403, 'party_data_forbidden');
    const l = (await work(A.id, 'leader')).attachments;
    expect(l.length).toBeGreaterThan(0);
    expect(l[0]).not.toHaveProperty('file_name');
    // Another mediator's file: 404, the same answer as for one that does not exist.
    const theirs = await upload(B.id, formOf(tinyPng(), 'b.png'), 'dispatcher');
    expect(theirs.status).toBe(201);
    const bId = ((await theirs.json()) as { id: number }).id;
    await expectError(await t.request(`/api/attachments/${bId}`, { as: 'mediator' }), 404, 'attachment_not_found');
  });
});

describe('extension requests and guidance', () => {
  it('the mediator asks for more time; the dispatcher approves it and the deadline moves', async () => {
    await expectError(await post(`/api/cases/${A.id}/extend`, { version: A.version, days: 5, reason: '测试' }), 403, 'forbidden');
    const res = await post(`/api/cases/${A.id}/extension-requests`, { days: 10, reason: '当事人外出务工，需延期' });
    expect(res.status, await res.clone().text()).toBe(201);
    const r = (await res.json()) as { id: number; status: string };
    expect(r.status).toBe('pending');
    await expectError(await post(`/api/cases/${A.id}/extension-requests`, { days: 5, reason: '再次' }), 409, 'extension_pending');
    await expectError(await post(`/api/extension-requests/${r.id}/decide`, { version: A.version, approve: true }), 403, 'forbidden');
    await expectError(await post(`/api/extension-requests/${r.id}/decide`, { version: A.version, approve: true }, 'dispatcher_djh'), 404, 'extension_request_not_found');
    await expectError(await post(`/api/extension-requests/${r.id}/decide`, { version: A.version + 9, approve: true }, 'dispatcher'), 409, 'version_conflict');
    const before = (await detail(A.id)).deadline!;
    const ok = await post(`/api/extension-requests/${r.id}/decide`, { version: A.version, approve: true, note: '同意' }, 'dispatcher');
    expect(ok.status, await ok.clone().text()).toBe(200);
    A.version = ((await ok.json()) as { version: number }).version;
    const d = await detail(A.id);
    expect(new Date(d.deadline!).getTime() - new Date(before).getTime()).toBe(10 * 86_400_000);
    expect(d.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['extension_requested', 'extended', 'extension_decided']));
    expect((await work(A.id)).extension_requests[0]).toMatchObject({ status: 'approved', decided_by: '演示分流员', decision_note: '同意' });
    await expectError(await post(`/api/extension-requests/${r.id}/decide`, { version: A.version, approve: false }, 'dispatcher'), 409, 'already_decided');
    // A refusal changes no deadline.
    const r2 = (await (await post(`/api/cases/${A.id}/extension-requests`, { days: 30, reason: '再延' })).json()) as { id: number };
    const no = await post(`/api/extension-requests/${r2.id}/decide`, { version: A.version, approve: false, note: '期限已足' }, 'dispatcher');
    expect(no.status).toBe(200);
    expect((await detail(A.id)).deadline).toBe(d.deadline);
    expect(await audits('case.extension_decide', A.id)).toBe(2);
  });

  it('the mediator asks a judge\'s guidance with a question; a leader or dispatcher answers it', async () => {
    const g = await post(`/api/cases/${A.id}/guidance`, { mode: 'legal_guidance', note: '宅基地确权前能否先调解？' });
    expect(g.status).toBe(201);
    const gid = ((await g.json()) as { id: number }).id;
    await expectError(await post(`/api/guidance/${gid}/answer`, { answer: '可以' }), 403, 'forbidden');
    await expectError(await post(`/api/guidance/${gid}/answer`, { answer: '可以' }, 'dispatcher_djh'), 404, 'guidance_not_found');
    const ok = await post(`/api/guidance/${gid}/answer`, { answer: '可以先行调解，确权另行处理。' }, 'leader');
    expect(ok.status, await ok.clone().text()).toBe(200);
    const d = await detail(A.id);
    expect(d.guidance.find((x) => x.id === gid)).toMatchObject({ note: '宅基地确权前能否先调解？', outcome: '可以先行调解，确权另行处理。' });
    expect(d.timeline.some((e) => e.kind === 'guidance_answered')).toBe(true);
    expect(await audits('case.guidance_answer', A.id)).toBe(1);
    // The answer is a notification for who asked (the mediator's account), once.
    const asker = await t.db.knex('users').where({ username: 'mediator' }).first('id');
    const notes = await t.db.knex('notifications').where({ case_id: A.id, kind: 'guidance_answered', user_id: asker.id }).count({ n: '*' });
    expect(Number(notes[0]!.n)).toBe(1);
  });
});

describe('settle, fail and judicial confirmation', () => {
  it('judicial confirmation needs a settled case', async () => {
    await expectError(await post(`/api/cases/${A.id}/judicial-confirmation`, { version: A.version, confirmed: true, on: '2026-12-03' }), 409, 'invalid_transition');
  });

  it('settles with the outcome and the agreement amount, at the version seen', async () => {
    await expectError(await post(`/api/cases/${A.id}/outcome`, { version: A.version, result: 'failed', note: 'x', agreement_amount: 5 }), 400, 'invalid_input');
    await expectError(await post(`/api/cases/${A.id}/outcome`, { version: A.version, result: 'settled', note: 'x', agreement_amount: 1.234 }), 400, 'invalid_input');
    await expectError(await post(`/api/cases/${A.id}/outcome`, { version: A.version - 1, result: 'settled', note: 'x' }), 409, 'version_conflict');
    const res = await post(`/api/cases/${A.id}/outcome`, { version: A.version, result: 'settled', note: '双方签订调解协议，被申请人赔偿 3000 元。', agreement_amount: 3000.5 });
    expect(res.status, await res.clone().text()).toBe(200);
    A.version = ((await res.json()) as { version: number }).version;
    const d = await detail(A.id);
    expect(d.status).toBe('settled');
    expect(d.settled_at).toBeTruthy();
    expect((await work(A.id)).outcome).toMatchObject({ note: '双方签订调解协议，被申请人赔偿 3000 元。', agreement_amount: 3000.5, judicial_confirmation: false });
    expect(await audits('case.outcome', A.id)).toBe(1);
    await expectError(await post(`/api/cases/${A.id}/outcome`, { version: A.version, result: 'failed', note: 'x' }), 409, 'invalid_transition');
  });

  it('marks the agreement for 司法确认 with its day', async () => {
    await expectError(await post(`/api/cases/${A.id}/judicial-confirmation`, { version: A.version, confirmed: true }), 400, 'invalid_input');
    const res = await post(`/api/cases/${A.id}/judicial-confirmation`, { version: A.version, confirmed: true, on: '2026-12-03' });
    expect(res.status, await res.clone().text()).toBe(200);
    A.version = ((await res.json()) as { version: number }).version;
    expect((await work(A.id)).outcome).toMatchObject({ judicial_confirmation: true, judicial_confirmation_on: '2026-12-03' });
    expect((await detail(A.id)).timeline.find((e) => e.kind === 'judicial_confirmation')?.details).toEqual({ confirmed: true, on: '2026-12-03' });
    expect(await audits('case.judicial_confirmation', A.id)).toBe(1);
  });

  it('fails a case with its reason; another mediator cannot (the dispatcher of its catchment can)', async () => {
    await expectError(await post(`/api/cases/${B.id}/accept`, { version: B.version }), 404, 'case_not_found');
    const acc = await post(`/api/cases/${B.id}/accept`, { version: B.version }, 'dispatcher');
    expect(acc.status).toBe(200);
    const v = ((await acc.json()) as { version: number }).version;
    await expectError(await post(`/api/cases/${B.id}/outcome`, { version: v, result: 'failed', note: '越权' }), 404, 'case_not_found');
    const res = await post(`/api/cases/${B.id}/outcome`, { version: v, result: 'failed', note: '被申请人拒绝调解' }, 'dispatcher');
    expect(res.status).toBe(200);
    const row = await knex('cases').where({ id: B.id }).first('status', 'outcome_note', 'agreement_amount');
    expect(row).toMatchObject({ status: 'failed', outcome_note: '被申请人拒绝调解', agreement_amount: null });
  });
});
