// Court documents (文书, issue 18 item 3) through HTTP: each kind renders for a golden case (the .docx is
// unzipped and its word/document.xml holds the case's facts), which case may have which document,
// versions, the download, the print view, the audit, scope (a mediator and another mediator's case),
// and the admin's template replacement (good, unknown field, broken tag, not a docx, corrupt zip, reset).
// Everything this file inserts is deleted afterwards (cases cascade to their documents; templates by id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import PizZip from 'pizzip';
import type { Knex } from 'knex';
import { createTestApp, expectError, type DemoUser, type TestApp } from './helpers.ts';
import { DOCUMENT_KINDS, type CaseDocumentView, type DocumentKind, type DocumentTemplatesAnswer, type PrintView } from '../src/contract/documents.ts';
import { defaultTemplate } from '../src/services/documents/templates.ts';

let t: TestApp;
let knex: Knex;
let maxCase: number;
let maxTemplate: number;
let me: number;
let other: number;
let capacities: { id: number; capacity: number }[];
/** Settled (one session, an amount), failed (one session), the other mediator's (assigned), and one unassigned. */
let S: Case;
let F: Case;
let B: Case;
let P: Case;
interface Case { id: number; version: number; case_number: string | null }

const post = (path: string, body: unknown, as: DemoUser = 'dispatcher') => t.request(path, { as, method: 'POST', body });

