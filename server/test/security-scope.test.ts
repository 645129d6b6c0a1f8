// Two classes of leak, walked over the app's own route table so that the next route is covered too:
//  1. scope: a user scoped to one tribunal (dispatcher_djh, 董家河法庭) — or a mediator — reaching another
//     tribunal's case directly or through a child record (a guidance request), or seeing it in a list;
//  2. view: a role without party access (leader, planner) learning what it may not see from a side
//     field — the address typed by the dispatcher in a timeline detail, a phone or an ID number in free
//     text, an assignment's distance to a mediator whose point it can read, a search that matches text
//     it is not shown.
// One probe case of another tribunal carries all of these; it is deleted again in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import { accessTable, roleAllowed } from '../src/routes/access.ts';
import { DASHBOARD_FIGURES } from '../src/contract/assessment.ts';
import type { CaseDetail } from '../src/contract/cases.ts';

let t: TestApp;
const TOKEN = `越权探针${Math.random().toString(36).slice(2, 8)}`;
const PHONE = '13907651234';
const ID_NUMBER = '411502198807071234';
/** What must not appear for leader and planner: as typed, and as masked for those who see parties. */
const PHONE_FORMS = [PHONE, '139****1234', '139 0765 1234'];
const ID_FORMS = [ID_NUMBER, '4115**********1234'];
let address = '';
let house = '';
let probe: { id: number; version: number; tribunal_id: number };
let guidanceId = 0;
/** A file and an extension request of the probe (the case work's child records). */
let attachmentId = 0;
let extensionId = 0;
/** A court document generated for the probe (reached by its id through its case). */
let documentId = 0;
let djhScope = 0;
/** A judge of 董家河法庭, whom dispatcher_djh tries to name on the other tribunal's request. */
let djhJudge = 0;
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '100000' } });
  const knex = t.db.knex;
  djhScope = (await t.login('dispatcher_djh')).user.tribunal_id!;
  expect(djhScope).toBeGreaterThan(0);
  // A village of another tribunal's catchment, typed as a house-level address by the district dispatcher.
  const v = await knex('villages as v').join('townships as tw', 'tw.code', 'v.township_code')
    .whereNotNull('tw.tribunal_id').whereNot('tw.tribunal_id', djhScope).orderBy('v.code').first('v.display_name', 'tw.name as township');
  house = '3组12号';
  address = `${v.township}${v.display_name}${house}`;
  const created = await t.request('/api/cases', {
    as: 'dispatcher', method: 'POST', body: {
      title: `${TOKEN} 宅基地纠纷 ${PHONE}`, dispute_type: 'neighbour', address,
      description: `申请人王某（电话 ${PHONE}，身份证 ${ID_NUMBER}）称邻居在${address}门前搭建棚屋。`,
      parties: [{ name: '王探针', role: 'applicant', phone: PHONE, id_number: ID_NUMBER }, { name: '李探针', role: 'respondent' }],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const c = (await created.json()) as { id: number; version: number; tribunal_id: number; lng: number; lat: number };
  expect(c.tribunal_id).not.toBe(djhScope);
  // The address names a village only (saved village-only, issue 15): the dispatcher sets its point, so the
  // probe has a grid and, once assigned, a distance that the views must hide.
  const placed = await t.request(`/api/cases/${c.id}/location`, { as: 'dispatcher', method: 'POST', body: { version: c.version, lng: c.lng, lat: c.lat } });
  expect(placed.status, await placed.clone().text()).toBe(200);
  c.version = ((await placed.json()) as { version: number }).version;
  // Assigned (a distance in the assignment and its event), then every kind of free text a case carries.
  // Not to the demo mediator's record: the probe must be out of the mediator account's reach too.
  const demoMediator = (await t.login('mediator')).user.mediator_id;
  const ranked = (await (await t.request(`/api/cases/${c.id}/candidates`, { as: 'dispatcher' })).json()) as { candidates: { mediator_id: number }[] };
  const pickId = ranked.candidates.find((x) => x.mediator_id !== demoMediator)!.mediator_id;
  const assign = await t.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: c.version, mediator_id: pickId, reason: `离${address}最近` } });
  expect(assign.status, await assign.clone().text()).toBe(200);
  let version = ((await assign.json()) as { version: number }).version;
  const status = await t.request(`/api/cases/${c.id}/status`, { as: 'dispatcher', method: 'POST', body: { version, status: 'mediating', note: `已电话联系 ${PHONE}` } });
  expect(status.status).toBe(200);
  version = ((await status.json()) as { version: number }).version;
  const extend = await t.request(`/api/cases/${c.id}/extend`, { as: 'dispatcher', method: 'POST', body: { version, days: 5, reason: `需到${address}现场查看，身份证 ${ID_NUMBER}` } });
  expect(extend.status).toBe(200);
  version = ((await extend.json()) as { version: number }).version;
  expect((await t.request(`/api/cases/${c.id}/notes`, { as: 'dispatcher', method: 'POST', body: { note: `督办：回访 ${PHONE}` } })).status).toBe(201);
  const g = await t.request(`/api/cases/${c.id}/guidance`, { as: 'dispatcher', method: 'POST', body: { mode: 'on_site', note: `现场指导地点：${address}` } });
  expect(g.status).toBe(201);
  guidanceId = ((await g.json()) as { id: number }).id;
  const x = await t.request(`/api/cases/${c.id}/extension-requests`, { as: 'dispatcher', method: 'POST', body: { days: 5, reason: `需到${address}回访` } });
  expect(x.status).toBe(201);
  extensionId = ((await x.json()) as { id: number }).id;
  const s = await t.login('dispatcher');
  const form = new FormData();
  form.set('file', new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')]), `${house}协议书.pdf`);
  const up = await fetch(`${t.base}/api/cases/${c.id}/attachments`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, body: form });
  expect(up.status, await up.clone().text()).toBe(201);
  attachmentId = ((await up.json()) as { id: number }).id;
  const doc = await t.request(`/api/cases/${c.id}/documents/delegation_letter`, { as: 'dispatcher', method: 'POST' });
  expect(doc.status, await doc.clone().text()).toBe(201);
  documentId = ((await doc.json()) as { id: number }).id;
  probe = { id: c.id, version, tribunal_id: c.tribunal_id };
  djhJudge = ((await knex('judges').where({ tribunal_id: djhScope }).orderBy('id').first('id')) ?? (await knex('judges').orderBy('id').first('id'))).id;
});

