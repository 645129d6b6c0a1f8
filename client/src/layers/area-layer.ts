// Builds the fill, hatch, line and label layers of one area level; the per-level files set the look.
import type { LayerDefinition, SlottedLayer, ExpressionSpecification } from '../map/types.ts';
import type { AreaCollection } from '../api/types.ts';
import type { ThematicModel } from '../lib/thematic.ts';
import { labelPoints } from '../lib/label-point.ts';

// Label points are computed once per loaded collection.
const labelCache = new WeakMap<AreaCollection, ReturnType<typeof labelPoints>>();
function cachedLabelPoints(fc: AreaCollection) {
  let v = labelCache.get(fc);
  if (!v) {
    v = labelPoints(fc);
    labelCache.set(fc, v);
  }
  return v;
}
import { HATCH_IMAGE, LABEL_FONT_STACK, hatchPattern, hoverState, selectedState, thematicColor, uncoveredFilter } from './area-style.ts';

const NO_LABELS = { type: 'FeatureCollection', features: [] } as const;

export interface AreaLayerOptions {
  data: AreaCollection;
  visible: boolean;
  /** Set when this level carries the thematic colouring. */
  thematic: ThematicModel | null;
  /** false: the label layer's data is left out for now (a view that draws its outlines first). */
  labels?: boolean;
}

export interface AreaLook {
  source: string;
  idPrefix: string;
  lineColor: string;
  lineWidth: [number, number]; // at zoom 8 and 14
  lineDash?: number[];
  label?: { size: [number, number]; color: string; minzoom: number; maxzoom?: number; weightHalo: number };
}

export function areaLayer(look: AreaLook, opts: AreaLayerOptions): LayerDefinition {
  const visibility = opts.visible ? 'visible' : 'none';
  const { source, idPrefix: p } = look;
  const t = opts.thematic;
  const widthAt = (w: number): ExpressionSpecification => ['case', selectedState, w * 2.4, hoverState, w * 1.8, w];
  const layers: SlottedLayer[] = [
    {
      slot: 'fill',
      spec: {
        id: `${p}-fill`,
        type: 'fill',
        source,
        layout: { visibility },
        paint: t
          ? {
              'fill-color': thematicColor(t),
              'fill-opacity': ['case', hoverState, 0.95, selectedState, 0.95, 0.82],
              'fill-antialias': true,
            }
          : {
              'fill-color': '#1b3a6b',
              'fill-opacity': ['case', selectedState, 0.12, hoverState, 0.08, 0],
              // A faint tint under the level's own line: its antialiased edge would be a second shader
              // program to compile (and a second pass) for nothing visible.
              'fill-antialias': false,
            },
      },
    },
    {
      slot: 'overlay',
      spec: {
        id: `${p}-uncovered`,
        type: 'fill',
        source,
        filter: uncoveredFilter,
        layout: { visibility: opts.visible && t?.theme === 'coverage' ? 'visible' : 'none' },
        paint: { 'fill-pattern': HATCH_IMAGE },
      },
    },
    {
      slot: 'line',
      spec: {
        id: `${p}-line`,
        type: 'line',
        source,
        layout: { visibility, 'line-join': 'round' },
        paint: {
          'line-color': ['case', selectedState, '#0d2447', look.lineColor],
          'line-width': ['interpolate', ['linear'], ['zoom'], 8, widthAt(look.lineWidth[0]), 14, widthAt(look.lineWidth[1])],
          ...(look.lineDash ? { 'line-dasharray': look.lineDash } : {}),
        },
      },
    },
  ];
  if (look.label) {
    const l = look.label;
    layers.push({
      slot: 'label',
      spec: {
        id: `${p}-label`,
        type: 'symbol',
        source: `${source}-labels`,
        minzoom: l.minzoom,
        ...(l.maxzoom !== undefined ? { maxzoom: l.maxzoom } : {}),
        layout: {
          visibility,
          'text-field': ['get', 'name'],
          'text-font': LABEL_FONT_STACK,
          'text-size': ['interpolate', ['linear'], ['zoom'], 8, l.size[0], 14, l.size[1]],
          'text-max-width': 8,
          'text-padding': 4,
          'symbol-placement': 'point',
        },
        paint: {
          'text-color': l.color,
          'text-halo-color': 'rgba(255,255,255,0.92)',
          'text-halo-width': l.weightHalo,
          'text-halo-blur': 0.4,
        },
      },
    });
  }
  return {
    sources: {
      [source]: { type: 'geojson', data: opts.data as never, promoteId: 'code' },
      ...(look.label ? { [`${source}-labels`]: { type: 'geojson' as const, data: (opts.labels === false ? NO_LABELS : cachedLabelPoints(opts.data)) as never } } : {}),
    },
    layers,
    images: { [HATCH_IMAGE]: hatchPattern() },
  };
}
