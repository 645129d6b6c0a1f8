// rank with estimated distances (the preview's way, model.ts `opts.estimate`): whatever the estimates
// are, as long as each is within its stated error of the exact distance, the answer is the one of the exact
// distances — candidates, order, scores, distances, reasons, how many more, exclusions. Pure, no database:
// random pools (ties of score and distance, members near the radius and near a rounding step, every
// limit), estimates pushed to the edges of their error.
import { describe, expect, it } from 'vitest';
import { rng } from './dispatch-agreement-helpers.ts';
import type { AssignmentTier } from '../src/contract/cases.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { ASSIGNMENT_RULE } from '../src/services/assignment-rule.ts';
import { rank, type DispatchFacts, type LocatedFact, type MediatorFact } from '../src/services/dispatch/rule.ts';

const TYPES = Object.keys(DISPUTE_TYPES) as DisputeType[];
const located: LocatedFact = {
  grid_code: '411502103207001', grid_name: '网格', village_code: '411502103207', village_name: '村', township_code: '411502103000',
  township_name: '镇', tribunal_id: null, tribunal_name: null,
};


describe('rank with estimated distances', () => {
  it('answers exactly what it answers with the exact distances, for every limit', () => {
    const next = rng(42);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    let shown = 0, asked = 0, total = 0;
    for (let round = 0; round < 3000; round++) {
      const n = 1 + Math.floor(next() * 45);
      const pool: MediatorFact[] = [];
      for (let i = 0; i < n; i++) {
        const tier = (1 + Math.floor(next() * 5)) as AssignmentTier;
        // distances: some equal (ties), some near the radius, some at a score's rounding step, some none
        const r = next();
        const d = r < 0.08 ? null : r < 0.2 ? 5000 + (next() - 0.5) * 2 : r < 0.3 ? 1234.5 : r < 0.4 ? Math.round(next() * 8) * 1.25 : next() * 12_000;
        pool.push({
          mediator_id: 1 + Math.floor(next() * 10_000) * 50 + i, name: `M${i}`, status: pick(['active', 'active', 'active', 'on_leave', 'withdrawn']),
          organisation: null, organisation_industry: next() < 0.2 ? pick(TYPES) : null, specialties: next() < 0.3 ? [pick(TYPES)] : [],
          tier, unit_name: 'u', distance_m: tier === 5 && d === null ? 100 : d, open_cases: Math.floor(next() * 6), capacity: 1 + Math.floor(next() * 6),
        });
      }
      const type = pick(TYPES);
      const error = (d: number) => 1e-4 * d + 0.01;
      const exactFacts: DispatchFacts = { located, pool, neighbours: [] };
      // each estimate anywhere within its error, often at its very edge
      const estimated = pool.map((f) => {
        if (f.distance_m === null) return f;
        const e = error(f.distance_m) * 0.999;
        const s = next();
        return { ...f, distance_m: Math.max(0, f.distance_m + (s < 0.3 ? e : s < 0.6 ? -e : (2 * next() - 1) * e)) };
      });
      const exactOf = new Map(pool.map((f) => [f.mediator_id, f.distance_m!]));
      let calls = 0;
      const estFacts: DispatchFacts = { located, pool: estimated, neighbours: [], estimate: { error, exact: (f) => { calls++; return exactOf.get(f.mediator_id)!; } } };
      for (const limit of [1, 3, 10, 20]) {
        const a = rank(estFacts, type, ASSIGNMENT_RULE, { limit });
        const b = rank(exactFacts, type, ASSIGNMENT_RULE, { limit });
        const strip = (x: typeof a) => (x.outcome === 'outside_district' ? x : { ...x, candidates: x.candidates.map((c) => ({ ...c, fact: c.fact.mediator_id })) });
        expect(strip(a), `round ${round} limit ${limit}`).toEqual(strip(b));
        if (limit === 10) { shown += a.candidates.filter((c) => c.distance_m !== null).length; asked += calls; total += pool.filter((f) => f.distance_m !== null).length; }
        calls = 0;
      }
    }
    // the point of it: far fewer exact distances than pool members (and at least those shown with one)
    expect(asked).toBeGreaterThanOrEqual(shown);
    expect(asked).toBeLessThan(total * 0.6);
  });
});
