// "Latest wins, one at a time": the what-if requests of a dragged mediator. While one request is in
// flight, newer ones only replace the queued one; when the answer comes, the newest queued request is
// sent. So a drag never has more than one request in flight, the figures follow the mouse as fast as
// the server answers, and the last position is always asked for. Plain TypeScript, unit-tested.
export interface LatestOnly<Q> {
  request(q: Q): void;
  /** Forgets the queued request and ignores the answer of the one in flight (which is aborted). */
  cancel(): void;
}

export function latestOnly<Q, A>(
  run: (q: Q, signal: AbortSignal) => Promise<A>,
  onAnswer: (a: A, q: Q) => void,
  onError: (e: unknown, q: Q) => void,
): LatestOnly<Q> {
  let inFlight: AbortController | null = null;
  let queued: { q: Q } | null = null;
  const start = (q: Q) => {
    const ctrl = new AbortController();
    inFlight = ctrl;
    run(q, ctrl.signal).then(
      (a) => { if (!ctrl.signal.aborted) onAnswer(a, q); },
      (e: unknown) => { if (!ctrl.signal.aborted) onError(e, q); },
    ).finally(() => {
      if (inFlight !== ctrl) return; // cancelled meanwhile
      inFlight = null;
      const next = queued;
      queued = null;
      if (next) start(next.q);
    });
  };
  return {
    request(q) {
      if (inFlight) queued = { q };
      else start(q);
    },
    cancel() {
      queued = null;
      inFlight?.abort();
      inFlight = null;
    },
  };
}
