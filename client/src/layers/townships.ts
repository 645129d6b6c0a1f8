// 乡镇(街道): township-level polygons, the district's top division, with labels at every zoom.
import { areaLayer, type AreaLayerOptions } from './area-layer.ts';

export const townshipsLayer = (opts: AreaLayerOptions) =>
  areaLayer(
    {
      source: 'townships',
      idPrefix: 'townships',
      lineColor: '#1b3a6b',
      lineWidth: [1.3, 2.6],
      label: { size: [12.5, 17], color: '#10284d', minzoom: 0, weightHalo: 1.8 },
    },
    opts,
  );
