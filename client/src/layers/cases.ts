// 案件: case points from the server's vector tiles, as a heatmap when zoomed out and dots when zoomed in.
import type { DisputeType } from '../../../server/src/contract/vocab.ts';
import type { ExpressionSpecification, LayerDefinition } from '../map/types.ts';

export interface CasesLayerOptions {
  tileUrl: string;
  visible: boolean;
  type?: DisputeType;
}

export const OPEN_CASE_COLOR = '#c8102e';
export const CLOSED_CASE_COLOR = '#3d5a80';

export function casesLayer(opts: CasesLayerOptions): LayerDefinition {
  const visibility = opts.visible ? 'visible' : 'none';
  const filter: ExpressionSpecification | undefined = opts.type ? ['==', ['get', 'dispute_type'], opts.type] : undefined;
  const isOpen: ExpressionSpecification = ['in', ['get', 'status'], ['literal', ['pending', 'assigned', 'mediating']]];
  const villageOnly: ExpressionSpecification = ['==', ['get', 'location_precision'], 'village'];
  return {
    sources: {
      cases: { type: 'vector', tiles: [opts.tileUrl], minzoom: 8, maxzoom: 14 },
    },
    layers: [
      {
        slot: 'heat',
        spec: {
          id: 'cases-heat',
          type: 'heatmap',
          source: 'cases',
          'source-layer': 'cases',
          maxzoom: 15,
          ...(filter ? { filter } : {}),
          layout: { visibility },
          paint: {
            // Roles without access to parties get one point per grid with `count` (server/src/services/masking.ts).
            'heatmap-weight': ['to-number', ['coalesce', ['get', 'count'], 1]],
            'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 14, 1.6],
            'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 8, 12, 18, 14, 26],
            'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.7, 12.5, 0.55, 14.5, 0],
            'heatmap-color': [
              'interpolate', ['linear'], ['heatmap-density'],
              0, 'rgba(27,58,107,0)',
              0.2, 'rgba(61,90,128,0.45)',
              0.45, 'rgba(233,196,106,0.7)',
              0.7, 'rgba(231,111,81,0.85)',
              1, 'rgba(176,24,40,0.95)',
            ],
          },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'cases-point',
          type: 'circle',
          source: 'cases',
          'source-layer': 'cases',
          minzoom: 12,
          ...(filter ? { filter } : {}),
          layout: { visibility },
          paint: {
            // A per-grid point (`count`) is red while any of its cases is open, and grows with its count.
            'circle-color': ['case', ['has', 'count'], ['case', ['>', ['to-number', ['get', 'open_count']], 0], OPEN_CASE_COLOR, CLOSED_CASE_COLOR],
              villageOnly, '#ffffff', isOpen, OPEN_CASE_COLOR, CLOSED_CASE_COLOR],
            // (`zoom` may only drive a top-level interpolate: the per-feature size goes inside its stops.)
            'circle-radius': ['interpolate', ['linear'], ['zoom'],
              12, ['case', ['has', 'count'], ['+', 3, ['sqrt', ['to-number', ['get', 'count']]]], 2.5],
              16, ['case', ['has', 'count'], ['+', 6, ['*', 1.5, ['sqrt', ['to-number', ['get', 'count']]]]], 6]],
            // A case located only to its village (tile attribute location_precision) is hollow: its colour as the ring.
            'circle-stroke-color': ['case', villageOnly, ['case', isOpen, OPEN_CASE_COLOR, CLOSED_CASE_COLOR], '#ffffff'],
            'circle-stroke-width': ['case', villageOnly, 2, 1],
            'circle-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0, 12.8, 0.9],
          },
        },
      },
    ],
  };
}