afterAll(async () => {
  if (probe) await t.db.knex('cases').where({ id: probe.id }).del(); // its events, notes and guidance go with it
  await t.close();
});

/** The probe's own rows, to show that a refused write changed nothing. */
async function probeState() {
  const k = t.db.knex;
  const c = await k('cases').where({ id: probe.id }).first('version', 'status', 'extended_until');
  const count = async (table: string) => Number(((await k(table).where({ case_id: probe.id }).count({ n: '*' })) as [{ n: number }])[0].n);
  const guidance = await k('guidance_requests').where({ id: guidanceId }).first('judge_id', 'held_at', 'outcome');
  const extension = await k('extension_requests').where({ id: extensionId }).first('status');
  return {
    ...c, events: await count('case_events'), notes: await count('supervision_notes'), assignments: await count('case_assignments'), guidance,
    sessions: await count('case_sessions'), attachments: await count('case_attachments'), extension, documents: await count('case_documents'),
  };
}

// --- class 1: scope -------------------------------------------------------------------------------

/**
 * Every /api route with a parameter in its path, by what the parameter names. A route added later with
 * a parameter fails the first test until it is named here; if it reaches a case (by its id or through a
 * child record), it is then walked by the second.
 */
function paramNames(path: string): 'case' | 'guidance' | 'attachment' | 'extension' | 'document' | 'other' | undefined {
  if (path.startsWith('/api/cases/:id')) return 'case';
  if (path.startsWith('/api/guidance/:id')) return 'guidance';
  if (path.startsWith('/api/attachments/:id')) return 'attachment';
  if (path.startsWith('/api/extension-requests/:id')) return 'extension';
  if (path.startsWith('/api/documents/:id')) return 'document';
  return NOT_A_CASE.has(path) ? 'other' : undefined;
}
const NOT_A_CASE = new Set([
  '/api/users/:id', '/api/tiles/:layer/:z/:x/:y.mvt',
  '/api/mediators/:id', '/api/mediators/:id/deactivate', '/api/organisations/:id', '/api/organisations/:id/deactivate', '/api/tribunals/:id',
  '/api/registry/template/:kind', '/api/registry/import/:kind/preview', '/api/registry/export/:kind',
  '/api/training/sessions/:id', '/api/training/sessions/:id/attendance', '/api/publicity/events/:id', '/api/publicity/schools/:id',
  '/api/publicity/enterprises/:id', '/api/coverage/scenarios/:id',
  // A boundary import: its /changes list holds only cases the reader may reach (services/boundaries/commit.ts readChanges).
  '/api/boundaries/progress/:token', '/api/boundaries/imports/:id', '/api/boundaries/imports/:id/geojson', '/api/boundaries/imports/:id/problems', '/api/boundaries/imports/:id/commit',
  '/api/boundaries/imports/:id/changes',
  // Access tokens are the user's own; OGC API documents and TileJSON name no case.
  '/api/auth/tokens/:id', '/api/tiles/:layer.json', '/api/ogc/collections/:collectionId', '/api/ogc/collections/:collectionId/items',
  // A layer file: the cases layer goes through the OGC collections' reach rule (gis-export.test.ts checks it).
  '/api/export/:layer',
  // A case point of the OGC `cases` collection: filtered by the same reach rule (services/ogc/items.ts); walked below.
  '/api/ogc/collections/:collectionId/items/:featureId',
  // A notification is its user's own (another's answers 404, server/test/notifications.test.ts).
  '/api/notifications/:id/read',
  // A bulk intake is its uploader's own (another's answers 404); its cause table names no case.
  '/api/intake/:id', '/api/intake/:id/mapping', '/api/intake/:id/rows/:row', '/api/intake/:id/commit', '/api/intake-causes/:id',
  // Court document templates (admin): a template names no case.
  '/api/document-templates/:kind', '/api/document-templates/:kind/file',
]);

