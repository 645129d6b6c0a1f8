// The coverage rule, once: radius per unit class and the verdict with its reasons. Pure functions,
// used by the API (on the SQL's rows), the what-if model and the best-sites search alike.
import { COVERAGE_DEFAULTS, type CoverageReason, type CoverageParamsParsed } from '../../contract/coverage.ts';

export interface Radii { radius_urban_m: number; radius_rural_m: number }

/** One `radius_m` overrides both classes; otherwise each class its own value or the default. */
export function radiiOf(p: Pick<CoverageParamsParsed, 'radius_m' | 'radius_urban_m' | 'radius_rural_m'>): Radii {
  if (p.radius_m !== undefined) return { radius_urban_m: p.radius_m, radius_rural_m: p.radius_m };
  return {
    radius_urban_m: p.radius_urban_m ?? COVERAGE_DEFAULTS.radius_urban_m,
    radius_rural_m: p.radius_rural_m ?? COVERAGE_DEFAULTS.radius_rural_m,
  };
}

export const radiusFor = (urban: boolean, r: Radii) => (urban ? r.radius_urban_m : r.radius_rural_m);

/** Covered: someone active is responsible AND the nearest active mediator is within the radius (inclusive). */
export function verdict(responsibleCount: number, nearestM: number | null, radiusM: number): { covered: boolean; reasons: CoverageReason[] } {
  const reasons: CoverageReason[] = [];
  if (responsibleCount === 0) reasons.push('no_responsible_mediator');
  if (nearestM === null || nearestM > radiusM) reasons.push('too_far');
  return { covered: reasons.length === 0, reasons };
}
