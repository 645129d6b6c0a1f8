// Style pieces shared by the area layers (townships, villages, grids).
import type { ExpressionSpecification, PatternImage } from '../map/types.ts';
import { NO_DATA_COLOR, WARNING_COLOR, type ThematicModel } from '../lib/thematic.ts';
import { LABEL_FONT_STACK } from '../map/glyphs.ts';
import type { AreaCollection } from '../api/types.ts';

export const HATCH_IMAGE = 'hatch-uncovered';

export const EMPTY_AREAS: AreaCollection = { type: 'FeatureCollection', features: [] };

export { LABEL_FONT_STACK };

/** Diagonal white stripes on transparent pixels, drawn over the warning colour of uncovered areas. */
export function hatchPattern(size = 16, stripe = 3): PatternImage {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const on = (x + y) % (size / 2) < stripe;
      const i = (y * size + x) * 4;
      data[i] = 255;
      data[i + 1] = 255;
      data[i + 2] = 255;
      data[i + 3] = on ? 150 : 0;
    }
  }
  return { width: size, height: size, data };
}

export const hoverState: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
export const selectedState: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** The fill colour of a thematic layer: classes by step, with the warning and no-data colours. */
export function thematicColor(model: ThematicModel): ExpressionSpecification | string {
  const value: ExpressionSpecification = ['to-number', ['coalesce', ['get', model.property], 0]];
  const [first, ...rest] = model.classes;
  const step: ExpressionSpecification | string = first
    ? rest.length
      ? (['step', value, first.color, ...rest.flatMap((c) => [c.min, c.color])] as unknown as ExpressionSpecification)
      : first.color
    : NO_DATA_COLOR;
  if (model.theme === 'coverage') {
    return ['case', ['<=', ['to-number', ['coalesce', ['get', 'mediator_count'], 0]], 0], WARNING_COLOR, step];
  }
  return ['case', ['==', ['typeof', ['get', model.property]], 'number'], step, NO_DATA_COLOR];
}

export const uncoveredFilter: ExpressionSpecification = ['<=', ['to-number', ['coalesce', ['get', 'mediator_count'], 0]], 0];
