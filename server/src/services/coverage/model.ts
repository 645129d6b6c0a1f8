// The coverage model for one set of parameters (baseline units, active mediators, verdicts), assembled
// from the layers of layers.ts — each cached and invalidated on its own — and itself cached by the
// identity of the layers it was made of. A request with unchanged data costs one read of the three
// change counters; after a write to cases, one GROUP BY plus the assembly; after a mediator write, the
// mediators, their service areas and a partial nearest search (see layers.ts).
import type { Knex } from '../../db/types.ts';
import type { CoverageParams } from '../../contract/coverage.ts';
import { resolveSettings, toUnit, type Baseline, type UnitRow } from './baseline.ts';
import {
  casesLayer, clearLayers, mediatorsLayer, nearestOf, pairsLayer, readVersions, responsibleOf, unitsLayer,
  type MediatorsLayer, type PairsLayer, type UnitsLayer,
} from './layers.ts';
import type { MediatorIndex, Nearest } from './nearest.ts';

export type Model = Baseline & { version: string; index: MediatorIndex; nearest: Nearest };

interface Parts { units: UnitsLayer; mediators: MediatorsLayer; pairs: PairsLayer; cases: Map<string, number> }
const MAX_MODELS = 6;
const cache = new Map<string, { parts: Parts; model: Model }>();

/** The data version: changes with every write to the tables coverage is computed from. */
export async function dataVersion(knex: Knex): Promise<string> {
  const v = await readVersions(knex);
  return `${v.units}|${v.mediators}|${v.cases}`;
}

/** The model for these parameters: rebuilt from whichever layers changed. */
export async function modelFor(knex: Knex, opts: CoverageParams): Promise<Model> {
  const [resolved, v] = await Promise.all([resolveSettings(knex, opts), readVersions(knex)]);
  const { settings, radii, bounds } = resolved;
  const [units, mediators, pairs, cases] = await Promise.all([
    unitsLayer(knex, settings.level, v), mediatorsLayer(knex, v), pairsLayer(knex, v), casesLayer(knex, settings.level, bounds, settings.type, v),
  ]);
  const key = JSON.stringify(settings);
  const hit = cache.get(key);
  if (hit && hit.parts.units === units && hit.parts.mediators === mediators && hit.parts.pairs === pairs && hit.parts.cases === cases) {
    cache.delete(key); cache.set(key, hit); // most recently used last
    return hit.model;
  }
  const responsible = responsibleOf(units, pairs);
  const nearest = nearestOf(units, mediators);
  const base = units.rows;
  const rows: UnitRow[] = new Array(base.length);
  const out = new Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const b = base[i]!;
    const r: UnitRow = {
      code: b.code, name: b.name, township_code: b.township_code, village_code: b.village_code, lng: b.lng, lat: b.lat,
      urban: b.urban, population_est: b.population_est, case_count: cases.get(b.code) ?? 0, responsible: responsible[i]!,
    };
    rows[i] = r;
    const d = nearest.d[i]!;
    out[i] = toUnit(r, radii, r.responsible, d === Infinity ? null : nearest.id[i]!, d === Infinity ? null : d, units.points[i]);
  }
  const model: Model = {
    settings, radii, rows, mediators: mediators.points, units: out, index: mediators.index, nearest,
    version: `${v.units}|${v.mediators}|${v.cases}`,
  };
  cache.set(key, { parts: { units, mediators, pairs, cases }, model });
  while (cache.size > MAX_MODELS) cache.delete(cache.keys().next().value!);
  return model;
}

/** Forgets every cached layer and model (benchmarks: a "first ever" request). */
export function clearModels(): void {
  cache.clear();
  clearLayers();
}

/** The village each point stands in (coverage-locate.sql). */
export { locateVillages } from './locate.ts';
