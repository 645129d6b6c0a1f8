// The coverage rule and its in-memory engine on the hand-checked synthetic district
// (fixtures/coverage/district.json): reasons, ties, radius edges, mediators on leave, grids covered
// through their village, urban vs rural radius; what-if changes; best sites against brute force.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateScenario } from '../src/services/coverage/scenario.ts';
import { bestSites, type SiteUnit } from '../src/services/coverage/best-sites.ts';
import { radiiOf, verdict } from '../src/services/coverage/rule.ts';
import { geodesicM } from '../src/services/coverage/geodesic.ts';
import { MediatorIndex, nearestAll, updateNearest } from '../src/services/coverage/nearest.ts';
import { activeMediators, fixture, unitRows } from './fixtures/coverage/fixture.ts';
import type { ScenarioChange } from '../src/contract/coverage.ts';

const DEFAULT = radiiOf({});
const run = (level: 'village' | 'grid', changes: ScenarioChange[] = [], radii = DEFAULT, villageOf: (k: string) => string | null = () => null) =>
  evaluateScenario({ units: unitRows(level), mediators: activeMediators(), radii, changes, villageOf }).units;
const byCode = <T extends { code: string }>(xs: T[]) => new Map(xs.map((x) => [x.code, x]));

describe('coverage rule on the synthetic district', () => {
  for (const level of ['village', 'grid'] as const) {
    it(`${level}s: verdicts, reasons, nearest mediator as worked out by hand`, () => {
      const units = byCode(run(level));
      for (const [code, e] of Object.entries(fixture.expected[level])) {
        const u = units.get(code)!;
        expect({ code, covered: u.covered, reasons: u.reasons, nearest: u.nearest_mediator_id }).toEqual({ code, covered: e.covered, reasons: e.reasons, nearest: e.nearest_id });
        expect(Math.abs(u.nearest_mediator_m! - e.nearest_m) / e.nearest_m).toBeLessThan(0.01);
      }
    });
  }

  it('defaults: 3000 m rural, 1000 m urban; radius_m overrides both, per-class values one each', () => {
    expect(radiiOf({})).toEqual({ radius_urban_m: 1000, radius_rural_m: 3000 });
    expect(radiiOf({ radius_m: 500, radius_urban_m: 9 })).toEqual({ radius_urban_m: 500, radius_rural_m: 500 });
    expect(radiiOf({ radius_urban_m: 2000 })).toEqual({ radius_urban_m: 2000, radius_rural_m: 3000 });
  });

  it('urban vs rural: the urban village D is too far at 1000 m but covered at a 2000 m urban radius', () => {
    expect(byCode(run('village')).get('D')!.reasons).toEqual(['too_far']);
    expect(byCode(run('village', [], radiiOf({ radius_urban_m: 2000 }))).get('D')!.covered).toBe(true);
  });

  it('radius edge: exactly at the radius is covered, a hair less is too far', () => {
    const g = byCode(run('village')).get('G')!;
    const d = g.nearest_mediator_m!;
    expect(byCode(run('village', [], radiiOf({ radius_rural_m: d }))).get('G')!.covered).toBe(true);
    expect(byCode(run('village', [], radiiOf({ radius_rural_m: d - 0.001 }))).get('G')!.reasons).toEqual(['too_far']);
    expect(verdict(1, 3000, 3000).covered).toBe(true);
    expect(verdict(1, 3000.00000001, 3000).reasons).toEqual(['too_far']);
    expect(verdict(0, null, 3000).reasons).toEqual(['no_responsible_mediator', 'too_far']);
  });

  it('ties: two mediators at the same distance → the lower id is the nearest', () => {
    const [a, b] = [geodesicM(120.3, 30, 120.29, 30), geodesicM(120.3, 30, 120.31, 30)];
    expect(a).toBeCloseTo(b, 6);
    expect(byCode(run('village')).get('F')!.nearest_mediator_id).toBe(4);
  });

  it('geodesic distances match PostGIS geography (WGS84 spheroid) values', () => {
    // ST_Distance('POINT(114 32)'::geography, 'POINT(114.01 32)'::geography) = 944.9...; 0.01° of latitude at 30°N = 1108.6 m
    expect(geodesicM(120, 30, 120, 30.01)).toBeCloseTo(1108.6, 0);
    expect(geodesicM(114, 32, 114.01, 32)).toBeCloseTo(944.9, 0);
  });

  it('nearest: the exact two-step search beats the planar order (east-west vs north-south)', () => {
    // 0.01° north is 1109 m; 0.0114° east is 1100 m at 30°N: the planar (degree) order says north.
    const idx = new MediatorIndex([{ id: 1, lng: 120, lat: 30.01 }, { id: 2, lng: 120.0114, lat: 30 }]);
    expect(idx.points[idx.nearest(120, 30)!.i]!.id).toBe(2);
  });
});

