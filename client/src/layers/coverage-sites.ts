// 覆盖规划 points: the real active mediators (small; moved ones at their new place, taken-out ones
// greyed), the scenario's hypothetical mediators (orange, the selected one ringed) and suggested best
// sites (numbered green). Plain data, no maplibre runtime.
import type { ExpressionSpecification, LayerDefinition } from '../map/types.ts';
import { LABEL_FONT_STACK } from './area-style.ts';

export const SITE_COLORS = { real: '#1b3a6b', removed: '#9aa3ad', added: '#e07a1f', suggested: '#1f7a4a' } as const;
export const COVERAGE_SITES_INTERACTIVE = ['coverage-added-point', 'coverage-real-point'] as const;

type Pt = [number, number];
interface PointFeature { type: 'Feature'; id?: number; geometry: { type: 'Point'; coordinates: Pt }; properties: Record<string, unknown> }
export interface PointCollection { type: 'FeatureCollection'; features: PointFeature[] }
const fc = (features: PointFeature[]): PointCollection => ({ type: 'FeatureCollection', features });
const pt = (lng: number, lat: number, properties: Record<string, unknown>, id?: number): PointFeature =>
  ({ type: 'Feature', ...(id !== undefined ? { id } : {}), geometry: { type: 'Point', coordinates: [lng, lat] }, properties });

export interface RealSite { id: number; name: string; lng: number; lat: number; state: 'real' | 'moved' | 'removed' }
export interface AddedSite { key: string; label: string; lng: number; lat: number }
export interface SuggestedSite { rank: number; lng: number; lat: number }

export function realSitesData(items: readonly RealSite[], selected: number | null): PointCollection {
  return fc(items.map((m) => pt(m.lng, m.lat, { kind: 'real', id: m.id, name: m.name, state: m.state, selected: m.id === selected }, m.id)));
}
export function addedSitesData(items: readonly AddedSite[], selected: string | null): PointCollection {
  return fc(items.map((a, i) => pt(a.lng, a.lat, { kind: 'added', key: a.key, name: a.label, selected: a.key === selected }, i + 1)));
}
export function suggestedSitesData(items: readonly SuggestedSite[]): PointCollection {
  return fc(items.map((s) => pt(s.lng, s.lat, { kind: 'suggested', rank: s.rank }, s.rank)));
}

const sel: ExpressionSpecification = ['==', ['get', 'selected'], true];

export function coverageSitesLayer(o: { real: PointCollection; added: PointCollection; suggested: PointCollection; showReal: boolean }): LayerDefinition {
  return {
    sources: {
      'coverage-real': { type: 'geojson', data: o.real as never },
      'coverage-added': { type: 'geojson', data: o.added as never },
      'coverage-suggested': { type: 'geojson', data: o.suggested as never },
    },
    layers: [
      {
        slot: 'point',
        spec: {
          id: 'coverage-real-point', type: 'circle', source: 'coverage-real', layout: { visibility: o.showReal ? 'visible' : 'none' },
          paint: {
            'circle-color': ['match', ['get', 'state'], 'removed', SITE_COLORS.removed, 'moved', SITE_COLORS.added, SITE_COLORS.real],
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, ['case', sel, 6, 2.2], 14, ['case', sel, 9, 5]],
            'circle-opacity': ['case', ['==', ['get', 'state'], 'removed'], 0.6, 0.85],
            'circle-stroke-color': ['case', sel, SITE_COLORS.added, '#ffffff'],
            'circle-stroke-width': ['case', sel, 2.5, 0.8],
          },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'coverage-suggested-point', type: 'circle', source: 'coverage-suggested',
          paint: { 'circle-color': SITE_COLORS.suggested, 'circle-radius': 10, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'coverage-added-point', type: 'circle', source: 'coverage-added',
          paint: {
            'circle-color': SITE_COLORS.added, 'circle-radius': ['case', sel, 11, 8.5],
            'circle-stroke-color': ['case', sel, '#0d2447', '#ffffff'], 'circle-stroke-width': ['case', sel, 3, 2],
          },
        },
      },
      {
        slot: 'label',
        spec: {
          id: 'coverage-suggested-label', type: 'symbol', source: 'coverage-suggested',
          layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': LABEL_FONT_STACK, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
          paint: { 'text-color': '#ffffff' },
        },
      },
    ],
  };
}
