// The what-if throttle of the planning view's drag: at most one request in flight, the latest wins.
import { describe, expect, it } from 'vitest';
import { latestOnly } from '../src/views/planning/latest.ts';

function deferred() {
  const calls: { q: number; resolve: (a: string) => void; signal: AbortSignal }[] = [];
  const run = (q: number, signal: AbortSignal) => new Promise<string>((resolve) => { calls.push({ q, resolve, signal }); });
  return { calls, run };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('latestOnly', () => {
  it('sends one request at a time and then only the newest of those asked for meanwhile', async () => {
    const { calls, run } = deferred();
    const answers: string[] = [];
    const l = latestOnly(run, (a) => answers.push(a), () => {});
    l.request(1); l.request(2); l.request(3); l.request(4);
    expect(calls.map((c) => c.q)).toEqual([1]);
    calls[0]!.resolve('a1');
    await tick();
    expect(answers).toEqual(['a1']);
    expect(calls.map((c) => c.q)).toEqual([1, 4]); // 2 and 3 were superseded
    calls[1]!.resolve('a4');
    await tick();
    expect(answers).toEqual(['a1', 'a4']);
    l.request(5);
    expect(calls.map((c) => c.q)).toEqual([1, 4, 5]);
  });

  it('cancel drops the queued request and the answer in flight', async () => {
    const { calls, run } = deferred();
    const answers: string[] = [];
    const l = latestOnly(run, (a) => answers.push(a), () => {});
    l.request(1); l.request(2);
    l.cancel();
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.resolve('late');
    await tick();
    expect(answers).toEqual([]);
    expect(calls).toHaveLength(1);
    l.request(3);
    expect(calls.map((c) => c.q)).toEqual([1, 3]);
  });
});
