import { describe, expect, it } from 'vitest';
import { labelPoint, labelPoints } from '../src/lib/label-point.ts';
import { createArea } from './fixtures.ts';

describe('labelPoint', () => {
  it('puts the label of a square at its centre', () => {
    const p = labelPoint({ type: 'Polygon', coordinates: [[[114, 32], [114.1, 32], [114.1, 32.1], [114, 32.1], [114, 32]]] })!;
    expect(p[0]).toBeCloseTo(114.05, 3);
    expect(p[1]).toBeCloseTo(32.05, 3);
  });
  it('keeps the label of an L-shaped area inside it, where its bounding-box centre is not', () => {
    // L shape: the box centre (0.5, 0.5) lies in the missing upper-right quarter.
    const ring = [[0, 0], [1, 0], [1, 0.4], [0.4, 0.4], [0.4, 1], [0, 1], [0, 0]];
    const [x, y] = labelPoint({ type: 'Polygon', coordinates: [ring] })!;
    expect(x < 0.4 || y < 0.4).toBe(true);
  });
  it('labels the largest part of a multipolygon', () => {
    const small = [[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]]];
    const big = [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]];
    const [x] = labelPoint({ type: 'MultiPolygon', coordinates: [small, big] })!;
    expect(x).toBeGreaterThan(5);
  });
  it('makes one point per area with its code and name', () => {
    const fc = labelPoints({ type: 'FeatureCollection', features: [createArea(), createArea({ code: 'x', name: '龙潭村' })] });
    expect(fc.features.map((f) => f.properties)).toEqual([
      { code: '411502100201', name: '胡家湾村' },
      { code: 'x', name: '龙潭村' },
    ]);
  });
});
