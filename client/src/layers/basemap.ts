// Optional raster basemap (an XYZ template such as Tianditu), drawn under our layers. Off by default.
import type { LayerDefinition } from '../map/types.ts';

export function basemapLayer(url: string | null): LayerDefinition {
  if (!url) return { sources: {}, layers: [] };
  return {
    sources: { basemap: { type: 'raster', tiles: [url], tileSize: 256 } },
    layers: [{ slot: 'basemap', spec: { id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.85 } } }],
  };
}
