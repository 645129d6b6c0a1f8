// The dashboard's figures against the same figures computed in memory from the data files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, readBuild, readCases, type TestApp } from './helpers.ts';

type Case = { created_at: string; dispute_type: string; status: string; township_code: string };
const cases = readCases<Case>();
const meta = readBuild<{ anchor_date: string }>('meta.json');

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const inPeriod = (from: string, to: string) => {
  const lo = Date.parse(`${from}T00:00:00+08:00`);
  const hi = Date.parse(`${to}T00:00:00+08:00`) + 86_400_000;
  return cases.filter((c) => Date.parse(c.created_at) >= lo && Date.parse(c.created_at) < hi);
};

describe('GET /api/stats/summary', () => {
  it('defaults to the 12 months ending on the data set anchor date, and says the data is demo', async () => {
    const res = await t.get('/api/stats/summary');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.dataset).toMatchObject({ demo: true, anchor_date: meta.anchor_date });
    expect(body.period.to).toBe(meta.anchor_date);
    expect(body.period.from).toBe('2025-12-01'); // 12 months back from 2026-11-30, the day after
    const months = (a: string, b: string) => (+b.slice(0, 4) - +a.slice(0, 4)) * 12 + (+b.slice(5, 7) - +a.slice(5, 7)) + 1;
    expect(body.by_month).toHaveLength(months(body.period.from, body.period.to));
  });

  it('totals and breakdowns match the data for an explicit period', async () => {
    const from = '2025-12-01', to = '2026-11-30';
    const body = await (await t.get(`/api/stats/summary?from=${from}&to=${to}`)).json();
    const p = inPeriod(from, to);
    const n = (s: string) => p.filter((c) => c.status === s).length;
    expect(body.totals.cases).toBe(p.length);
    expect(body.totals.settled).toBe(n('settled'));
    expect(body.totals.settled_share).toBeCloseTo(n('settled') / (n('settled') + n('failed') + n('filed')), 3);
    expect(body.by_month).toHaveLength(12);
    expect(body.by_month.reduce((s: number, m: { count: number }) => s + m.count, 0)).toBe(p.length);
    expect(body.by_township).toHaveLength(19);
    expect(body.by_type.reduce((s: number, m: { count: number }) => s + m.count, 0)).toBe(p.length);
    expect(body.by_type[0].label).toMatch(/纠纷|争议/);
    expect(body.totals.population).toBe(640133);
    expect(body.totals.villages_total).toBe(269);
    expect(body.totals.villages_uncovered).toBeGreaterThan(0);
  });

  it('an empty period gives zeros and a null settled share, not an error', async () => {
    const body = await (await t.get('/api/stats/summary?from=2000-01-01&to=2000-01-31')).json();
    expect(body.totals).toMatchObject({ cases: 0, settled: 0, settled_share: null });
    expect(body.by_month).toEqual([{ month: '2000-01', count: 0 }]);
  });

  it('rejects a bad period', async () => {
    await expectError(await t.get('/api/stats/summary?from=2026-05-01&to=2026-01-01'), 400, 'invalid_input');
    await expectError(await t.get('/api/stats/summary?from=yesterday'), 400, 'invalid_input');
  });
});
