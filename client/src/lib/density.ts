// Dispute density of an area: cases per km² or per 10,000 residents (万人).

export type DensityUnit = 'km2' | 'per10k';

export const DENSITY_UNITS: Record<DensityUnit, { label: string; unit: string }> = {
  km2: { label: '每平方公里', unit: '件/km²' },
  per10k: { label: '每万人', unit: '件/万人' },
};

export interface DensityInput {
  case_count: number;
  area_km2: number | null;
  population_est: number | null;
}

/** Cases per unit, or null when the denominator is unknown or zero (the area has no density). */
export function computeDensity(p: DensityInput, unit: DensityUnit): number | null {
  const cases = Number.isFinite(p.case_count) ? p.case_count : 0;
  if (unit === 'km2') {
    return p.area_km2 !== null && p.area_km2 > 0 ? cases / p.area_km2 : null;
  }
  return p.population_est !== null && p.population_est > 0 ? (cases * 10_000) / p.population_est : null;
}

/** Property names the map's expressions read the precomputed densities from. */
export const DENSITY_PROPERTY: Record<DensityUnit, string> = {
  km2: 'density_km2',
  per10k: 'density_per10k',
};
