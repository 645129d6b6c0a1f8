// Notifications (issue 14, item 6): each trigger — assignment, reassignment (and the previous mediator
// told), the backlog batch, a supervision note, a guidance request answered, a deadline within 3 days,
// overdue — makes one notification for the right user and none for anyone else; the deadline job run
// again, or by a second process at the same time, makes none; no text and no SMS carries party data;
// the SMS adapter calls the URL template (a local HTTP stub) and retries, or without a template only
// logs; a user reads and marks only their own notifications (another's: 404).
// Everything this file inserts is deleted afterwards and every demo row it changes is restored.
import http from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, expectError, openTestDatabase, type TestApp } from './helpers.ts';
import { runDeadlineCheck } from '../src/services/notifications/deadlines.ts';
import { notify, notifyGuidanceAnswered } from '../src/services/notifications/notify.ts';
import { fillTemplate, sendPending } from '../src/services/notifications/sms.ts';
import type { Database } from '../src/db/connection.ts';

let t: TestApp;
let knex: Knex;
const GRID = '411502103207001'; // 高岭村第1网格, 董家河镇
let P: [number, number];
const max = { case: 0, notification: 0, sms: 0, user: 0, mediator: 0 };
let pendingSnapshot: { id: number; version: number; updated_at: Date | null }[];
let phoneSnapshot: { id: number; phone: string | null }[] = [];
/** Two registry mediators with an account each (made here), neither linked to the demo mediator account. */
let A: { mediator: number; user: number; phone: string };
let B: { mediator: number; user: number; phone: string };
const DAY = 86_400_000;

// A case full of party data: none of these strings may reach a notification or an SMS.
const PARTY = { name1: '欧阳明珠', name2: '司马青云', phone: '13912345678', id: '411502199001011234', address: '董家河镇高岭村5组12号' };
const partyStrings = Object.values(PARTY).concat(['欧阳', '司马', '1391234', '5组12号']);

beforeAll(async () => {
  t = await createTestApp({ clock: 'frozen' });
  knex = t.db.knex;
  for (const [k, table] of [['case', 'cases'], ['notification', 'notifications'], ['sms', 'sms_outbox'], ['user', 'users'], ['mediator', 'mediators']] as const) {
    max[k] = Number((await knex(table).max({ m: 'id' }))[0]!.m ?? 0);
  }
  pendingSnapshot = await knex('cases').where({ status: 'pending' }).select('id', 'version', 'updated_at');
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [GRID]);
  P = [rows[0].x, rows[0].y];
  // Two fresh mediators (room for cases, no other account), each with an account and a phone.
  const made: { mediator: number; user: number; phone: string }[] = [];
  for (const [i, phone] of ['13700000001', '13700000002'].entries()) {
    const [m] = await knex('mediators').insert({ name: `通知测试调解员${i + 1}`, kind: 'full_time', status: 'active', capacity: 50, phone, location: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', P) }).returning('id');
    const mediator = (m as { id: number }).id;
    const [u] = await knex('users').insert({ username: `notify_test_${i + 1}`, display_name: `通知测试${i + 1}`, role: 'mediator', mediator_id: mediator, password_hash: 'x' }).returning('id');
    made.push({ mediator, user: (u as { id: number }).id, phone });
  }
  [A, B] = made as [typeof A, typeof A];
});

afterAll(async () => {
  const ids = pendingSnapshot.map((c) => c.id);
  await knex('case_assignments').whereIn('case_id', ids).delete();
  await knex('case_events').whereIn('case_id', ids).delete();
  for (const c of pendingSnapshot) {
    await knex('cases').where({ id: c.id }).update({ status: 'pending', mediator_id: null, assigned_at: null, deadline_at: null, case_number: null, case_number_year: null, case_number_seq: null, version: c.version, updated_at: c.updated_at });
  }
  for (const m of phoneSnapshot) await knex('mediators').where({ id: m.id }).update({ phone: m.phone });
  await knex('sms_outbox').where('id', '>', max.sms).delete();
  await knex('notifications').where('id', '>', max.notification).delete();
  await knex('cases').where('id', '>', max.case).delete();
  await knex('users').where('id', '>', max.user).delete();
  await knex('mediators').where('id', '>', max.mediator).delete();
  await t.close();
});

async function createCase(): Promise<{ id: number; version: number }> {
  const res = await t.request('/api/cases', {
    as: 'dispatcher', method: 'POST',
    body: {
      title: `${PARTY.name1}与${PARTY.name2}宅基地纠纷（电话${PARTY.phone}）`, dispute_type: 'neighbour',
      description: `申请人${PARTY.name1}，身份证${PARTY.id}，住${PARTY.address}`,
      parties: [{ name: PARTY.name1, role: 'applicant', phone: PARTY.phone, id_number: PARTY.id }, { name: PARTY.name2, role: 'respondent' }],
      lng: P[0], lat: P[1],
    },
  });
  const body = (await res.json()) as { id: number; version: number };
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(body)}`);
  await knex('cases').where({ id: body.id }).update({ address: PARTY.address });
  return body;
}

async function assign(id: number, mediator: number, reason?: string) {
  const c = await knex('cases').where({ id }).first('version');
  const res = await t.request(`/api/cases/${id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version, mediator_id: mediator, ...(reason ? { reason } : {}) } });
  if (res.status !== 200) throw new Error(`assign: ${res.status} ${await res.text()}`);
}