describe('what-if on the synthetic district', () => {
  it('adding a hypothetical mediator in H makes H responsible (it stands in H) and covered', () => {
    const units = byCode(run('village', [{ op: 'add', key: 'n1', lng: 120.04, lat: 30.001 }], DEFAULT, (k) => (k === 'n1' ? 'H' : null)));
    expect(units.get('H')!.covered).toBe(true);
    expect(units.get('H')!.nearest_mediator_id).toBe(-1);
    expect(units.get('H')!.responsible_mediators).toEqual([-1]);
  });

  it('a hypothetical mediator outside every village is near but responsible for nothing', () => {
    const units = byCode(run('village', [{ op: 'add', key: 'n1', lng: 120.04, lat: 30.001 }]));
    expect(units.get('H')!.reasons).toEqual(['no_responsible_mediator']);
    expect(units.get('H')!.nearest_mediator_id).toBe(-1);
  });

  it('removing mediator 1 uncovers A and its grid; moving mediator 3 next to D covers D', () => {
    expect(byCode(run('village', [{ op: 'remove', mediator_id: 1 }])).get('A')!.reasons).toEqual(['no_responsible_mediator']);
    expect(byCode(run('grid', [{ op: 'remove', mediator_id: 1 }])).get('A-1')!.covered).toBe(false);
    const moved = byCode(run('village', [{ op: 'move', mediator_id: 3, lng: 120.1, lat: 30.035 }]));
    expect(moved.get('D')!.covered).toBe(true);
    expect(moved.get('C')!.nearest_mediator_m!).toBeGreaterThan(3000);
  });

  it('changes to mediators that are not active (on leave, unknown) are ignored with a warning', () => {
    const r = evaluateScenario({ units: unitRows('village'), mediators: activeMediators(), radii: DEFAULT, changes: [{ op: 'remove', mediator_id: 2 }], villageOf: () => null });
    expect(r.warnings.length).toBe(1);
    expect(r.units.filter((u) => u.covered).length).toBe(run('village').filter((u) => u.covered).length);
  });
});

// --- best sites -------------------------------------------------------------------------------------

/** Plain rule, independent of best-sites.ts: covered with a set of sites. */
function valueOf(units: SiteUnit[], sites: { lng: number; lat: number; village_code: string | null }[], r = DEFAULT): number {
  let v = 0;
  for (const u of units) {
    const rad = u.urban ? r.radius_urban_m : r.radius_rural_m;
    const resp = u.resp || sites.some((s) => s.village_code === u.village_code);
    const near = u.near || sites.some((s) => Math.round(geodesicM(u.lng, u.lat, s.lng, s.lat) * 1000) / 1000 <= rad);
    if (resp && near) v += u.weight;
  }
  return v;
}

function* subsets(n: number, k: number, start = 0): Generator<number[]> {
  yield [];
  if (k === 0) return;
  for (let i = start; i < n; i++) for (const rest of subsets(n, k - 1, i + 1)) yield [i, ...rest];
}