/** Valid bodies, so that only the scope can refuse them (a route missing here is sent `{}` and shows up as a 400). */
const BODIES: Record<string, () => unknown> = {
  'POST /api/cases/:id/assign': () => ({ version: probe.version, reason: '越权测试' }),
  'POST /api/cases/:id/status': () => ({ version: probe.version, status: 'withdrawn', note: '越权测试' }),
  'POST /api/cases/:id/extend': () => ({ version: probe.version, days: 5, reason: '越权测试' }),
  'POST /api/cases/:id/location': () => ({ version: probe.version, lng: 114.0612, lat: 32.1231 }),
  'POST /api/cases/:id/notes': () => ({ note: '越权测试' }),
  'POST /api/cases/:id/guidance': () => ({ mode: 'on_site', note: '越权测试' }),
  'PATCH /api/guidance/:id': () => ({ outcome: '越权测试', held_at: '2026-12-01T09:00:00+08:00' }),
  'PUT /api/guidance/:id/judge': () => ({ judge_id: djhJudge }),
  'POST /api/guidance/:id/answer': () => ({ answer: '越权测试' }),
  'POST /api/cases/:id/accept': () => ({ version: probe.version }),
  'POST /api/cases/:id/sessions': () => ({ held_at: '2026-12-01T09:00:00+08:00', place: '越权', participants: '越权', account: '越权测试', result: '越权' }),
  'POST /api/cases/:id/outcome': () => ({ version: probe.version, result: 'failed', note: '越权测试' }),
  'POST /api/cases/:id/judicial-confirmation': () => ({ version: probe.version, confirmed: false }),
  'POST /api/cases/:id/extension-requests': () => ({ days: 5, reason: '越权测试' }),
  'POST /api/extension-requests/:id/decide': () => ({ version: probe.version, approve: true }),
};