/** The notifications of a case, [user, kind] sorted. */
async function of(caseId: number): Promise<[number, string][]> {
  const rows = (await knex('notifications').where({ case_id: caseId }).orderBy(['user_id', 'kind']).select('user_id', 'kind')) as { user_id: number; kind: string }[];
  return rows.map((r) => [r.user_id, r.kind]);
}

function expectNoPartyData(texts: string[]) {
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) for (const s of partyStrings) expect(text, `"${text}" carries ${s}`).not.toContain(s);
}

let caseId: number;

describe('triggers: one notification for the right user, none for others', () => {
  it('assignment tells the new mediator; reassignment tells the new one and the previous one', async () => {
    caseId = (await createCase()).id;
    await assign(caseId, A.mediator);
    expect(await of(caseId)).toEqual([[A.user, 'assigned']]);
    await assign(caseId, B.mediator, '原调解员工作调整');
    // A is told it was taken away, B that it is theirs (of() sorts by user, then kind).
    expect(await of(caseId)).toEqual([[A.user, 'assigned'], [A.user, 'unassigned'], [B.user, 'assigned']]);
    const text = (await knex('notifications').where({ case_id: caseId, user_id: B.user, kind: 'assigned' }).first('text')).text as string;
    expect(text).toBe(`您有新的调解案件（案件${caseId}，类型：邻里纠纷），请登录平台查看。`);
    // Each notification queued one SMS to its own user's registry phone, never a party's.
    const sms = (await knex('sms_outbox as s').join('notifications as n', 'n.id', 's.notification_id').where('n.case_id', caseId).orderBy('s.id').select('s.phone', 's.user_id')) as { phone: string; user_id: number }[];
    expect(sms.map((s) => [s.user_id, s.phone]).sort()).toEqual([[A.user, A.phone], [A.user, A.phone], [B.user, B.phone]].sort());
  });

  it('a supervision note tells the case\'s mediator, not the note', async () => {
    const res = await t.request(`/api/cases/${caseId}/notes`, { as: 'dispatcher', method: 'POST', body: { note: `请尽快联系${PARTY.name1}（${PARTY.phone}）` } });
    expect(res.status).toBe(201);
    const rows = (await knex('notifications').where({ case_id: caseId, kind: 'supervision' }).select('user_id', 'text')) as { user_id: number; text: string }[];
    expect(rows.map((r) => r.user_id)).toEqual([B.user]);
    expect(rows[0]!.text).toBe(`案件${caseId}（类型：邻里纠纷）有新的督办意见，请登录平台查看。`);
  });

  it('a guidance request answered tells who asked and the mediator, once', async () => {
    const g = (await (await t.request(`/api/cases/${caseId}/guidance`, { as: 'dispatcher', method: 'POST', body: { mode: 'on_site', note: `当事人${PARTY.name2}` } })).json()) as { id: number };
    const dispatcher = (await t.login('dispatcher')).user.id;
    const first = await knex.transaction((trx) => notifyGuidanceAnswered(trx, g.id));
    const again = await knex.transaction((trx) => notifyGuidanceAnswered(trx, g.id));
    expect(first).toHaveLength(2);
    expect(again).toEqual([]);
    const rows = (await knex('notifications').where({ case_id: caseId, kind: 'guidance_answered' }).orderBy('user_id').select('user_id')) as { user_id: number }[];
    expect(rows.map((r) => r.user_id)).toEqual([dispatcher, B.user].sort((x, y) => x - y));
  });

  it('the backlog batch tells the mediator of each case it assigns', async () => {
    const c = await createCase();
    const res = await t.request('/api/assign/batch', { as: 'dispatcher', method: 'POST', body: { confirm: true } });
    expect(res.status).toBe(200);
    const mediator = (await knex('cases').where({ id: c.id }).first('mediator_id')).mediator_id as number;
    expect(mediator).not.toBeNull();
    const linked = ((await knex('users').where({ mediator_id: mediator, active: true }).orderBy('id').select('id')) as { id: number }[]).map((u) => u.id);
    expect(await of(c.id)).toEqual(linked.map((u) => [u, 'assigned']));
    // A case the batch assigned to one of our mediators: exactly one notification, to its account.
    const ours = (await knex('cases').where('id', '>', max.case).whereIn('mediator_id', [A.mediator, B.mediator]).whereNot({ id: caseId }).select('id', 'mediator_id')) as { id: number; mediator_id: number }[];
    for (const o of ours) expect(await of(o.id)).toEqual([[o.mediator_id === A.mediator ? A.user : B.user, 'assigned']]);
  });

  it('a text with party data is refused by notify()', async () => {
    await expect(knex.transaction((trx) => notify(trx, { user_ids: [A.user], case_id: caseId, kind: 'supervision', key: 'x', text: `请联系${PARTY.phone}` }))).rejects.toThrow(/personal data/);
  });
});

