// The real situation's shapes: the inputs of every unit (UnitRow, assembled by model.ts from the
// layers of layers.ts), the active mediators, the verdicts (rule.ts), with the settings (radii,
// period) they were computed with; and the totals.
import type { Knex } from '../../db/types.ts';
import {
  COVERAGE_DEFINITION, coverageParams, type CoverageParams, type CoverageReason, type CoverageSettings, type CoverageTotals, type CoverageUnit,
} from '../../contract/coverage.ts';
import { readDatasetInfo } from '../dataset.ts';
import { defaultPeriod, toBounds } from '../period.ts';
import { radiiOf, radiusFor, verdict, type Radii } from './rule.ts';
import { MediatorIndex, type MediatorPoint } from './nearest.ts';

export interface UnitRow {
  code: string; name: string; township_code: string; village_code: string; lng: number; lat: number;
  urban: boolean; population_est: number; case_count: number; responsible: number[];
}

export interface Baseline { settings: CoverageSettings; radii: Radii; rows: UnitRow[]; mediators: MediatorPoint[]; units: CoverageUnit[] }

/** Parses (defaults) the parameters and resolves the period: the data set's 12 months unless from/to. */
export async function resolveSettings(knex: Knex, opts: CoverageParams): Promise<{ settings: CoverageSettings; radii: Radii; bounds: { from: string | null; to: string | null } }> {
  const p = coverageParams.parse(opts);
  const radii = radiiOf(p);
  let period: { from: string; to: string };
  if (p.from && p.to) period = { from: p.from, to: p.to };
  else {
    const fallback = defaultPeriod((await readDatasetInfo(knex)).anchor_date);
    period = { from: p.from ?? fallback.from, to: p.to ?? fallback.to };
    if (period.from > period.to) period = p.from ? { from: p.from, to: p.from } : { from: period.to, to: period.to };
  }
  const settings: CoverageSettings = { level: p.level, ...radii, period, type: p.type ?? null };
  return { settings, radii, bounds: toBounds(period) };
}

/** Every unit's verdict with these mediators (each unit's `responsible` as loaded). */
export function judgeAll(rows: readonly UnitRow[], mediators: readonly MediatorPoint[], radii: Radii, responsibleOf = (r: UnitRow) => r.responsible): CoverageUnit[] {
  const index = new MediatorIndex(mediators);
  return rows.map((r) => {
    const n = index.nearest(r.lng, r.lat);
    return toUnit(r, radii, responsibleOf(r), n ? mediators[n.i]!.id : null, n ? n.d : null);
  });
}

export function toUnit(r: UnitRow, radii: Radii, responsible: number[], nearestId: number | null, nearestM: number | null, point?: CoverageUnit['point']): CoverageUnit {
  const radius = radiusFor(r.urban, radii);
  const v = verdict(responsible.length, nearestM, radius);
  return {
    code: r.code, name: r.name, township_code: r.township_code, village_code: r.village_code,
    point: point ?? { type: 'Point', coordinates: [r.lng, r.lat] }, urban: r.urban, radius_m: radius,
    responsible_mediators: responsible, nearest_mediator_id: nearestId, nearest_mediator_m: nearestM,
    covered: v.covered, reasons: v.reasons, population_est: r.population_est, case_count: r.case_count,
  };
}

const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

/** Totals of units (anything with covered, reasons, population and cases). */
export function totalsOf(units: Iterable<Pick<CoverageUnit, 'covered' | 'reasons' | 'population_est' | 'case_count'>>): CoverageTotals {
  const t = { units: 0, units_covered: 0, population: 0, population_covered: 0, cases: 0, cases_covered: 0 };
  const by_reason: Record<CoverageReason, number> = { no_responsible_mediator: 0, too_far: 0 };
  for (const u of units) {
    t.units++; t.population += u.population_est; t.cases += u.case_count;
    if (u.covered) { t.units_covered++; t.population_covered += u.population_est; t.cases_covered += u.case_count; }
    for (const r of u.reasons) by_reason[r]++;
  }
  return {
    ...t,
    share_units: share(t.units_covered, t.units),
    share_population: share(t.population_covered, t.population),
    share_cases: share(t.cases_covered, t.cases),
    by_reason,
  };
}

export { COVERAGE_DEFINITION };
