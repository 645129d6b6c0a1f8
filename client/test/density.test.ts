import { describe, expect, it } from 'vitest';
import { computeDensity } from '../src/lib/density.ts';

describe('computeDensity', () => {
  it('gives cases per km²', () => {
    expect(computeDensity({ case_count: 10, area_km2: 4, population_est: 2000 }, 'km2')).toBe(2.5);
  });
  it('gives cases per 10,000 residents', () => {
    // 10 cases in 2,000 people → 50 per 万人
    expect(computeDensity({ case_count: 10, area_km2: 4, population_est: 2000 }, 'per10k')).toBe(50);
  });
  it('is zero for an area without cases', () => {
    expect(computeDensity({ case_count: 0, area_km2: 4, population_est: 2000 }, 'km2')).toBe(0);
  });
  it('is null when the denominator is unknown or zero', () => {
    expect(computeDensity({ case_count: 3, area_km2: null, population_est: 100 }, 'km2')).toBeNull();
    expect(computeDensity({ case_count: 3, area_km2: 0, population_est: 100 }, 'km2')).toBeNull();
    expect(computeDensity({ case_count: 3, area_km2: 1, population_est: null }, 'per10k')).toBeNull();
    expect(computeDensity({ case_count: 3, area_km2: 1, population_est: 0 }, 'per10k')).toBeNull();
  });
});
