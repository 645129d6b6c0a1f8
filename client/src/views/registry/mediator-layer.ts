// 调解名册 map: the filtered mediators as points coloured by status, the selected one larger.
// Plain data for MapView (views/registry only; no maplibre runtime here).
import type { MediatorItem } from '../../../../server/src/contract/registry.ts';
import type { LayerDefinition } from '../../map/types.ts';

export const REGISTRY_POINT_LAYER = 'registry-mediators-point';
export const STATUS_COLORS = { active: '#1b3a6b', on_leave: '#e07a1f', withdrawn: '#9aa3b2' } as const;

export interface MediatorPoints {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: number; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { id: number; name: string; status: string; selected: boolean; schematic: boolean } }[];
}

export function mediatorPoints(items: readonly MediatorItem[], selected: number | null): MediatorPoints {
  const withPoint = items.filter((m) => m.location);
  // The selected one last: drawn on top.
  withPoint.sort((a, b) => Number(a.id === selected) - Number(b.id === selected));
  return {
    type: 'FeatureCollection',
    features: withPoint.map((m) => ({
      type: 'Feature', id: m.id, geometry: { type: 'Point', coordinates: m.location!.coordinates },
      properties: { id: m.id, name: m.name, status: m.status, selected: m.id === selected, schematic: m.location_source === 'area' },
    })),
  };
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
