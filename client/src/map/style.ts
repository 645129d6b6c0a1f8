// The base style: a plain light background, no basemap, no glyph server, no sprite.
import type { StyleSpecification } from 'maplibre-gl';

export const BACKGROUND_COLOR = '#eef1f5';

export function baseStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
}
