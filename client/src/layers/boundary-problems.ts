// The boundary import's problems on the map (issue 17): one red numbered marker per problem that has a
// place (the number is the row of the problem list), and the feature and marker chosen in the list
// outlined in blue. The view hands over the preview; this file turns it into a source and its layers.
import type { BoundaryPreview, ProblemPoint } from '../../../server/src/contract/boundaries.ts';
import type { LayerSpecification } from '../map/types.ts';
import { LABEL_FONT_STACK } from './area-style.ts';

/** One line of the problem list: a problem of a feature (n), or a gap (n null). */
export interface ProblemRow {
  /** 1-based: the number on the marker and in the list. */
  i: number;
  n: number | null;
  severity: 'error' | 'warning';
  point: ProblemPoint | null;
}

export const PROBLEM_MARKER_COLOR = '#f03e3e';
const SELECTED_COLOR = '#1c7ed6';

/** The markers' source data: one point per row with a place. */
export function problemMarkers(rows: readonly ProblemRow[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.filter((r) => r.point).map((r) => ({
      type: 'Feature', id: r.i,
      properties: { kind: 'problem', i: r.i, n: r.n, severity: r.severity },
      geometry: { type: 'Point', coordinates: [r.point!.lng, r.point!.lat] },
    })),
  };
}

/** The layers over the preview (source 'bi-problems' for the markers, 'bi-imported' for the features). */
export function problemLayers(selected: { i: number; n: number | null } | null): LayerSpecification[] {
  const none = -1;
  return [
    { id: 'bi-selected-feature', type: 'line', source: 'bi-imported',
      filter: ['all', ['==', ['get', 'kind'], 'imported'], ['==', ['get', 'n'], selected?.n ?? none]],
      paint: { 'line-color': SELECTED_COLOR, 'line-width': 4 } },
    { id: 'bi-problem-marker', type: 'circle', source: 'bi-problems',
      paint: {
        'circle-color': PROBLEM_MARKER_COLOR, 'circle-radius': 10,
        'circle-stroke-color': ['case', ['==', ['get', 'i'], selected?.i ?? none], SELECTED_COLOR, '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'i'], selected?.i ?? none], 4, 1.5],
      } },
    { id: 'bi-problem-label', type: 'symbol', source: 'bi-problems',
      layout: {
        'text-field': ['to-string', ['get', 'i']], 'text-font': LABEL_FONT_STACK, 'text-size': 11,
        'text-allow-overlap': true, 'text-ignore-placement': true,
      },
      paint: { 'text-color': '#ffffff' } },
  ];
}
