// Case numbers (issue 18): consecutive and distinct under 50 concurrent creations, the year taken in
// Asia/Shanghai time, an imported number kept and a clash refused, a case found by its number. Each test
// runs its app's clock in a far year of its own, so no other test file's cases take numbers from its
// counters; everything it creates (its cases, those years' counters) is deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, type TestApp, type TestClock } from './helpers.ts';
import { HttpError } from '../src/errors.ts';
import { nextCaseNumber, parseCaseNumber, reserveImportedNumber, shanghaiYear } from '../src/services/case-numbers.ts';

const YEARS = [2091, 2093, 2094, 2095, 2096, 2097];
const at = (iso: string): TestClock => {
  let ms = Date.parse(iso);
  return { now: () => ms, advance: (d) => { ms += d; } };
};
let t: TestApp;
let knex: Knex;
let P: [number, number];
const created: number[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock: at('2091-06-01T02:00:00Z') });
  knex = t.db.knex;
  await knex('case_number_counters').whereIn('year', YEARS).delete();
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = '411502103207001') s`);
  P = [rows[0].x, rows[0].y];
});

afterAll(async () => {
  await knex('cases').whereIn('id', created).delete(); // parties and events cascade
  await knex('case_number_counters').whereIn('year', YEARS).delete();
  await t.close();
});

async function create(app: TestApp = t) {
  const res = await app.request('/api/cases', {
    as: 'dispatcher', method: 'POST',
    body: { title: '测试：案号', dispute_type: 'neighbour', parties: [{ name: '测试甲', role: 'applicant' }], lng: P[0], lat: P[1] },
  });
  const body = (await res.json()) as { id: number; case_number: string | null };
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(body)}`);
  created.push(body.id);
  return body;
}

