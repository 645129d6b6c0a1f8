import { describe, expect, it } from 'vitest';
import { buildClasses, classIndex, fixedClasses, pickColors, quantileBreaks, quantileClasses } from '../src/lib/classes.ts';
import { buildThematic, enrichAreas, niceFloor, WARNING_COLOR } from '../src/lib/thematic.ts';
import { createArea } from './fixtures.ts';

const RAMP = ['#a', '#b', '#c', '#d', '#e'];

describe('quantileBreaks', () => {
  it('splits sorted values into classes of about equal size', () => {
    expect(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toEqual([1, 3, 5, 7, 9]);
  });
  it('collapses duplicate bounds for skewed data', () => {
    // positions 2, 4, 6, 8 of the sorted values hold 1, 1, 1, 3
    expect(quantileBreaks([1, 1, 1, 1, 1, 1, 1, 2, 3, 4], 5)).toEqual([1, 3]);
  });
  it('is empty without values', () => {
    expect(quantileBreaks([], 5)).toEqual([]);
  });
  it('ignores values that are not finite', () => {
    expect(quantileBreaks([Number.NaN, 2, Infinity, 4], 2)).toEqual([2, 4]);
  });
});

describe('classIndex', () => {
  it('finds the class with the largest lower bound not above the value', () => {
    expect(classIndex(0.5, [0, 1, 2])).toBe(0);
    expect(classIndex(1, [0, 1, 2])).toBe(1);
    expect(classIndex(99, [0, 1, 2])).toBe(2);
    expect(classIndex(-1, [0, 1, 2])).toBe(-1);
  });
});

describe('buildClasses', () => {
  it('labels integer classes by their whole numbers and counts members', () => {
    const classes = buildClasses([1, 2, 2, 3, 4, 7], [1, 2, 3, 5], RAMP, { integer: true });
    expect(classes.map((c) => c.label)).toEqual(['1', '2', '3–4', '≥ 5']);
    expect(classes.map((c) => c.count)).toEqual([1, 2, 2, 1]);
    expect(classes[3]!.max).toBeNull();
  });
  it('labels continuous classes by their bounds', () => {
    const classes = buildClasses([0.2, 1.5], [0, 1], RAMP, { format: (n) => n.toFixed(1) });
    expect(classes.map((c) => c.label)).toEqual(['0.0 – 1.0', '≥ 1.0']);
  });
  it('spreads colours over the ramp from light to dark', () => {
    expect(pickColors(RAMP, 3)).toEqual(['#a', '#c', '#e']);
    expect(quantileClasses([1, 2, 3], 2, RAMP).map((c) => c.color)).toEqual(['#a', '#e']);
  });
  it('keeps only fixed breaks that values reach', () => {
    expect(fixedClasses([1, 2, 3], [1, 2, 5, 10], RAMP, { integer: true }).map((c) => c.label)).toEqual(['1', '≥ 2']);
  });
});

describe('buildThematic', () => {
  it('puts areas without mediators in the warning class, outside the quantile classes', () => {
    const features = [0, 0, 1, 2, 3, 4].map((m, i) => createArea({ code: `c${i}`, mediator_count: m }));
    const model = buildThematic(features, 'coverage', 'village', 'km2');
    expect(model.zero).toEqual({ count: 2, label: '无调解员覆盖：2 个村(社区)', color: WARNING_COLOR });
    expect(model.classes.reduce((s, c) => s + c.count, 0)).toBe(4);
    expect(model.unit).toBe('人');
  });
  it('classes densities from zero and counts areas without a denominator', () => {
    const features = [
      createArea({ code: 'a', case_count: 0, area_km2: 10 }),
      createArea({ code: 'b', case_count: 5, area_km2: 10 }),
      createArea({ code: 'c', case_count: 30, area_km2: 10 }),
      createArea({ code: 'd', case_count: 3, area_km2: null }),
    ];
    const model = buildThematic(features, 'density', 'village', 'km2');
    expect(model.classes[0]!.min).toBe(0);
    expect(model.noData?.count).toBe(1);
    expect(model.unit).toBe('件/km²');
    expect(model.zero).toBeNull();
  });
  it('rounds class bounds down to two significant digits', () => {
    expect(niceFloor(1.2345)).toBe(1.2);
    expect(niceFloor(0.04567)).toBeCloseTo(0.045, 10);
    expect(niceFloor(1234)).toBe(1200);
  });
  it('enriches features with both densities for the map expressions', () => {
    const fc = enrichAreas({ type: 'FeatureCollection', features: [createArea({ case_count: 10, area_km2: 5, population_est: 2500 })] });
    const p = fc.features[0]!.properties as unknown as Record<string, unknown>;
    expect(p.density_km2).toBe(2);
    expect(p.density_per10k).toBe(40);
  });
});