const NOT_FOUND = { case: 'case_not_found', guidance: 'guidance_not_found', attachment: 'attachment_not_found', extension: 'extension_request_not_found', document: 'document_not_found' } as const;

describe('scope: another tribunal\'s case is out of reach by every route', () => {
  it('every route with a parameter says whether it reaches a case', () => {
    const unnamed = accessTable(t.app).filter((r) => r.path.includes(':') && paramNames(r.path) === undefined).map((r) => `${r.method} ${r.path}`);
    expect(unnamed, 'name these in paramNames / NOT_A_CASE').toEqual([]);
  });

  it('the issue\'s example: dispatcher_djh cannot name the judge of another tribunal\'s guidance request, nor change it', async () => {
    const before = await probeState();
    await expectError(await t.request(`/api/guidance/${guidanceId}/judge`, { as: 'dispatcher_djh', method: 'PUT', body: { judge_id: djhJudge } }), 404, 'guidance_not_found');
    await expectError(await t.request(`/api/guidance/${guidanceId}`, { as: 'dispatcher_djh', method: 'PATCH', body: { outcome: '越权' } }), 404, 'guidance_not_found');
    // The same answer as for a request that does not exist: existence does not leak.
    await expectError(await t.request('/api/guidance/999999999/judge', { as: 'dispatcher_djh', method: 'PUT', body: { judge_id: djhJudge } }), 404, 'guidance_not_found');
    expect(await probeState()).toEqual(before);
    // The district dispatcher may.
    const ok = await t.request(`/api/guidance/${guidanceId}/judge`, { as: 'dispatcher', method: 'PUT', body: { judge_id: djhJudge } });
    expect(ok.status).toBe(200);
    await t.request(`/api/guidance/${guidanceId}/judge`, { as: 'dispatcher', method: 'PUT', body: { judge_id: null } });
  });

  it('OGC API: another tribunal\'s case is no item of the cases collection, by its id or in a page', async () => {
    await expectError(await t.request(`/api/ogc/collections/cases/items/${probe.id}`, { as: 'dispatcher_djh' }), 404, 'feature_not_found');
    const page = (await (await t.request('/api/ogc/collections/cases/items?limit=10000', { as: 'dispatcher_djh' })).json()) as { features: { id: unknown }[] };
    expect(page.features.map((f) => Number(f.id))).not.toContain(probe.id);
    expect((await t.request(`/api/ogc/collections/cases/items/${probe.id}`, { as: 'dispatcher' })).status).toBe(200);
  });

  it('the issue\'s example: GET /api/guidance lists only the requests of the user\'s tribunal', async () => {
    const res = await t.request('/api/guidance?page_size=500', { as: 'dispatcher_djh' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; items: { id: number; case_id: number }[] };
    const k = t.db.knex;
    const inScope = Number(((await k('guidance_requests as g').join('cases as c', 'c.id', 'g.case_id').where('c.tribunal_id', djhScope).count({ n: '*' })) as [{ n: number }])[0].n);
    expect(inScope).toBeGreaterThan(0); // the demo data has requests in 董家河法庭's catchment
    expect(body.total).toBe(inScope);
    const tribunals = await k('cases').whereIn('id', body.items.map((i) => i.case_id)).distinct('tribunal_id').pluck('tribunal_id');
    expect(tribunals).toEqual([djhScope]);
    expect(body.items.some((i) => i.id === guidanceId)).toBe(false);
    // The district dispatcher sees it.
    const all = (await (await t.request('/api/guidance?page_size=500', { as: 'dispatcher' })).json()) as { items: { id: number }[] };
    expect(all.items.some((i) => i.id === guidanceId)).toBe(true);
  });

  for (const who of ['dispatcher_djh', 'mediator'] as const) {
    it(`${who}: every route that reaches the case, by its id or a child's, answers 404 (or 403 for a role the route refuses) and changes nothing`, async () => {
      const before = await probeState();
      const routes = accessTable(t.app).filter((r) => paramNames(r.path) !== 'other' && paramNames(r.path) !== undefined);
      const ids = { case: probe.id, guidance: guidanceId, attachment: attachmentId, extension: extensionId, document: documentId };
      expect(routes.length).toBeGreaterThanOrEqual(9);
      const wrong: string[] = [];
      for (const r of routes) {
        const kind = paramNames(r.path) as keyof typeof ids;
        const path = r.path.replace(':id', String(ids[kind]));
        const body = r.method === 'GET' ? undefined : (BODIES[`${r.method} ${r.path}`]?.() ?? {});
        const res = await t.request(path, { as: who, method: r.method, body });
        const got = ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
        const role = who === 'dispatcher_djh' ? 'dispatcher' : 'mediator';
        const want = roleAllowed(r.rule!, role) ? [404, NOT_FOUND[kind]] : [403, 'forbidden'];
        if (res.status !== want[0] || got !== want[1]) wrong.push(`${r.method} ${r.path}: ${res.status} ${got} (want ${want.join(' ')})`);
      }
      expect(wrong).toEqual([]);
      expect(await probeState()).toEqual(before);
    });
  }

  for (const who of ['dispatcher_djh', 'mediator'] as const) {
    it(`${who}: no list route shows the case (every GET route of the table without a parameter)`, async () => {
      const role = who === 'dispatcher_djh' ? 'dispatcher' : 'mediator';
      const found: string[] = [];
      for (const r of accessTable(t.app).filter((x) => x.method === 'GET' && !x.path.includes(':') && roleAllowed(x.rule!, role))) {
        for (const q of LIST_QUERIES[r.path] ?? ['']) {
          const text = await (await t.request(`${r.path}${q}`, { as: who })).text();
          if (text.includes(TOKEN)) found.push(`${r.path}${q}`);
        }
      }
      expect(found).toEqual([]);
      // The district dispatcher does see it (the probe is where these lists would show it).
      expect(await (await t.request(`/api/cases?q=${encodeURIComponent(TOKEN)}`, { as: 'dispatcher' })).text()).toContain(TOKEN);
    });
  }
});


/** Queries that make a list show the probe (the newest case and request), where the default would not. */
const LIST_QUERIES: Record<string, string[]> = {
  '/api/my/cases': ['?page_size=200'],
  '/api/cases': ['?page_size=200', `?q=${encodeURIComponent(TOKEN)}`],
  '/api/supervision': ['?kind=near_deadline&days=60', '?kind=overdue'],
  '/api/guidance': ['?page_size=500', `?from=${today}`],
  '/api/dashboard/list': Object.keys(DASHBOARD_FIGURES).map((f) => `?figure=${f}&from=${today}&to=${today}&page_size=500`),
};

// --- class 2: what leader and planner see ---------------------------------------------------------

function leaks(text: string): string[] {
  const out: string[] = [];
  for (const s of [address, house, ...PHONE_FORMS, ...ID_FORMS, '王探针', '李探针']) if (text.includes(s)) out.push(s);
  return out;
}
/** Answers that carry case data must not have a distance at all (it would locate the case near a mediator). */
const distanceKeys = (text: string) => [...text.matchAll(/"([^"]*distance[^"]*)"\s*:/g)].map((m) => m[1]);

describe('view: leader and planner learn no party data and nothing finer than the grid', () => {
  it('the dispatcher sees the case file as typed (the probe has all we look for)', async () => {
    const text = await (await t.request(`/api/cases/${probe.id}`, { as: 'dispatcher' })).text();
    expect(leaks(text)).toEqual(expect.arrayContaining([address, PHONE, '王探针']));
    expect(distanceKeys(text)).toContain('distance_m');
  });

  for (const role of ['leader', 'planner'] as const) {
    it(`${role}: GET /api/cases/:id has no address, phone, ID number, party, point or distance in any field, the timeline included`, async () => {
      const res = await t.request(`/api/cases/${probe.id}`, { as: role });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(leaks(text)).toEqual([]);
      expect(distanceKeys(text)).toEqual([]);
      const d = JSON.parse(text) as CaseDetail;
      expect(d).toMatchObject({ party_access: 'none', parties: [], address: null, lng: null, lat: null });
      // Still useful: the grid, the masked description, the timeline of what happened.
      expect(d.grid_code).toMatch(/^\d{15}$/);
      expect(d.description).toContain('[手机号]');
      expect(d.description).toContain('[身份证号]');
      expect(d.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'assigned', 'status', 'extended', 'note', 'guidance_requested']));
      expect(d.timeline.find((e) => e.kind === 'status')!.details).toEqual({ note: '已电话联系 [手机号]' });
      expect(d.assignments[0]!.mediator_name).toBeTruthy();
    });

    it(`${role}: the case work (GET /api/cases/:id/work) has no contact, place, file name or party data; the file itself is refused`, async () => {
      const res = await t.request(`/api/cases/${probe.id}/work`, { as: role });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(leaks(text)).toEqual([]);
      expect(JSON.parse(text)).toMatchObject({ contacts: null, attachments: [{ id: attachmentId }] });
      expect(text).not.toContain('协议书.pdf');
      await expectError(await t.request(`/api/attachments/${attachmentId}`, { as: role }), 403, 'party_data_forbidden');
    });

    it(`${role}: no list shows party data or the typed address, and case lists carry no distance`, async () => {
      const found: string[] = [];
      const routes = accessTable(t.app).filter((x) => x.method === 'GET' && !x.path.includes(':') && roleAllowed(x.rule!, role));
      let probeSeen = 0;
      for (const r of routes) {
        for (const q of LIST_QUERIES[r.path] ?? ['']) {
          const res = await t.request(`${r.path}${q}`, { as: role });
          const text = await res.text();
          if (text.includes(TOKEN)) probeSeen++;
          for (const s of leaks(text)) found.push(`${r.path}${q}: ${s}`);
          if (LIST_QUERIES[r.path]) for (const k of distanceKeys(text)) found.push(`${r.path}${q}: key ${k}`);
        }
      }
      expect(found).toEqual([]);
      expect(probeSeen).toBeGreaterThan(0); // the lists did show the probe case, only without what they may not see
    });

    it(`${role}: a search does not match what it is not shown (the description, digits)`, async () => {
      for (const q of [PHONE, ID_NUMBER, '门前搭建棚屋']) {
        const body = (await (await t.request(`/api/cases?q=${encodeURIComponent(q)}`, { as: role })).json()) as { items: { id: number }[] };
        expect(body.items.some((c) => c.id === probe.id), q).toBe(false);
        const own = (await (await t.request(`/api/cases?q=${encodeURIComponent(q)}`, { as: 'dispatcher' })).json()) as { items: { id: number }[] };
        expect(own.items.some((c) => c.id === probe.id), q).toBe(true);
      }
      const byTitle = (await (await t.request(`/api/cases?q=${encodeURIComponent(TOKEN.slice(0, 4))}&page_size=200`, { as: role })).json()) as { items: { id: number }[] };
      expect(byTitle.items.some((c) => c.id === probe.id)).toBe(true);
    });
  }
});
