// 案件分流 areas: the service areas of every ranked candidate, outlined lightly, those of the selected
// candidate highlighted over them (the area layers, townships, villages, grids, must be composed too: this
// draws from their sources), and the case's own grid outlined.
import type { AreaLevel } from '../../../server/src/contract/vocab.ts';
import type { ExpressionSpecification, LayerDefinition, SlottedLayer } from '../map/types.ts';

export const HIGHLIGHT_COLOR = '#e07a1f';
export const CANDIDATE_AREA_COLOR = '#1b3a6b';

export type AreaCodes = Record<AreaLevel, readonly string[]>;

export const NO_AREAS: AreaCodes = { township: [], village: [], grid: [] };

const SOURCE: Record<AreaLevel, string> = { township: 'townships', village: 'villages', grid: 'grids' };
const LEVELS: readonly AreaLevel[] = ['township', 'village', 'grid'];

const codeIn = (codes: readonly string[]): ExpressionSpecification => ['in', ['get', 'code'], ['literal', [...codes]]];

export interface DispatchHighlightOptions {
  /** Areas of the selected candidate. */
  service: AreaCodes;
  /** Areas of all ranked candidates (outlined lightly under the selected one's). */
  candidates?: AreaCodes;
  /** The grid the case point is in. */
  caseGrid: string | null;
}

export function dispatchHighlightLayer(o: DispatchHighlightOptions): LayerDefinition {
  const layers: SlottedLayer[] = [];
  for (const l of LEVELS) {
    layers.push({
      slot: 'line',
      spec: {
        id: `dispatch-candidate-${l}-line`, type: 'line', source: SOURCE[l], filter: codeIn(o.candidates?.[l] ?? []),
        paint: { 'line-color': CANDIDATE_AREA_COLOR, 'line-width': 1.6, 'line-opacity': 0.7, 'line-dasharray': [3, 2] },
      },
    });
  }
  for (const l of LEVELS) {
    layers.push(
      {
        slot: 'overlay',
        spec: {
          id: `dispatch-service-${l}-fill`, type: 'fill', source: SOURCE[l], filter: codeIn(o.service[l]),
          paint: { 'fill-color': HIGHLIGHT_COLOR, 'fill-opacity': l === 'township' ? 0.1 : 0.2 },
        },
      },
      {
        slot: 'line',
        spec: {
          id: `dispatch-service-${l}-line`, type: 'line', source: SOURCE[l], filter: codeIn(o.service[l]),
          paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': 2.4, 'line-opacity': 0.95 },
        },
      },
    );
  }
  layers.push({
    slot: 'line',
    spec: {
      id: 'dispatch-case-grid-line', type: 'line', source: 'grids', filter: codeIn(o.caseGrid ? [o.caseGrid] : []),
      paint: { 'line-color': '#b3202e', 'line-width': 1.6, 'line-dasharray': [2, 1] },
    },
  });
  return { sources: {}, layers };
}
