// 网格: grid cells, the smallest management unit; thin dashed outlines, no labels.
import { areaLayer, type AreaLayerOptions } from './area-layer.ts';

export const gridsLayer = (opts: AreaLayerOptions) =>
  areaLayer(
    {
      source: 'grids',
      idPrefix: 'grids',
      lineColor: '#7d8ba3',
      lineWidth: [0.3, 1],
      lineDash: [3, 2],
    },
    opts,
  );
