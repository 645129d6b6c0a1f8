// The dispatch layers as MapLibre would validate them (no WebGL: the style-spec validator only).
import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { composeLayers } from '../src/layers/compose.ts';
import { townshipsLayer } from '../src/layers/townships.ts';
import { villagesLayer } from '../src/layers/villages.ts';
import { gridsLayer } from '../src/layers/grids.ts';
import { EMPTY_AREAS } from '../src/layers/area-style.ts';
import { dispatchHighlightLayer } from '../src/layers/dispatch-highlight.ts';
import { candidatesData, caseData, dispatchPointsLayer, queueData } from '../src/layers/dispatch-points.ts';

describe('dispatch layers', () => {
  it('make a valid style with the area layers they draw from', () => {
    const c = composeLayers([
      townshipsLayer({ data: EMPTY_AREAS, visible: true, thematic: null }),
      villagesLayer({ data: EMPTY_AREAS, visible: true, thematic: null }),
      gridsLayer({ data: EMPTY_AREAS, visible: false, thematic: null }),
      dispatchHighlightLayer({ service: { township: [], village: ['411502100201'], grid: [] }, candidates: { township: ['411502100000'], village: ['411502100201'], grid: ['411502100201001'] }, caseGrid: '411502100201001' }),
      dispatchPointsLayer({
        queue: queueData([{ id: 1, lng: 114.06, lat: 32.12, status: 'pending', overdue: false }], 1),
        candidates: candidatesData([{ mediator_id: 11, rank: 1, name: '张某', lng: 114.063, lat: 32.121 }], 11),
        casePoint: caseData([114.06, 32.12], [114.063, 32.121]),
      }),
    ]);
    const errors = validateStyleMin({ version: 8, sources: c.sources, layers: c.layers } as never);
    expect(errors.map((e) => e.message)).toEqual([]);
    const ids = c.layers.map((l) => l.id);
    // The case and candidates above the areas, the rank numbers on top.
    expect(ids.indexOf('dispatch-case-point')).toBeGreaterThan(ids.indexOf('villages-fill'));
    expect(ids.at(-1)).toBe('dispatch-candidates-label');
    // Every ranked candidate's areas outlined under the selected one's highlight.
    expect(ids.indexOf('dispatch-candidate-township-line')).toBeGreaterThan(-1);
    expect(ids.indexOf('dispatch-candidate-grid-line')).toBeLessThan(ids.indexOf('dispatch-service-grid-line'));
  });

  it('draw the selected candidate last and link the case to it', () => {
    const fc = candidatesData([
      { mediator_id: 11, rank: 1, name: 'a', lng: 1, lat: 1 },
      { mediator_id: 12, rank: 2, name: 'b', lng: 2, lat: 2 },
      { mediator_id: 13, rank: 3, name: 'c', lng: 3, lat: 3 },
    ], 11);
    expect(fc.features.map((f) => f.properties.rank)).toEqual([3, 2, 1]);
    expect(caseData([0, 0], [1, 1]).features.map((f) => f.geometry.type)).toEqual(['Point', 'LineString']);
    expect(caseData(null, [1, 1]).features).toEqual([]);
  });
});
