import seedrandom from 'seedrandom';

export interface Rng {
  (): number;
  int(lo: number, hi: number): number; // inclusive
  pick<T>(xs: readonly T[]): T;
  normal(): number;
  weighted<T>(xs: readonly T[], w: readonly number[]): T;
  shuffle<T>(xs: T[]): T[];
  chance(p: number): boolean;
}

/** A deterministic random stream named `${seed}:${name}`, so stages don't disturb each other. */
export function makeRng(seed: string, name: string): Rng {
  const base = seedrandom(`${seed}:${name}`);
  const r = (() => base()) as Rng;
  r.int = (lo, hi) => lo + Math.floor(base() * (hi - lo + 1));
  r.pick = (xs) => {
    if (xs.length === 0) throw new Error('pick from empty list');
    return xs[Math.floor(base() * xs.length)] as (typeof xs)[number];
  };
  r.normal = () => {
    const u = 1 - base();
    const v = base();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  r.weighted = (xs, w) => {
    let total = 0;
    for (const x of w) total += x;
    let t = base() * total;
    for (let i = 0; i < xs.length; i++) {
      t -= w[i] ?? 0;
      if (t < 0) return xs[i] as (typeof xs)[number];
    }
    return xs[xs.length - 1] as (typeof xs)[number];
  };
  r.shuffle = (xs) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(base() * (i + 1));
      const t = xs[i] as (typeof xs)[number];
      xs[i] = xs[j] as (typeof xs)[number];
      xs[j] = t;
    }
    return xs;
  };
  r.chance = (p) => base() < p;
  return r;
}

/** Integers proportional to `weights` that add up to `total` exactly (largest remainder; ties by index). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new Error('largestRemainder: weights must add up to more than 0');
  const exact = weights.map((w) => (w / sum) * total);
  const floors = exact.map((x) => Math.floor(x));
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    rest--;
  }
  return floors;
}
