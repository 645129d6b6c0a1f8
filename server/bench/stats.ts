// Small helpers for benchmark figures: medians and percentiles of repeated timings.
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
export const median = (xs: number[]) => percentile(xs, 50);

export async function timeIt(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
