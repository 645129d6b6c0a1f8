// Fresh fixtures per test: an area feature near the district centre (114.06E 32.12N).
import type { AreaFeature, AreaProperties, SummaryTotals } from '../src/api/types.ts';

export function createArea(overrides: Partial<AreaProperties> = {}): AreaFeature {
  const x = 114.06, y = 32.12, d = 0.01;
  return {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
    properties: {
      code: '411502100201',
      name: '胡家湾村',
      level: 'village',
      type: 'village',
      parent_code: '411502100000',
      township_code: '411502100000',
      geometry_source: 'schematic',
      population_est: 2500,
      area_km2: 5,
      mediator_count: 2,
      case_count: 10,
      open_case_count: 3,
      ...overrides,
    },
  };
}

export function createTotals(overrides: Partial<SummaryTotals> = {}): SummaryTotals {
  return {
    cases: 12345,
    open_cases: 1203,
    settled: 8000,
    failed: 1000,
    filed: 500,
    withdrawn: 100,
    settled_share: 0.6234,
    mediators_active: 1876,
    villages_total: 269,
    villages_uncovered: 7,
    population: 640133,
    ...overrides,
  };
}
