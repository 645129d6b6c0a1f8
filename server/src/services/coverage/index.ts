// Coverage of villages and grids (issue 6): the public entry points of the planning work. Other
// modules (the leadership dashboard) use computeCoverage / coverageSummary; keep their signatures.
//
// Coverage, defined once (contract/coverage.ts COVERAGE_DEFINITION): a unit is covered when at least
// one ACTIVE mediator is responsible for it (village: a service area that is the village or one of its
// grids; grid: the grid or its village) AND the nearest ACTIVE mediator — of any responsibility — is
// within the radius of the unit's representative point (default 3,000 m rural, 1,000 m urban;
// `radius_m` overrides both, `radius_urban_m` / `radius_rural_m` set one class). Distances: WGS84
// spheroid metres (geography), as the dispatch SQL. case_count: the data set's 12 months unless from/to.
import type { Knex } from '../../db/types.ts';
import type { CoverageParams, CoverageSummaryAnswer, CoverageUnit } from '../../contract/coverage.ts';
import { COVERAGE_DEFINITION, totalsOf } from './baseline.ts';
import { modelFor } from './model.ts';

export type CoverageOptions = CoverageParams & { level: 'village' | 'grid' };

/** Every unit of the level with its coverage verdict, ordered by code. */
export async function computeCoverage(knex: Knex, opts: CoverageOptions): Promise<CoverageUnit[]> {
  return (await modelFor(knex, opts)).units.map((u) => ({ ...u })); // copies: the cached model is shared
}

/** Totals (units, population, cases: covered and shares) in all and per township. */
export async function coverageSummary(knex: Knex, opts: CoverageOptions): Promise<CoverageSummaryAnswer> {
  const b = await modelFor(knex, opts);
  return { settings: b.settings, definition: COVERAGE_DEFINITION, ...summarise(b.units, await townshipNames(knex)) };
}

export async function townshipNames(knex: Knex): Promise<Map<string, string>> {
  const rows = (await knex('townships').select('code', 'name').orderBy('code')) as { code: string; name: string }[];
  return new Map(rows.map((r) => [r.code, r.name]));
}

export function summarise(units: CoverageUnit[], names: Map<string, string>): Pick<CoverageSummaryAnswer, 'totals' | 'by_township'> {
  const groups = new Map<string, CoverageUnit[]>();
  for (const u of units) {
    let g = groups.get(u.township_code);
    if (!g) groups.set(u.township_code, (g = []));
    g.push(u);
  }
  return {
    totals: totalsOf(units),
    by_township: [...groups.keys()].sort().map((code) => ({ code, name: names.get(code) ?? code, ...totalsOf(groups.get(code)!) })),
  };
}

export { totalsOf } from './baseline.ts';
export { modelFor } from './model.ts';
