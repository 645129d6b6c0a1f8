// Address outcomes of the gazetteer (services/gazetteer.ts) on the real database, and what the preview
// and POST /api/cases make of them: an exact name is placed, a partial one is a flagged guess with its
// alternatives (preview only; a case is not saved on it), several equal places ask, nothing is 422.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import { matchAddress, type AddressMatch } from '../src/services/gazetteer.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const match = (address: string) => matchAddress(t.db.knex, address);
const placed = (m: AddressMatch) => {
  if (m.outcome !== 'exact' && m.outcome !== 'partial') throw new Error(`expected a place, got ${m.outcome}`);
  return m;
};

describe('matchAddress', () => {
  it.each([
    ['义阳', 'village', '411502001001'],
    ['义阳社区', 'village', '411502001001'],
    ['董家河镇 高岭', 'village', '411502103207'],
    ['董家河镇高岭村3组', 'village', '411502103207'],
    ['董家河镇', 'township', '411502103000'],
  ])('%j is an exact match of the %s %s', async (address, level, code) => {
    const m = placed(await match(address));
    expect(m.outcome).toBe('exact');
    expect(m.place).toMatchObject({ level, code });
  });

  it.each([
    ['河南省信阳市浉河区老城街道义阳社区', '411502001001'],
    ['中山社区居民委员会', '411502001018'],
  ])('the full official name %j is exact', async (address, code) => {
    const m = placed(await match(address));
    expect(m.outcome).toBe('exact');
    expect(m.place.code).toBe(code);
  });

  it('"中山路88号" is only partly 中山社区: uncertain, with the place, its point and bbox', async () => {
    const m = placed(await match('中山路88号'));
    expect(m.outcome).toBe('partial');
    expect(m.place).toMatchObject({ level: 'village', code: '411502001018', name: '中山社区' });
    const [w, s, e, n] = m.place.bbox;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
    expect(m.place.lng).toBeGreaterThanOrEqual(w);
    expect(m.place.lng).toBeLessThanOrEqual(e);
  });

  it('"信阳火车站" is only partly 车站街道: uncertain, with the 车站 villages as ranked alternatives', async () => {
    const m = placed(await match('信阳火车站'));
    expect(m.outcome).toBe('partial');
    expect(m.place).toMatchObject({ level: 'township', code: '411502003000' });
    const alt = m.alternatives.map((a) => `${a.level}:${a.code}`);
    expect(alt).toContain('village:411502003007'); // 车站社区
    expect(alt).toContain('village:411502207204'); // 车站村, 柳林乡
    for (const a of m.alternatives) expect(a).toEqual({ level: expect.stringMatching(/^(village|township)$/), code: expect.any(String), name: expect.any(String), township_name: expect.any(String), lng: expect.any(Number), lat: expect.any(Number), bbox: expect.any(Array) });
  });

  it('several places of the same name are ambiguous; an unknown text is none', async () => {
    const amb = await match('黄湾村');
    expect(amb.outcome).toBe('ambiguous');
    if (amb.outcome === 'ambiguous') expect(amb.candidates.length).toBeGreaterThanOrEqual(2);
    expect((await match('火星基地一号')).outcome).toBe('none');
    expect((await match('x')).outcome).toBe('none');
  });
});

describe('through HTTP', () => {
  const newCase = (address: string) => ({ title: '地址测试', dispute_type: 'neighbour', parties: [{ name: '测试甲', role: 'applicant' }], address });

  it('the preview answers a partial match as uncertain with its alternatives', async () => {
    const r = await (await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { address: '中山路88号', dispute_type: 'neighbour' } })).json();
    expect(r.address_match).toMatchObject({ outcome: 'partial', level: 'village', code: '411502001018' });
    expect(Array.isArray(r.address_match.alternatives)).toBe(true);
    const exact = await (await t.request('/api/assign/preview', { as: 'dispatcher', method: 'POST', body: { address: '董家河镇高岭村', dispute_type: 'neighbour' } })).json();
    expect(exact.address_match).toMatchObject({ outcome: 'exact', level: 'village', code: '411502103207' });
  });

  it('a case is not saved on a partial match (422 address_uncertain, the places to pick from)', async () => {
    const before = Number((await t.db.knex('cases').count({ n: '*' }))[0]!.n);
    const res = await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase('信阳火车站') });
    const body = await res.clone().json();
    await expectError(res, 422, 'address_uncertain');
    expect(body.error.details.candidates[0]).toMatchObject({ level: 'township', code: '411502003000' });
    expect(body.error.details.candidates.length).toBeGreaterThan(1);
    expect(Number((await t.db.knex('cases').count({ n: '*' }))[0]!.n)).toBe(before);
    await expectError(await t.request('/api/cases', { as: 'dispatcher', method: 'POST', body: newCase('火星基地一号') }), 422, 'address_not_found');
  });
});