async function create(title: string, at: { x: number; y: number }): Promise<Case> {
  const res = await post('/api/cases', {
    title, dispute_type: 'neighbour', lng: at.x, lat: at.y, description: '邻居搭建棚屋占用通道，双方多次争执。',
    parties: [{ name: '文书甲', role: 'applicant', phone: '13800001234' }, { name: '文书乙', role: 'respondent', phone: '13900005678' }],
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Case;
}
async function assign(c: Case, mediatorId: number): Promise<Case> {
  const a = await post(`/api/cases/${c.id}/assign`, { version: c.version, mediator_id: mediatorId, reason: '测试' });
  expect(a.status, await a.clone().text()).toBe(200);
  return { ...c, version: ((await a.json()) as { version: number }).version };
}
async function mediate(c: Case, result: 'settled' | 'failed', note: string, amount?: number): Promise<Case> {
  const acc = await post(`/api/cases/${c.id}/accept`, { version: c.version }, 'mediator');
  expect(acc.status, await acc.clone().text()).toBe(200);
  const v = ((await acc.json()) as { version: number }).version;
  const s = await post(`/api/cases/${c.id}/sessions`, { held_at: '2026-12-01T09:00:00+08:00', place: '村委会调解室', participants: '文书甲、文书乙', account: '双方陈述意见，调解员释法说理。', result: '初步达成一致' }, 'mediator');
  expect(s.status, await s.clone().text()).toBe(201);
  const o = await post(`/api/cases/${c.id}/outcome`, { version: v, result, note, ...(amount ? { agreement_amount: amount } : {}) }, 'mediator');
  expect(o.status, await o.clone().text()).toBe(200);
  return { ...c, version: ((await o.json()) as { version: number }).version };
}

beforeAll(async () => {
  t = await createTestApp();
  knex = t.db.knex;
  maxCase = (await knex('cases').max({ m: 'id' }))[0]!.m as number;
  maxTemplate = ((await knex('document_templates').max({ m: 'id' }))[0]!.m as number | null) ?? 0;
  me = (await t.login('mediator')).user.mediator_id!;
  other = (await knex('mediators').where({ status: 'active' }).whereNot({ id: me }).orderBy('id').first('id')).id;
  capacities = await knex('mediators').whereIn('id', [me, other]).select('id', 'capacity');
  await knex('mediators').whereIn('id', [me, other]).increment('capacity', 20);
  const grid = await knex('grids').orderBy('code').first(knex.raw('ST_X(ST_PointOnSurface(geom)) AS x'), knex.raw('ST_Y(ST_PointOnSurface(geom)) AS y'));
  S = await mediate(await assign(await create('测试：文书 调解成功', grid), me), 'settled', '被申请人于十日内拆除棚屋并赔偿申请人损失。', 3500);
  F = await mediate(await assign(await create('测试：文书 调解失败', grid), me), 'failed', '双方对赔偿数额分歧较大。');
  B = await assign(await create('测试：文书 他人案件', grid), other);
  P = await create('测试：文书 待分流', grid);
});

afterAll(async () => {
  await knex('cases').where('id', '>', maxCase).delete();
  await knex('document_templates').where('id', '>', maxTemplate).delete();
  for (const c of capacities) await knex('mediators').where({ id: c.id }).update({ capacity: c.capacity });
  await t.close();
});

async function generate(c: Case, kind: DocumentKind, as: DemoUser = 'mediator') {
  return t.request(`/api/cases/${c.id}/documents/${kind}`, { as, method: 'POST' });
}
async function documentXml(docId: number, as: DemoUser = 'mediator'): Promise<string> {
  const res = await t.request(`/api/documents/${docId}`, { as });
  expect(res.status).toBe(200);
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  return zip.file('word/document.xml')!.async('string');
}
const plain = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('each document renders for a golden case', () => {
  const settledKinds: DocumentKind[] = ['delegation_letter', 'pre_litigation_notice', 'session_record', 'mediation_agreement', 'judicial_confirmation_application'];
  for (const kind of settledKinds) {
    it(`${DOCUMENT_KINDS[kind]}: a .docx whose XML holds the case number, the parties and the mediator`, async () => {
      const res = await generate(S, kind);
      expect(res.status, await res.clone().text()).toBe(201);
      const d = (await res.json()) as CaseDocumentView;
      expect(d).toMatchObject({ case_id: S.id, kind, version: 1, template_version: 0, created_by: expect.any(String) });
      expect(d.file_name).toBe(`${DOCUMENT_KINDS[kind]}-${S.case_number}-第1版.docx`);
      const xml = await documentXml(d.id);
      const text = plain(xml);
      expect(S.case_number).toMatch(/^（\d{4}）豫1502民诉前调\d+号$/);
      expect(text).toContain(S.case_number);
      expect(text).toContain('信阳市浉河区人民法院');
      expect(text).toContain(DOCUMENT_KINDS[kind]);
      expect(text).toMatch(/文书甲/);
      expect(text).not.toMatch(/[{}]/); // every tag was filled
      const mediator = (await knex('mediators').where({ id: me }).first('name')).name as string;
      expect(text).toContain(mediator);
      // A4, the page number field in the footer.
      expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
      const zip = await JSZip.loadAsync(Buffer.from(await (await t.request(`/api/documents/${d.id}`, { as: 'mediator' })).arrayBuffer()));
      expect(await zip.file('word/footer1.xml')!.async('string')).toContain('PAGE');
      if (kind === 'mediation_agreement' || kind === 'judicial_confirmation_application') {
        expect(text).toContain('人民币3,500.00元');
        expect(text).toContain('被申请人于十日内拆除棚屋');
      }
      if (kind === 'session_record') expect(text).toContain('第1次调解');
    });
  }

  it('调解终结证明 for the failed case, with the reason', async () => {
    const res = await generate(F, 'termination_certificate');
    expect(res.status, await res.clone().text()).toBe(201);
    const text = plain(await documentXml(((await res.json()) as CaseDocumentView).id));
    expect(text).toContain('双方对赔偿数额分歧较大');
    expect(text).toContain(F.case_number);
  });

  it('a case without a number prints a blank line for it', async () => {
    await knex('cases').where({ id: F.id }).update({ case_number: null });
    try {
      const res = await generate(F, 'delegation_letter', 'dispatcher');
      expect(res.status).toBe(201);
      const d = (await res.json()) as CaseDocumentView;
      expect(d.file_name).toBe(`委派调解函-案件${F.id}-第1版.docx`);
      expect(plain(await documentXml(d.id, 'dispatcher'))).toContain('（＿＿＿＿＿＿）＿＿＿＿＿＿号');
    } finally {
      await knex('cases').where({ id: F.id }).update({ case_number: F.case_number });
    }
  });
});

describe('which case may have which document', () => {
  it('422 with a Chinese message when the case does not fit', async () => {
    await expectError(await generate(F, 'mediation_agreement'), 422, 'document_needs_settled');
    await expectError(await generate(F, 'judicial_confirmation_application'), 422, 'document_needs_settled');
    await expectError(await generate(S, 'termination_certificate'), 422, 'document_needs_failed');
    await expectError(await generate(P, 'delegation_letter', 'dispatcher'), 422, 'document_needs_mediator');
    await expectError(await generate(B, 'session_record', 'dispatcher'), 422, 'document_needs_sessions');
    const body = (await (await generate(S, 'termination_certificate')).json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/调解不成功/);
  });
});

describe('versions, download, print view, audit', () => {
  it('each generation is a new version; the list and the download name them', async () => {
    const first = (await (await generate(B, 'delegation_letter', 'dispatcher')).json()) as CaseDocumentView;
    const second = (await (await generate(B, 'delegation_letter', 'dispatcher')).json()) as CaseDocumentView;
    expect([first.version, second.version]).toEqual([1, 2]);
    const list = (await (await t.request(`/api/cases/${B.id}/documents`, { as: 'dispatcher' })).json()) as { items: CaseDocumentView[] };
    expect(list.items.map((i) => [i.kind, i.version])).toEqual([['delegation_letter', 2], ['delegation_letter', 1]]);
    const res = await t.request(`/api/documents/${second.id}`, { as: 'dispatcher' });
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(second.file_name)}`);
  });

  it('every generation and download is audited, with a sentence', async () => {
    const d = (await (await generate(S, 'delegation_letter')).json()) as CaseDocumentView;
    await t.request(`/api/documents/${d.id}`, { as: 'mediator' });
    const rows = await knex('audit_log').where({ target_type: 'case', target_id: String(S.id) }).whereIn('action', ['case.document', 'case.document_view']).select('action', 'details');
    expect(rows.some((r) => r.action === 'case.document' && r.details.document_id === d.id && r.details.version === d.version)).toBe(true);
    expect(rows.some((r) => r.action === 'case.document_view' && r.details.document_id === d.id)).toBe(true);
    const audit = (await (await t.request('/api/audit?action=case.document&page_size=5', { as: 'admin' })).json()) as { items: { sentence: string }[] };
    expect(audit.items[0]!.sentence).toMatch(/生成《.+》（第 \d+ 版）/);
  });

  it('the print view has the document\'s paragraphs, from the same fields', async () => {
    const res = await t.request(`/api/cases/${S.id}/documents/delegation_letter/print`, { as: 'mediator' });
    expect(res.status).toBe(200);
    const v = (await res.json()) as PrintView;
    expect(v.case_number).toBe(S.case_number);
    expect(v.paragraphs[0]).toMatchObject({ text: '信阳市浉河区人民法院', align: 'center', font: 'song', bold: true, size_pt: 22 });
    expect(v.paragraphs[1]!.text).toBe('委派调解函');
    expect(v.paragraphs.map((p) => p.text)).toContain(S.case_number);
    expect(v.paragraphs.some((p) => p.indent_chars === 2 && p.font === 'fang' && p.size_pt === 16)).toBe(true);
    await expectError(await t.request(`/api/cases/${F.id}/documents/mediation_agreement/print`, { as: 'mediator' }), 422, 'document_needs_settled');
  });
});

describe('scope: a mediator and another mediator\'s case', () => {
  it('cannot generate, list, print, nor download another mediator\'s document by its id', async () => {
    await expectError(await generate(B, 'delegation_letter', 'mediator'), 404, 'case_not_found');
    await expectError(await t.request(`/api/cases/${B.id}/documents`, { as: 'mediator' }), 404, 'case_not_found');
    await expectError(await t.request(`/api/cases/${B.id}/documents/delegation_letter/print`, { as: 'mediator' }), 404, 'case_not_found');
    const theirs = (await (await generate(B, 'pre_litigation_notice', 'dispatcher')).json()) as CaseDocumentView;
    await expectError(await t.request(`/api/documents/${theirs.id}`, { as: 'mediator' }), 404, 'document_not_found');
    await expectError(await t.request('/api/documents/999999999', { as: 'mediator' }), 404, 'document_not_found');
    // Leader and planner have no party access: refused by role.
    await expectError(await t.request(`/api/documents/${theirs.id}`, { as: 'leader' }), 403, 'forbidden');
    await expectError(await generate(S, 'delegation_letter', 'planner'), 403, 'forbidden');
    const n = await knex('case_documents').where({ case_id: B.id, kind: 'delegation_letter' }).count({ n: '*' });
    expect(Number((n as [{ n: number }])[0].n)).toBe(2); // nothing was made for the mediator
  });
});

// --- templates ----------------------------------------------------------------------------------------

/** The default template of a kind with its document.xml changed. */
function edited(kind: DocumentKind, change: (xml: string) => string): Buffer {
  const zip = new PizZip(defaultTemplate(kind));
  zip.file('word/document.xml', change(zip.file('word/document.xml')!.asText()));
  return zip.generate({ type: 'nodebuffer' }) as Buffer;
}
async function put(kind: string, data: Buffer | Uint8Array, name = '模板.docx', as: DemoUser = 'admin') {
  const s = await t.login(as);
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(data)]), name);
  return fetch(`${t.base}/api/document-templates/${kind}`, { method: 'PUT', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, body: form });
}

describe('templates an admin replaces', () => {
  it('lists every kind with its tags and the one field list; admin only', async () => {
    const res = await t.request('/api/document-templates', { as: 'admin' });
    const body = (await res.json()) as DocumentTemplatesAnswer;
    expect(body.templates.map((x) => x.kind)).toEqual(Object.keys(DOCUMENT_KINDS));
    expect(body.templates.find((x) => x.kind === 'delegation_letter')!.tags).toEqual(expect.arrayContaining(['case_number', 'parties', 'parties.party_name']));
    expect(body.fields.find((f) => f.name === 'sessions')!.items!.map((i) => i.name)).toContain('held_at');
    await expectError(await t.request('/api/document-templates', { as: 'dispatcher' }), 403, 'forbidden');
    const file = await t.request('/api/document-templates/delegation_letter/file', { as: 'admin' });
    expect(Buffer.from(await file.arrayBuffer()).equals(defaultTemplate('delegation_letter'))).toBe(true);
  });

  it('a good template becomes the next version and is used; a reset goes back to the default', async () => {
    try {
      const up = await put('pre_litigation_notice', edited('pre_litigation_notice', (x) => x.replace('诉前调解告知书', '诉前调解告知书（本院新版）')), '告知书新版.docx');
      expect(up.status, await up.clone().text()).toBe(200);
      const v = await up.json();
      expect(v).toMatchObject({ kind: 'pre_litigation_notice', is_default: false, file_name: '告知书新版.docx' });
      const d = (await (await generate(S, 'pre_litigation_notice')).json()) as CaseDocumentView;
      expect(d.template_version).toBe(v.version);
      expect(plain(await documentXml(d.id))).toContain('本院新版');
      const print = (await (await t.request(`/api/cases/${S.id}/documents/pre_litigation_notice/print`, { as: 'mediator' })).json()) as PrintView;
      expect(print.paragraphs[1]!.text).toBe('诉前调解告知书（本院新版）');
      const reset = await t.request('/api/document-templates/pre_litigation_notice', { as: 'admin', method: 'DELETE' });
      expect(await reset.json()).toMatchObject({ is_default: true, version: 0 });
      const again = (await (await generate(S, 'pre_litigation_notice')).json()) as CaseDocumentView;
      expect(again.template_version).toBe(0);
      const audited = await knex('audit_log').whereIn('action', ['document_template.upload', 'document_template.reset']).where('id', '>', 0).orderBy('id', 'desc').limit(2).pluck('action');
      expect(audited).toEqual(['document_template.reset', 'document_template.upload']);
    } finally {
      await t.request('/api/document-templates/pre_litigation_notice', { as: 'admin', method: 'DELETE' });
    }
  });

  it('refuses unknown fields (listing them), broken tags, a file that is no Word document and a corrupt zip', async () => {
    const unknown = await put('delegation_letter', edited('delegation_letter', (x) => x.replace('{today}', '{today}{judge_name}{#items}{foo}{/items}')));
    const body = (await expectError(unknown, 422, 'template_unknown_fields')) as { message: string; details: { unknown: string[] } };
    expect(body.details.unknown).toEqual(expect.arrayContaining(['judge_name', 'items', 'items.foo']));
    expect(body.message).toContain('{judge_name}');
    await expectError(await put('delegation_letter', edited('delegation_letter', (x) => x.replace('{today}', '{today'))), 422, 'template_invalid');
    await expectError(await put('delegation_letter', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf'), 415, 'not_a_docx');
    const zip = new PizZip();
    zip.file('hello.txt', 'not word');
    await expectError(await put('delegation_letter', zip.generate({ type: 'nodebuffer' }) as Buffer, 'a.zip'), 415, 'not_a_docx');
    const corrupt = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]);
    await expectError(await put('delegation_letter', corrupt), 422, 'template_unreadable');
    await expectError(await put('delegation_letter', defaultTemplate('delegation_letter'), 'x.docx', 'dispatcher'), 403, 'forbidden');
    const list = (await (await t.request('/api/document-templates', { as: 'admin' })).json()) as DocumentTemplatesAnswer;
    expect(list.templates.find((x) => x.kind === 'delegation_letter')!.is_default).toBe(true); // nothing was stored
  });
});
