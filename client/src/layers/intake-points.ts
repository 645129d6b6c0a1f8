// The bulk intake's map (views/intake/IntakeMap.tsx): the chosen row's place (red) and the places its
// address could mean (blue, numbered as listed), clickable to pick one.
import type { LayerDefinition } from '../map/types.ts';
import { DISPATCH_CANDIDATE_COLOR, DISPATCH_CASE_COLOR } from './dispatch-points.ts';

export const INTAKE_INTERACTIVE = ['intake-alternative'] as const;

export interface IntakePointsData {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: number; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { kind: 'row' | 'alternative'; code?: string; rank?: number } }[];
}

export function intakePointsLayer(data: IntakePointsData): LayerDefinition {
  return {
    sources: { 'intake-points': { type: 'geojson', data: data as never } },
    layers: [
      {
        slot: 'point',
        spec: {
          id: 'intake-alternative', type: 'circle', source: 'intake-points', filter: ['==', ['get', 'kind'], 'alternative'],
          paint: { 'circle-color': DISPATCH_CANDIDATE_COLOR, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'intake-row', type: 'circle', source: 'intake-points', filter: ['==', ['get', 'kind'], 'row'],
          paint: { 'circle-color': DISPATCH_CASE_COLOR, 'circle-radius': 10, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
        },
      },
    ],
  };
}