describe('case numbers', () => {
  it('the Shanghai year: 2026-12-31T16:30Z is already 2027', () => {
    expect(shanghaiYear(Date.parse('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(shanghaiYear(Date.parse('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(parseCaseNumber('（2026）豫1502民诉前调123号')).toEqual({ year: 2026, court: '豫1502', type: '民诉前调', seq: 123 });
    expect(parseCaseNumber('(2026)豫1502民诉前调7号')?.seq).toBe(7);
    expect(parseCaseNumber('2026豫1502民诉前调7号')).toBeNull();
  });

  it('50 concurrent creations get 50 distinct consecutive numbers', async () => {
    const all = await Promise.all(Array.from({ length: 50 }, () => create()));
    const seqs = all.map((c) => parseCaseNumber(c.case_number!)!).map((p) => {
      expect(p).toMatchObject({ year: 2091, court: '豫1502', type: '民诉前调' });
      return p.seq;
    }).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await knex('cases').whereIn('id', all.map((c) => c.id)).select('case_number', 'case_number_year', 'case_number_seq');
    expect(new Set(stored.map((s) => s.case_number)).size).toBe(50);
    expect(stored.every((s) => s.case_number_year === 2091 && s.case_number === `（2091）豫1502民诉前调${s.case_number_seq}号`)).toBe(true);
  });

  it('a rolled-back creation gives its number back: no gap', async () => {
    const n = { court: '豫1502', type: '民诉前调', now: () => Date.parse('2094-02-01T00:00:00Z') };
    expect((await knex.transaction((trx) => nextCaseNumber(trx, n))).case_number_seq).toBe(1);
    const failed = await knex.transaction(async (trx) => {
      await nextCaseNumber(trx, n);
      throw new Error('the case write failed');
    }).catch((e: Error) => e.message);
    expect(failed).toBe('the case write failed');
    expect((await knex.transaction((trx) => nextCaseNumber(trx, n))).case_number).toBe('（2094）豫1502民诉前调2号');
  });

  it('the year rolls over at midnight in Asia/Shanghai, the new year starting at 1', async () => {
    const clock = at('2096-12-31T15:59:00Z');
    const app = await createTestApp({ clock, sharing: t });
    try {
      expect((await create(app)).case_number).toBe('（2096）豫1502民诉前调1号');
      clock.advance(31 * 60_000); // 16:30Z, 00:30 on 1 January 2097 in Shanghai
      expect((await create(app)).case_number).toBe('（2097）豫1502民诉前调1号');
      expect((await create(app)).case_number).toBe('（2097）豫1502民诉前调2号');
    } finally {
      await app.close();
    }
  });

  it('an imported number is kept, a clash refused, and the counter moved past it', async () => {
    const clock = at('2093-03-01T00:00:00Z');
    const app = await createTestApp({ clock, sharing: t });
    try {
      const first = await create(app);
      expect(first.case_number).toBe('（2093）豫1502民诉前调1号');
      const target = await create(app);
      await knex.transaction(async (trx) => {
        const n = await reserveImportedNumber(trx, '(2093)豫1502民诉前调500号');
        await trx('cases').where({ id: target.id }).update(n);
      });
      expect((await knex('cases').where({ id: target.id }).first('case_number')).case_number).toBe('（2093）豫1502民诉前调500号');
      const clash = await knex.transaction((trx) => reserveImportedNumber(trx, '（2093）豫1502民诉前调500号')).catch((e: unknown) => e);
      expect(clash).toBeInstanceOf(HttpError);
      expect(clash).toMatchObject({ status: 409, code: 'case_number_taken' });
      const generated = await knex.transaction((trx) => reserveImportedNumber(trx, '（2093）豫1502民诉前调1号')).catch((e: unknown) => e);
      expect(generated).toMatchObject({ status: 409, code: 'case_number_taken' });
      const bad = await knex.transaction((trx) => reserveImportedNumber(trx, '豫1502民诉前调1号')).catch((e: unknown) => e);
      expect(bad).toMatchObject({ status: 422, code: 'case_number_invalid' });
      expect((await create(app)).case_number).toBe('（2093）豫1502民诉前调501号');
    } finally {
      await app.close();
    }
  });

  it('a case that came without a number (a grid report) gets one at its first assignment, and keeps it', async () => {
    const clock = at('2095-05-01T00:00:00Z');
    const app = await createTestApp({ clock, sharing: t });
    try {
      const c = await create(app);
      await knex('cases').where({ id: c.id }).update({ case_number: null, case_number_year: null, case_number_seq: null });
      const version = (await knex('cases').where({ id: c.id }).first('version')).version as number;
      const res = await app.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version } });
      expect(res.status, await res.clone().text()).toBe(200);
      const after = await knex('cases').where({ id: c.id }).first('case_number', 'version');
      expect(after.case_number).toBe('（2095）豫1502民诉前调2号'); // 1 went to the creation above (then cleared): never reused
      const again = await app.request(`/api/cases/${c.id}/assign`, { as: 'dispatcher', method: 'POST', body: { version: after.version, reason: '测试改派' } });
      expect([200, 422]).toContain(again.status); // another eligible mediator or none: either way the number stays
      expect((await knex('cases').where({ id: c.id }).first('case_number')).case_number).toBe('（2095）豫1502民诉前调2号');
    } finally {
      await app.close();
    }
  });

  it('a case is found by its number, whole or by its sequence part, by every role that reaches it', async () => {
    const [{ case_number: number, id }] = await knex('cases').where({ case_number: '（2093）豫1502民诉前调500号' }).select('case_number', 'id');
    for (const q of [number, '诉前调500号', '民诉前调500']) {
      const res = await t.request(`/api/cases?q=${encodeURIComponent(q)}`, { as: 'dispatcher' });
      const body = (await res.json()) as { items: { id: number; case_number: string | null }[] };
      expect(body.items.map((c) => c.id)).toContain(id);
      expect(body.items.find((c) => c.id === id)!.case_number).toBe(number);
    }
    const leader = (await (await t.request(`/api/cases?q=${encodeURIComponent(number)}`, { as: 'leader' })).json()) as { items: { id: number }[] };
    expect(leader.items.map((c) => c.id)).toEqual([id]);
    const file = (await (await t.request(`/api/cases/${id}`, { as: 'dispatcher' })).json()) as { case_number: string };
    expect(file.case_number).toBe(number);
  });
});
