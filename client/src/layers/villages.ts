// 村(社区): village-level polygons, labelled once zoomed in far enough to read them.
import { areaLayer, type AreaLayerOptions } from './area-layer.ts';

export const villagesLayer = (opts: AreaLayerOptions) =>
  areaLayer(
    {
      source: 'villages',
      idPrefix: 'villages',
      lineColor: '#5a6f91',
      lineWidth: [0.5, 1.4],
      label: { size: [10.5, 13.5], color: '#33435e', minzoom: 10.6, weightHalo: 1.4 },
    },
    opts,
  );
