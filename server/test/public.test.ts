// The public directory (信息公开): anonymous, only active organisations and mediators, by township and
// village, and no unmasked phone number, ID number, location or case anywhere in the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, readBuild, type TestApp } from './helpers.ts';
import type { DirectoryAnswer } from '../src/contract/registry.ts';
import { isMobile } from '../src/services/masking.ts';

interface Med { name: string; status: string; phone: string; service_areas: { level: string; code: string }[] }
const MEDIATORS = readBuild<Med[]>('mediators.json');

let t: TestApp;
let text = '';
let answer: DirectoryAnswer;
beforeAll(async () => {
  t = await createTestApp({ as: null });
  const res = await t.get('/api/public/directory');
  expect(res.status).toBe(200);
  text = await res.text();
  answer = JSON.parse(text) as DirectoryAnswer;
});
afterAll(async () => { await t.close(); });

/** Any run of digits that could be a phone number: 7 or more digits in a row, with or without a hyphen. */
const PHONE_LIKE = /(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,})(?!\d)/g;

describe('GET /api/public/directory', () => {
  it('needs no login and is the same for everyone', async () => {
    expect(answer.townships.length).toBe(19);
    expect(answer.townships.reduce((n, tw) => n + tw.villages.length, 0)).toBe(269);
    expect(answer.demo).toBe(true);
    expect(answer.notice).toContain('演示');
  });

  it('lists only the active mediators and organisations', async () => {
    const active = MEDIATORS.filter((m) => m.status === 'active');
    expect(answer.counts.mediators).toBe(active.length);
    const orgs = Number((await t.db.knex('organisations').where({ status: 'active' }).count({ n: '*' }))[0]!.n);
    expect(answer.counts.organisations).toBe(orgs);
    for (const m of MEDIATORS.filter((x) => x.status !== 'active')) expect(text).not.toContain(`"${m.name}"`);
    // A village-level mediator is listed under their village.
    const m = active.find((x) => x.service_areas.some((a) => a.level === 'village'))!;
    const code = m.service_areas.find((a) => a.level === 'village')!.code;
    const village = answer.townships.flatMap((tw) => tw.villages).find((v) => v.code === code)!;
    expect(village.mediators.map((p) => p.name)).toContain(m.name);
    expect(village.mediators[0]).toMatchObject({ kind: expect.any(String), tribunal: expect.any(String) });
    expect(answer.district.mediators.length).toBeGreaterThan(0);
  });

  it('contains no unmasked personal phone number; organisations\' office lines are public (issue 17)', async () => {
    const org = (await t.db.knex('organisations').whereNotNull('contact_phone').pluck('contact_phone')) as string[];
    const personal = [
      ...((await t.db.knex('mediators').whereNotNull('phone').pluck('phone')) as string[]),
      ...org.filter((p) => isMobile(p)),
    ];
    const office = org.filter((p) => !isMobile(p));
    expect(personal.length).toBeGreaterThan(600);
    expect(office.length).toBeGreaterThan(100);
    const digitsOnly = text.replace(/-/g, '');
    for (const p of personal) {
      expect(text).not.toContain(p);
      expect(digitsOnly).not.toContain(p.replace(/\D/g, ''));
    }
    // An active organisation's office line is shown as stored (信息公开).
    const shown = office.filter((p) => text.includes(`"${p}"`));
    expect(shown.length).toBeGreaterThan(100);
    // Codes of units (12 digits) and office lines are the only long digit runs allowed.
    const runs = [...text.replace(/"0\d{2,3}-\d{7,8}"/g, '""').matchAll(PHONE_LIKE)].map((x) => x[0]).filter((s) => !/^4115\d{8}$/.test(s));
    expect(runs).toEqual([]);
    expect(text).toMatch(/139\*{4}\d{4}/);
  });

  it('never an ID number, a location or a case', () => {
    for (const word of ['id_number', 'coordinates', 'location', '"lng"', '"lat"', 'case', 'Point']) expect(text).not.toContain(word);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
  });

  it('is answered to anonymous visitors only under /api/public', async () => {
    expect((await t.request('/api/mediators', { as: null })).status).toBe(401);
    expect((await t.request('/api/organisations', { as: null })).status).toBe(401);
  });
});