describe('the deadline job', () => {
  const run = (offsetDays: number, db: Knex = knex) => runDeadlineCheck(db, new Date(t.clock.now() + offsetDays * DAY), 30);

  it('a deadline within 3 days: one notice to the mediator, none on a rerun or from a second process', async () => {
    // The case was assigned now (database clock): its deadline is 30 days on. 28 days on, it is due within 3.
    expect((await of(caseId)).filter(([, k]) => k === 'deadline_soon')).toEqual([]);
    await run(26);
    expect((await of(caseId)).filter(([, k]) => k === 'deadline_soon')).toEqual([]);
    await run(28);
    expect((await of(caseId)).filter(([, k]) => k === 'deadline_soon')).toEqual([[B.user, 'deadline_soon']]);
    // Again, and two "processes" at once (a second connection on PostgreSQL; the embedded database has one).
    let second: Database | null = null;
    if (t.db.kind !== 'embedded') second = await openTestDatabase();
    try {
      await Promise.all([run(28.5), run(28.5, second?.knex ?? knex), run(29)]);
    } finally {
      await second?.close();
    }
    expect((await of(caseId)).filter(([, k]) => k === 'deadline_soon')).toEqual([[B.user, 'deadline_soon']]);
  });

  it('overdue: one notice once the deadline has passed, none on a rerun; an extension gives the new deadline its own', async () => {
    await run(31);
    await run(31);
    expect((await of(caseId)).filter(([, k]) => k === 'overdue')).toEqual([[B.user, 'overdue']]);
    const text = (await knex('notifications').where({ case_id: caseId, kind: 'overdue' }).first('text')).text as string;
    expect(text).toMatch(new RegExp(`^案件${caseId}（类型：邻里纠纷）已超过调解期限（\\d{4}-\\d{2}-\\d{2}），请尽快办结或申请延期。$`));
    // Nobody but the case's mediator was told anything about it by the job.
    expect(new Set((await of(caseId)).filter(([, k]) => k === 'overdue' || k === 'deadline_soon').map(([u]) => u))).toEqual(new Set([B.user]));
    const c = await knex('cases').where({ id: caseId }).first('version');
    expect((await t.request(`/api/cases/${caseId}/extend`, { as: 'dispatcher', method: 'POST', body: { version: c.version, days: 10, reason: '当事人在外务工' } })).status).toBe(200);
    // The new deadline is 40 days after assignment: due within 3 days from day 37 on.
    await run(36);
    expect((await of(caseId)).filter(([, k]) => k === 'deadline_soon')).toHaveLength(1);
    await run(38);
    expect((await of(caseId)).filter(([, k]) => k === 'deadline_soon')).toEqual([[B.user, 'deadline_soon'], [B.user, 'deadline_soon']]);
  });

  it('no notification or SMS of the case carries party data', async () => {
    const texts = ((await knex('notifications').where({ case_id: caseId }).select('text')) as { text: string }[]).map((r) => r.text);
    const sms = ((await knex('sms_outbox as s').join('notifications as n', 'n.id', 's.notification_id').where('n.case_id', caseId).select('s.text', 's.phone')) as { text: string; phone: string }[]);
    expectNoPartyData([...texts, ...sms.map((s) => s.text), ...sms.map((s) => s.phone)]);
  });
});

