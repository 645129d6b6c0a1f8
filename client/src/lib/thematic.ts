// The thematic model of the map: which value colours the areas, its classes and the warning class.
import type { AreaLevel } from '../../../server/src/contract/vocab.ts';
import type { AreaCollection, AreaFeature } from '../api/types.ts';
import { quantileBreaks, buildClasses, type ThematicClass } from './classes.ts';
import { computeDensity, DENSITY_PROPERTY, DENSITY_UNITS, type DensityUnit } from './density.ts';
import { formatDecimal } from './format.ts';
import { LEVEL_COUNT_NOUNS } from './labels.ts';

export type Theme = 'coverage' | 'density';

export const THEMES: Record<Theme, string> = { coverage: '调解覆盖', density: '纠纷密度' };

export const COVERAGE_RAMP = ['#dce8f4', '#b2cce6', '#7fa8d2', '#4b80bb', '#275c99', '#143c6e'] as const;
export const DENSITY_RAMP = ['#fbf1d9', '#f7d89e', '#efb668', '#e08a44', '#c25f2c', '#8c3b1b'] as const;
export const WARNING_COLOR = '#c8102e';
export const NO_DATA_COLOR = '#e3e6ea';

export interface ThematicModel {
  theme: Theme;
  level: AreaLevel;
  title: string;
  unit: string;
  /** Feature property the classes apply to. */
  property: string;
  classes: ThematicClass[];
  /** Coverage only: areas without an active mediator. */
  zero: { count: number; label: string; color: string } | null;
  noData: { count: number; label: string; color: string } | null;
}

/** Adds the densities the map colours by; returns a new collection so map sources update. */
export function enrichAreas(fc: AreaCollection): AreaCollection {
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => ({
      ...f,
      properties: {
        ...f.properties,
        [DENSITY_PROPERTY.km2]: computeDensity(f.properties, 'km2'),
        [DENSITY_PROPERTY.per10k]: computeDensity(f.properties, 'per10k'),
      },
    })),
  };
}

/** Rounds a class bound down to two significant digits so legend labels stay readable. */
export function niceFloor(n: number): number {
  if (n <= 0) return 0;
  const mag = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Number((Math.floor(n / mag + 1e-9) * mag).toPrecision(2));
}

export function buildThematic(
  features: readonly AreaFeature[],
  theme: Theme,
  level: AreaLevel,
  densityUnit: DensityUnit,
): ThematicModel {
  if (theme === 'coverage') {
    const counts = features.map((f) => f.properties.mediator_count ?? 0);
    const positive = counts.filter((c) => c > 0);
    const zeroCount = counts.length - positive.length;
    return {
      theme,
      level,
      title: '调解员覆盖（在岗人数）',
      unit: '人',
      property: 'mediator_count',
      classes: buildClasses(positive, quantileBreaks(positive, 5), COVERAGE_RAMP, { integer: true }),
      zero: { count: zeroCount, label: `无调解员覆盖：${zeroCount} ${LEVEL_COUNT_NOUNS[level]}`, color: WARNING_COLOR },
      noData: null,
    };
  }
  const prop = DENSITY_PROPERTY[densityUnit];
  const values: number[] = [];
  let missing = 0;
  for (const f of features) {
    const d = computeDensity(f.properties, densityUnit);
    if (d === null) missing += 1;
    else values.push(d);
  }
  const raw = quantileBreaks(values, 5);
  const bounds = [...new Set(raw.map((b, i) => (i === 0 ? 0 : niceFloor(b))))].sort((a, b) => a - b);
  return {
    theme,
    level,
    title: `纠纷密度（${DENSITY_UNITS[densityUnit].label}）`,
    unit: DENSITY_UNITS[densityUnit].unit,
    property: prop,
    classes: buildClasses(values, bounds, DENSITY_RAMP, { format: formatDecimal }),
    zero: null,
    noData: missing > 0 ? { count: missing, label: '无面积或人口数据', color: NO_DATA_COLOR } : null,
  };
}
