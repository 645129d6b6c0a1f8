// 调解组织 map: the filtered organisations as points coloured by kind, the selected one larger; and the
// box of the "only inside this box" (框选范围) filter both tabs share. Plain data for MapView.
import type { OrganisationItem } from '../../../../server/src/contract/registry.ts';
import type { OrganisationKind } from '../../../../server/src/contract/vocab.ts';
import type { LayerDefinition, LngLatBBox } from '../../map/types.ts';
import { selectablePoints, type SelectablePoints } from './points.ts';

export const REGISTRY_ORG_LAYER = 'registry-organisations-point';
export const KIND_COLORS: Record<OrganisationKind, string> = {
  village_committee: '#2b6cb0',
  township_committee: '#1b3a6b',
  industry: '#8e44ad',
  enterprise: '#d97706',
  governance_unit: '#2f855a',
  lawyer_studio: '#c8102e',
};

export type OrganisationPoints = SelectablePoints<{ id: number; name: string; kind: OrganisationKind; withdrawn: boolean }>;

export function organisationPoints(items: readonly OrganisationItem[], selected: number | null): OrganisationPoints {
  return selectablePoints(items, selected, (o) => ({ id: o.id, name: o.name, kind: o.kind, withdrawn: o.status === 'withdrawn' }));
}

export function organisationLayer(data: OrganisationPoints): LayerDefinition {
  const selected = ['==', ['get', 'selected'], true] as const;
  const match = ['match', ['get', 'kind'], ...Object.entries(KIND_COLORS).flat(), '#5a6f91'];
  return {
    sources: { 'registry-organisations': { type: 'geojson', data: data as never } },
    layers: [{
      slot: 'point',
      spec: {
        id: REGISTRY_ORG_LAYER, type: 'circle', source: 'registry-organisations',
        paint: {
          'circle-color': match as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, ['case', selected as never, 9, 5], 15, ['case', selected as never, 12, 8]],
          'circle-stroke-color': ['case', selected as never, '#c8102e', '#ffffff'],
          'circle-stroke-width': ['case', selected as never, 3, 1.2],
          'circle-opacity': ['case', ['==', ['get', 'withdrawn'], true], 0.45, 0.92],
        },
      },
    }],
  };
}

/** Two clicks on the map are the corners of the box; the box as [minLng, minLat, maxLng, maxLat]. */
export function boxOf(a: { lng: number; lat: number }, b: { lng: number; lat: number }): LngLatBBox {
  const r = (x: number) => Math.round(x * 1e5) / 1e5;
  return [r(Math.min(a.lng, b.lng)), r(Math.min(a.lat, b.lat)), r(Math.max(a.lng, b.lng)), r(Math.max(a.lat, b.lat))];
}

/** The chosen box (dashed outline), or the first corner while the second is awaited. */
export function boxLayer(box: LngLatBBox | null, corner: { lng: number; lat: number } | null): LayerDefinition {
  const features: unknown[] = [];
  if (box) {
    const [x0, y0, x1, y1] = box;
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] } });
  }
  if (corner) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [corner.lng, corner.lat] } });
  return {
    sources: { 'registry-box': { type: 'geojson', data: { type: 'FeatureCollection', features } as never } },
    layers: [
      { slot: 'line', spec: { id: 'registry-box-line', type: 'line', source: 'registry-box', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#c8102e', 'line-width': 2, 'line-dasharray': [3, 2] } } },
      { slot: 'point', spec: { id: 'registry-box-corner', type: 'circle', source: 'registry-box', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#c8102e', 'circle-radius': 5 } } },
    ],
  };
}