const siteUnits = (level: 'village' | 'grid'): SiteUnit[] =>
  run(level).map((u) => ({ lng: u.point.coordinates[0], lat: u.point.coordinates[1], urban: u.urban, village_code: u.village_code, weight: u.population_est, resp: u.responsible_mediators.length > 0, near: u.nearest_mediator_m! <= u.radius_m }));

describe('best sites', () => {
  const villageCandidates = fixture.villages.map((v) => ({ lng: v.lng, lat: v.lat, village_code: v.code, village_name: v.code }));

  it('k = 1 by population picks D (5000 people: urban, responsible but too far) with its gain', () => {
    const r = bestSites({ units: siteUnits('village'), candidates: villageCandidates, radii: DEFAULT, k: 1, method: 'greedy' });
    expect(villageCandidates[r.sites[0]!.candidate]!.village_code).toBe('D');
    expect(r.sites[0]!.gain).toBe(5000);
    expect(r.value - r.baseline_value).toBe(5000);
    expect(r.submodular).toBe(true); // village points as candidates: each site covers alone what it touches
  });

  it('k = 3: greedy and exact agree with brute force; gains add up; stops when nothing is left to gain', () => {
    const units = siteUnits('village');
    const brute = Math.max(...[...subsets(villageCandidates.length, 3)].map((s) => valueOf(units, s.map((i) => villageCandidates[i]!))));
    const g = bestSites({ units, candidates: villageCandidates, radii: DEFAULT, k: 3, method: 'greedy' });
    const e = bestSites({ units, candidates: villageCandidates, radii: DEFAULT, k: 3, method: 'exact' });
    expect(e.value).toBe(brute);
    expect(e.exact_complete).toBe(true);
    expect(g.value).toBeLessThanOrEqual(brute);
    expect(g.baseline_value + g.sites.reduce((a, s) => a + s.gain, 0)).toBe(g.value);
    expect(valueOf(units, g.sites.map((s) => villageCandidates[s.candidate]!))).toBe(g.value);
    const all = bestSites({ units, candidates: villageCandidates, radii: DEFAULT, k: 10, method: 'greedy' });
    expect(all.sites.length).toBe(4); // C, D, E, H: then everything is covered
    expect(all.value).toBe(units.reduce((a, u) => a + u.weight, 0));
  });

  it('capacity: a site newly covers at most C people, nearest units first', () => {
    const units = siteUnits('village');
    const r = bestSites({ units, candidates: villageCandidates, radii: DEFAULT, k: 1, capacity: 1000, method: 'greedy' });
    expect(r.sites[0]!.gain).toBeLessThanOrEqual(1000);
    expect(r.submodular).toBe(false);
  });

  it('property: exact = brute force ≥ greedy ≥ (1 − 1/e)·optimum when submodular; upper bound ≥ optimum', () => {
    const unit = fc.record({
      lng: fc.double({ min: 120, max: 120.06, noNaN: true }), lat: fc.double({ min: 30, max: 30.05, noNaN: true }),
      urban: fc.boolean(), village_code: fc.constantFrom('a', 'b', 'c', 'd'), weight: fc.integer({ min: 0, max: 100 }),
      resp: fc.boolean(), near: fc.boolean(),
    });
    const cand = fc.record({ lng: fc.double({ min: 120, max: 120.06, noNaN: true }), lat: fc.double({ min: 30, max: 30.05, noNaN: true }), village_code: fc.constantFrom('a', 'b', 'c', 'd', null), village_name: fc.constant(null) });
    fc.assert(fc.property(fc.array(unit, { minLength: 1, maxLength: 12 }), fc.array(cand, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (us, cs, k) => {
      const opt = Math.max(...[...subsets(cs.length, k)].map((s) => valueOf(us, s.map((i) => cs[i]!))));
      const g = bestSites({ units: us, candidates: cs, radii: DEFAULT, k, method: 'greedy' });
      const e = bestSites({ units: us, candidates: cs, radii: DEFAULT, k, method: 'exact' });
      expect(e.value).toBe(opt);
      expect(valueOf(us, e.sites.map((s) => cs[s.candidate]!))).toBe(opt);
      expect(g.value).toBe(valueOf(us, g.sites.map((s) => cs[s.candidate]!)));
      expect(g.upper_bound).toBeGreaterThanOrEqual(opt);
      const base = g.baseline_value;
      if (g.submodular) expect(g.value - base).toBeGreaterThanOrEqual((1 - 1 / Math.E) * (opt - base) - 1e-9);
    }), { numRuns: 300 });
  });
});

describe('the partial nearest search after mediators change (layers and what-if)', () => {
  const pt = fc.record({ lng: fc.double({ min: 120, max: 120.2, noNaN: true }), lat: fc.double({ min: 30, max: 30.2, noNaN: true }) });
  it('updateNearest gives the exact distance of a unit searched again (found by the property below)', () => {
    const units = [{ lng: 120, lat: 30 }];
    const before = [{ id: 1, lng: 120, lat: 30 }];
    const after = [{ id: 1, lng: 120, lat: 30.036941829202416 }];
    const upd = updateNearest(units, nearestAll(units, new MediatorIndex(before)), before, after, () => new MediatorIndex(after));
    expect([...upd.d]).toEqual([...nearestAll(units, new MediatorIndex(after)).d]);
  });

  it('updateNearest equals a full search over the new points, whatever was added, moved or removed', () => {
    fc.assert(fc.property(
      fc.array(pt, { minLength: 1, maxLength: 60 }), fc.array(pt, { minLength: 0, maxLength: 40 }),
      fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.tuple(fc.nat(), pt), { maxLength: 5 }), fc.array(pt, { maxLength: 5 }),
      (units, meds, removeAt, moves, adds) => {
        const before = meds.map((p, i) => ({ id: i + 1, ...p }));
        const gone = new Set(removeAt.map((r) => (before.length ? before[r % before.length]!.id : 0)));
        const moved = new Map(moves.map(([r, p]) => [before.length ? before[r % before.length]!.id : 0, p]));
        const after = [
          ...adds.map((p, i) => ({ id: -(adds.length - i), ...p })),
          ...before.filter((m) => !gone.has(m.id)).map((m) => (moved.has(m.id) ? { id: m.id, ...moved.get(m.id)! } : m)),
        ];
        const prev = nearestAll(units, new MediatorIndex(before));
        const full = nearestAll(units, new MediatorIndex(after));
        const upd = updateNearest(units, prev, before, after, () => new MediatorIndex(after));
        expect([...upd.id]).toEqual([...full.id]);
        expect([...upd.d]).toEqual([...full.d]);
      },
    ), { numRuns: 300 });
  });

  it('evaluateScenario with the baseline nearest gives the same units as without', () => {
    const mediators = activeMediators();
    for (const level of ['village', 'grid'] as const) {
      const units = unitRows(level);
      const nearest = nearestAll(units, new MediatorIndex(mediators));
      const changes: ScenarioChange[] = [
        { op: 'add', key: 'a', lng: mediators[0]!.lng + 0.01, lat: mediators[0]!.lat },
        { op: 'move', mediator_id: mediators[1]!.id, lng: mediators[1]!.lng + 0.02, lat: mediators[1]!.lat - 0.01 },
        { op: 'remove', mediator_id: mediators[2]!.id },
      ];
      const a = evaluateScenario({ units, mediators, radii: DEFAULT, changes, villageOf: () => units[0]!.village_code });
      const b = evaluateScenario({ units, mediators, radii: DEFAULT, changes, villageOf: () => units[0]!.village_code, nearest });
      expect(b.units).toEqual(a.units);
    }
  });
});
