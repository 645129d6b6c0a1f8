// 覆盖规划: the units of the chosen level coloured by coverage — uncovered red and hatched (as the
// overview's coverage view), covered pale; in a scenario, units it newly covers green and units it
// uncovers red with a dark outline. Plain data, no maplibre runtime.
import type { ExpressionSpecification, LayerDefinition } from '../map/types.ts';
import type { AreaCollection } from '../api/types.ts';
import { HATCH_IMAGE, hatchPattern, hoverState, selectedState } from './area-style.ts';
import { WARNING_COLOR } from '../lib/thematic.ts';

export type UnitStatus = 'covered' | 'uncovered' | 'gained' | 'lost';

export const COVERAGE_STATUS_COLORS: Record<UnitStatus, string> = {
  covered: '#cfdcec',
  uncovered: WARNING_COLOR,
  gained: '#2e8b57',
  lost: '#7a0c1c',
};
export const COVERAGE_STATUS_LABELS: Record<UnitStatus, string> = {
  covered: '已覆盖',
  uncovered: '未覆盖',
  gained: '方案新增覆盖',
  lost: '方案中失去覆盖',
};

export const COVERAGE_UNITS_INTERACTIVE = ['coverage-units-fill'] as const;

/** The polygons of the level with each unit's status as a property (units missing from `status` count as covered). */
export function coverageUnitsData(areas: AreaCollection, status: ReadonlyMap<string, UnitStatus>): AreaCollection {
  return {
    type: 'FeatureCollection',
    features: areas.features.map((f) => ({ ...f, properties: { ...f.properties, coverage_status: status.get(f.properties.code) ?? 'covered' } })),
  };
}

const statusIs = (s: UnitStatus): ExpressionSpecification => ['==', ['get', 'coverage_status'], s];

export function coverageUnitsLayer(data: AreaCollection): LayerDefinition {
  const color: ExpressionSpecification = ['match', ['get', 'coverage_status'],
    'uncovered', COVERAGE_STATUS_COLORS.uncovered, 'gained', COVERAGE_STATUS_COLORS.gained, 'lost', COVERAGE_STATUS_COLORS.lost,
    COVERAGE_STATUS_COLORS.covered];
  return {
    sources: { 'coverage-units': { type: 'geojson', data: data as never, promoteId: 'code' } },
    images: { [HATCH_IMAGE]: hatchPattern() },
    layers: [
      {
        slot: 'fill',
        spec: {
          id: 'coverage-units-fill', type: 'fill', source: 'coverage-units',
          paint: { 'fill-color': color, 'fill-opacity': ['case', hoverState, 0.95, selectedState, 0.95, ['==', ['get', 'coverage_status'], 'covered'], 0.55, 0.8] },
        },
      },
      {
        slot: 'overlay',
        spec: { id: 'coverage-units-hatch', type: 'fill', source: 'coverage-units', filter: ['any', statusIs('uncovered'), statusIs('lost')], paint: { 'fill-pattern': HATCH_IMAGE } },
      },
      {
        slot: 'line',
        spec: {
          id: 'coverage-units-line', type: 'line', source: 'coverage-units', layout: { 'line-join': 'round' },
          paint: {
            'line-color': ['case', selectedState, '#0d2447', statusIs('lost'), '#3d0610', '#5a6f91'],
            'line-width': ['case', selectedState, 2.4, hoverState, 1.6, ['any', statusIs('lost'), statusIs('gained')], 1.6, 0.6],
          },
        },
      },
    ],
  };
}