describe('the SMS adapter', () => {
  interface Hit { url: string; method: string }
  let stub: http.Server;
  let stubBase: string;
  const hits: Hit[] = [];
  let failFirst = new Set<string>();
  beforeAll(async () => {
    stub = http.createServer((req, res) => {
      hits.push({ url: req.url!, method: req.method! });
      const to = new URL(req.url!, 'http://x').searchParams.get('to')!;
      if (failFirst.has(to)) { failFirst.delete(to); res.writeHead(503).end('busy'); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', () => r()));
    stubBase = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(async () => { stub.closeAllConnections(); await new Promise((r) => stub.close(r)); });

  const silent = pino({ level: 'silent' });
  const ours = async () => (await knex('sms_outbox').where('id', '>', max.sms).whereIn('user_id', [A.user, B.user]).orderBy('id').select('id', 'status', 'attempts', 'phone', 'text')) as { id: number; status: string; attempts: number; phone: string; text: string }[];

  it('calls the template URL with the phone and text, retries a failure after its pause, never with party data', async () => {
    const template = `${stubBase}/send?to={phone}&text={text}`;
    expect(fillTemplate(template, '137 0000', '案件1')).toBe(`${stubBase}/send?to=137%200000&text=%E6%A1%88%E4%BB%B61`);
    failFirst = new Set([A.phone]);
    const send = () => sendPending(knex, { template, log: silent, now: t.clock.now });
    for (let i = 0; i < 50 && (await ours()).some((m) => m.status === 'pending' && m.attempts === 0); i++) await send();
    const after = await ours();
    // A's first message met the 503: pending again, one attempt, not due before its pause.
    const retried = after.filter((m) => m.status === 'pending');
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ phone: A.phone, attempts: 1 });
    expect(after.filter((m) => m.status === 'sent').length).toBe(after.length - 1);
    await send();
    expect((await ours()).filter((m) => m.status === 'pending')).toHaveLength(1);
    t.clock.advance(61_000);
    await send();
    expect((await ours()).every((m) => m.status === 'sent')).toBe(true);
    // What the gateway received: our messages, each to its own registry phone, with the text as stored.
    for (const m of await ours()) {
      const got = hits.filter((h) => new URL(h.url, 'http://x').searchParams.get('to') === m.phone && new URL(h.url, 'http://x').searchParams.get('text') === m.text);
      expect(got.length).toBeGreaterThan(0);
      expect(got[0]!.method).toBe('POST');
    }
    expectNoPartyData(hits.map((h) => decodeURIComponent(h.url)));
  });

  it('without a template, a message is only logged (phone masked) and kept in the outbox as logged', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }));
    await knex.transaction((trx) => notify(trx, { user_ids: [A.user], case_id: caseId, kind: 'supervision', key: 'no-template', text: `案件${caseId}（类型：邻里纠纷）有新的督办意见，请登录平台查看。` }));
    const before = hits.length;
    for (let i = 0; i < 50 && (await ours()).some((m) => m.status === 'pending'); i++) await sendPending(knex, { log, now: t.clock.now });
    const mine = (await ours()).at(-1)!;
    expect(mine.status).toBe('logged');
    expect(hits.length).toBe(before);
    const line = lines.map((l) => JSON.parse(l) as { sms_id: number; to: string; text: string }).find((l) => l.sms_id === mine.id)!;
    expect(line.text).toBe(mine.text);
    expect(line.to).toBe('137****0001');
    const outbox = (await (await t.request('/api/admin/sms-outbox?status=logged&page_size=200')).json()) as { items: { id: number; status: string }[] };
    expect(outbox.items.find((i) => i.id === mine.id)?.status).toBe('logged');
    await expectError(await t.request('/api/admin/sms-outbox', { as: 'dispatcher' }), 403, 'forbidden');
  });
});

