// Merges layer definitions into the one ordered list MapView draws: by slot, then by definition order.
import { SLOT_ORDER, type LayerDefinition, type LayerSpecification, type PatternImage, type SourceSpecification } from '../map/types.ts';

export interface ComposedLayers {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  images: Record<string, PatternImage>;
}

export function composeLayers(defs: readonly LayerDefinition[]): ComposedLayers {
  const sources: Record<string, SourceSpecification> = {};
  const images: Record<string, PatternImage> = {};
  for (const d of defs) {
    Object.assign(sources, d.sources);
    Object.assign(images, d.images ?? {});
  }
  const layers = SLOT_ORDER.flatMap((slot) => defs.flatMap((d) => d.layers.filter((l) => l.slot === slot).map((l) => l.spec)));
  return { sources, layers, images };
}
