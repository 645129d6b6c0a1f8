// Declarative map vocabulary shared by layers/ and views/. Type-only: nothing here loads maplibre.
export type {
  LayerSpecification,
  SourceSpecification,
  ExpressionSpecification,
  FilterSpecification,
  DataDrivenPropertyValueSpecification,
} from 'maplibre-gl';

import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

/** A pattern image given as raw RGBA pixels. */
export interface PatternImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Where a style layer sits in the stack; layers of all definitions are ordered by slot first. */
export type LayerSlot = 'basemap' | 'fill' | 'overlay' | 'heat' | 'line' | 'point' | 'label';
export const SLOT_ORDER: readonly LayerSlot[] = ['basemap', 'fill', 'overlay', 'heat', 'line', 'point', 'label'];

export interface SlottedLayer {
  slot: LayerSlot;
  spec: LayerSpecification;
}

/** One layer definition: its sources and the style layers drawn from them. */
export interface LayerDefinition {
  sources: Record<string, SourceSpecification>;
  layers: SlottedLayer[];
  images?: Record<string, PatternImage>;
}

export interface MapFeatureHit {
  layerId: string;
  source: string;
  id: string | number | undefined;
  properties: Record<string, unknown>;
}

export type LngLatBBox = [number, number, number, number];

export interface CameraTarget {
  bbox: LngLatBBox;
  /** Change the key to fly again to the same box. */
  key: number;
  maxZoom?: number;
  /** Screen space kept free for panels over the map, in pixels. */
  padding?: { top: number; right: number; bottom: number; left: number };
  /** Jump instead of flying (the first view: an animation would retile every source on the way). */
  instant?: boolean;
}