describe('routes: a user reads and marks only their own', () => {
  it('lists own notifications with the unread count; another\'s cannot be marked (404); mark all', async () => {
    const me = (await t.login('mediator')).user.id;
    const [mine] = await knex.transaction((trx) => notify(trx, { user_ids: [me], case_id: caseId, kind: 'supervision', key: 'route-test', text: `案件${caseId}（类型：邻里纠纷）有新的督办意见，请登录平台查看。` }));
    const theirs = (await knex('notifications').where({ user_id: B.user }).first('id')).id as number;
    const page = (await (await t.request('/api/notifications?page_size=100', { as: 'mediator' })).json()) as { total: number; unread: number; items: { id: number; url: string | null; read_at: string | null }[] };
    expect(page.items.map((i) => i.id)).toContain(mine);
    expect(page.items.map((i) => i.id)).not.toContain(theirs);
    expect(page.items.find((i) => i.id === mine)!.url).toBe(`/cases/${caseId}`);
    const count = (await (await t.request('/api/notifications/unread-count', { as: 'mediator' })).json()) as { unread: number };
    expect(count.unread).toBe(page.unread);
    expect(count.unread).toBeGreaterThan(0);
    await expectError(await t.request(`/api/notifications/${theirs}/read`, { as: 'mediator', method: 'POST' }), 404, 'notification_not_found');
    expect((await knex('notifications').where({ id: theirs }).first('read_at')).read_at).toBeNull();
    const read = (await (await t.request(`/api/notifications/${mine}/read`, { as: 'mediator', method: 'POST' })).json()) as { read_at: string | null };
    expect(read.read_at).not.toBeNull();
    expect(((await (await t.request('/api/notifications/unread-count', { as: 'mediator' })).json()) as { unread: number }).unread).toBe(count.unread - 1);
    expect((await t.request('/api/notifications/read-all', { as: 'mediator', method: 'POST' })).status).toBe(200);
    expect(((await (await t.request('/api/notifications/unread-count', { as: 'mediator' })).json()) as { unread: number }).unread).toBe(0);
    expect((await knex('notifications').where({ user_id: B.user }).whereNull('read_at').count({ n: '*' }))[0]!.n).not.toBe(0);
    await expectError(await t.request('/api/notifications/unread-count', { as: null }), 401, 'unauthenticated');
  });
});

describe('the jobs of the server process', () => {
  it('run on the app clock (ctx.now): the deadline job notices what the clock says is overdue; stop ends them', async () => {
    const { startNotificationJobs } = await import('../src/services/notifications/jobs.ts');
    // The extended deadline is 40 days after assignment: 41 days on by the app's clock, it is overdue.
    t.clock.advance(41 * DAY);
    const before = (await of(caseId)).filter(([, k]) => k === 'overdue').length;
    const jobs = startNotificationJobs(t.ctx);
    try {
      await jobs.idle();
      await expect.poll(async () => (await of(caseId)).filter(([, k]) => k === 'overdue').length, { timeout: 60_000 }).toBe(before + 1);
    } finally {
      jobs.stop();
      await jobs.idle();
    }
  });
});
