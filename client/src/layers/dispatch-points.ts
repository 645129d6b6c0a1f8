// 案件分流 points: the cases of the queue, the case being placed or handled, its candidates numbered by rank,
// and a dashed link from the case to the selected candidate. Plain data, no maplibre runtime.
import type { CaseStatus } from '../../../server/src/contract/vocab.ts';
import type { ExpressionSpecification, LayerDefinition } from '../map/types.ts';
import { LABEL_FONT_STACK } from './area-style.ts';

export const DISPATCH_CASE_COLOR = '#c8102e';
export const DISPATCH_CANDIDATE_COLOR = '#1b3a6b';
export const DISPATCH_SELECTED_COLOR = '#e07a1f';

/** Layers that answer clicks: a queue case selects it, a candidate selects the candidate. */
export const DISPATCH_INTERACTIVE = ['dispatch-candidates-point', 'dispatch-queue-point'] as const;

/** `village_only`: located only to its village (drawn hollow at the village's point: the dispute is somewhere in it). */
export interface QueuePoint { id: number; lng: number; lat: number; status: CaseStatus; overdue: boolean; village_only?: boolean }
export interface CandidatePoint { mediator_id: number; rank: number; name: string; lng: number; lat: number }

type Pt = [number, number];
interface PointFeature { type: 'Feature'; id?: number; geometry: { type: 'Point'; coordinates: Pt }; properties: Record<string, unknown> }
interface LineFeature { type: 'Feature'; geometry: { type: 'LineString'; coordinates: Pt[] }; properties: Record<string, unknown> }
export interface PointCollection { type: 'FeatureCollection'; features: (PointFeature | LineFeature)[] }

const fc = (features: (PointFeature | LineFeature)[]): PointCollection => ({ type: 'FeatureCollection', features });

export function queueData(items: readonly QueuePoint[], selectedId: number | null): PointCollection {
  return fc(items.map((c) => ({
    type: 'Feature', id: c.id, geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
    properties: { id: c.id, status: c.status, overdue: c.overdue, selected: c.id === selectedId, village_only: c.village_only === true },
  })));
}

export function candidatesData(items: readonly CandidatePoint[], selected: number | null): PointCollection {
  // The selected candidate last, so it is drawn on top.
  const sorted = [...items].sort((a, b) => Number(a.mediator_id === selected) - Number(b.mediator_id === selected) || b.rank - a.rank);
  return fc(sorted.map((c) => ({
    type: 'Feature', id: c.mediator_id, geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
    properties: { mediator_id: c.mediator_id, rank: c.rank, name: c.name, selected: c.mediator_id === selected },
  })));
}

/** `villageOnly`: the point is the village's, not the dispute's: drawn hollow. */
export function caseData(point: Pt | null, link: Pt | null, villageOnly = false): PointCollection {
  if (!point) return fc([]);
  const out: (PointFeature | LineFeature)[] = [{ type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: { kind: 'case', village_only: villageOnly } }];
  if (link) out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [point, link] }, properties: { kind: 'link' } });
  return fc(out);
}

export interface DispatchPointsOptions {
  queue: PointCollection;
  candidates: PointCollection;
  casePoint: PointCollection;
}

const selected: ExpressionSpecification = ['==', ['get', 'selected'], true];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];
const isLine: ExpressionSpecification = ['==', ['geometry-type'], 'LineString'];
/** A case located only to its village (QueuePoint.village_only, caseData's villageOnly): drawn hollow. */
const villageOnly: ExpressionSpecification = ['==', ['get', 'village_only'], true];
const queueColor: ExpressionSpecification = ['case', ['==', ['get', 'status'], 'pending'], DISPATCH_CASE_COLOR, ['==', ['get', 'overdue'], true], '#8a1020', '#3d5a80'];

export function dispatchPointsLayer(o: DispatchPointsOptions): LayerDefinition {
  return {
    sources: {
      'dispatch-queue': { type: 'geojson', data: o.queue as never },
      'dispatch-candidates': { type: 'geojson', data: o.candidates as never },
      'dispatch-case': { type: 'geojson', data: o.casePoint as never },
    },
    layers: [
      {
        slot: 'line',
        spec: {
          id: 'dispatch-link', type: 'line', source: 'dispatch-case', filter: isLine,
          paint: { 'line-color': DISPATCH_SELECTED_COLOR, 'line-width': 2, 'line-dasharray': [2, 1.5] },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'dispatch-queue-point', type: 'circle', source: 'dispatch-queue',
          paint: {
            // A village-only case is hollow: white inside, its status colour as the ring.
            'circle-color': ['case', villageOnly, '#ffffff', queueColor],
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, ['case', selected, 7, 3.5], 15, ['case', selected, 9, 6]],
            'circle-opacity': 0.85,
            'circle-stroke-color': ['case', villageOnly, queueColor, '#ffffff'],
            'circle-stroke-width': ['case', villageOnly, ['case', selected, 3, 2], ['case', selected, 2.5, 1]],
          },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'dispatch-candidates-point', type: 'circle', source: 'dispatch-candidates',
          paint: {
            'circle-color': ['case', selected, DISPATCH_SELECTED_COLOR, DISPATCH_CANDIDATE_COLOR],
            'circle-radius': ['case', selected, 12, 9.5],
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'dispatch-case-halo', type: 'circle', source: 'dispatch-case', filter: isPoint,
          paint: { 'circle-color': DISPATCH_CASE_COLOR, 'circle-radius': 18, 'circle-opacity': 0.18, 'circle-stroke-color': DISPATCH_CASE_COLOR, 'circle-stroke-width': 1, 'circle-stroke-opacity': 0.5 },
        },
      },
      {
        slot: 'point',
        spec: {
          id: 'dispatch-case-point', type: 'circle', source: 'dispatch-case', filter: isPoint,
          paint: {
            'circle-color': ['case', villageOnly, '#ffffff', DISPATCH_CASE_COLOR], 'circle-radius': 7,
            'circle-stroke-color': ['case', villageOnly, DISPATCH_CASE_COLOR, '#ffffff'], 'circle-stroke-width': ['case', villageOnly, 3, 2.5],
          },
        },
      },
      {
        slot: 'label',
        spec: {
          id: 'dispatch-candidates-label', type: 'symbol', source: 'dispatch-candidates',
          layout: {
            'text-field': ['to-string', ['get', 'rank']],
            'text-font': LABEL_FONT_STACK,
            'text-size': 12,
            'text-allow-overlap': true,
            'text-ignore-placement': true,
          },
          paint: { 'text-color': '#ffffff' },
        },
      },
    ],
  };
}
