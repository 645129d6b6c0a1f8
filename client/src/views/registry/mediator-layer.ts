// 调解名册 map: the filtered mediators as points coloured by status, the selected one larger.
// Plain data for MapView (views/registry only; no maplibre runtime here).
import type { MediatorItem } from '../../../../server/src/contract/registry.ts';
import type { LayerDefinition } from '../../map/types.ts';
import { selectablePoints, type SelectablePoints } from './points.ts';

export const REGISTRY_POINT_LAYER = 'registry-mediators-point';
export const STATUS_COLORS = { active: '#1b3a6b', on_leave: '#e07a1f', withdrawn: '#9aa3b2' } as const;

export type MediatorPoints = SelectablePoints<{ id: number; name: string; status: string; schematic: boolean }>;

export function mediatorPoints(items: readonly MediatorItem[], selected: number | null): MediatorPoints {
  return selectablePoints(items, selected, (m) => ({ id: m.id, name: m.name, status: m.status, schematic: m.location_source === 'area' }));
}

export function mediatorLayer(data: MediatorPoints): LayerDefinition {
  const selected = ['==', ['get', 'selected'], true] as const;
  return {
    sources: { 'registry-mediators': { type: 'geojson', data: data as never } },
    layers: [{
      slot: 'point',
      spec: {
        id: REGISTRY_POINT_LAYER, type: 'circle', source: 'registry-mediators',
        paint: {
          'circle-color': ['match', ['get', 'status'], 'active', STATUS_COLORS.active, 'on_leave', STATUS_COLORS.on_leave, STATUS_COLORS.withdrawn],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, ['case', selected as never, 8, 3.5], 15, ['case', selected as never, 11, 7]],
          'circle-stroke-color': ['case', selected as never, '#c8102e', '#ffffff'],
          'circle-stroke-width': ['case', selected as never, 3, 1],
          'circle-opacity': 0.9,
        },
      },
    }],
  };
}
