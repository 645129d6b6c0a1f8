// Class breaks for thematic maps: quantile or fixed breaks, with colours and legend labels.

export interface ThematicClass {
  /** Inclusive lower bound. */
  min: number;
  /** Exclusive upper bound; null for the open last class. */
  max: number | null;
  color: string;
  label: string;
  count: number;
}

export interface ClassOptions {
  /** Values are whole numbers (counts of people): labels read "1–2", not "1 – 3". */
  integer?: boolean;
  /** Formats a bound for the label. */
  format?: (n: number) => string;
}

/**
 * Lower bounds of up to `k` classes holding about equal numbers of values.
 * Duplicate bounds collapse, so skewed data yields fewer classes; the first bound is the minimum.
 */
export function quantileBreaks(values: readonly number[], k: number): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0 || k < 1) return [];
  const bounds: number[] = [sorted[0]!];
  for (let i = 1; i < k; i++) {
    const b = sorted[Math.floor((i * sorted.length) / k)]!;
    if (b > bounds[bounds.length - 1]!) bounds.push(b);
  }
  return bounds;
}

/** Index of the class whose range holds `value` (lower bounds ascending), or -1 below the first. */
export function classIndex(value: number, lowerBounds: readonly number[]): number {
  let idx = -1;
  for (let i = 0; i < lowerBounds.length; i++) if (value >= lowerBounds[i]!) idx = i;
  return idx;
}

/** Picks `n` colours spread over a ramp (first to last). */
export function pickColors(ramp: readonly string[], n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [ramp[Math.floor((ramp.length - 1) / 2)]!];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]!);
}

/** Builds labelled classes from lower bounds, counting the values in each. */
export function buildClasses(
  values: readonly number[],
  lowerBounds: readonly number[],
  ramp: readonly string[],
  options: ClassOptions = {},
): ThematicClass[] {
  const fmt = options.format ?? ((n: number) => String(n));
  const colors = pickColors(ramp, lowerBounds.length);
  const counts = new Array<number>(lowerBounds.length).fill(0);
  for (const v of values) {
    const i = classIndex(v, lowerBounds);
    if (i >= 0) counts[i]! += 1;
  }
  return lowerBounds.map((min, i) => {
    const max = i + 1 < lowerBounds.length ? lowerBounds[i + 1]! : null;
    let label: string;
    if (max === null) label = `≥ ${fmt(min)}`;
    else if (options.integer) label = max - 1 <= min ? fmt(min) : `${fmt(min)}–${fmt(max - 1)}`;
    else label = `${fmt(min)} – ${fmt(max)}`;
    return { min, max, color: colors[i]!, label, count: counts[i]! };
  });
}

/** Quantile classes over `values` (k at most). */
export function quantileClasses(
  values: readonly number[],
  k: number,
  ramp: readonly string[],
  options: ClassOptions = {},
): ThematicClass[] {
  return buildClasses(values, quantileBreaks(values, k), ramp, options);
}

/** Fixed breaks: classes start at each bound, only those up to the largest value are kept. */
export function fixedClasses(
  values: readonly number[],
  bounds: readonly number[],
  ramp: readonly string[],
  options: ClassOptions = {},
): ThematicClass[] {
  const max = values.length ? Math.max(...values) : bounds[0] ?? 0;
  const used = bounds.filter((b, i) => i === 0 || b <= max);
  return buildClasses(values, used, ramp, options);
}
