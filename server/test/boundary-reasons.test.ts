// Issue 17: GEOS validity reasons are shown in Chinese with their place, never GEOS's English text.
import { describe, expect, it } from 'vitest';
import { reasonText } from '../src/services/boundaries/preview.ts';

describe('reasonText', () => {
  it('translates each GEOS kind and gives the place', () => {
    expect(reasonText('Self-intersection[114.06 32.12]')).toBe('自相交，位置约在东经 114.06000°、北纬 32.12000°');
    expect(reasonText('Ring Self-intersection[114.1 32.2]')).toMatch(/^环自相交，位置约在东经 114\.10000°/);
    expect(reasonText('Too few points in geometry component[114 32]')).toMatch(/^顶点过少/);
    expect(reasonText('Hole lies outside shell[114 32]')).toMatch(/^内环在外环之外/);
    expect(reasonText('Nested holes[114 32]')).toMatch(/^内环相互嵌套/);
    expect(reasonText('Invalid Coordinate[NaN 32]')).toMatch(/^坐标无效/);
    for (const r of ['Self-intersection[114.06 32.12]', 'Nested shells[1 2]', 'Interior is disconnected[1 2]']) expect(reasonText(r)).not.toMatch(/[A-Za-z]/);
  });
});
