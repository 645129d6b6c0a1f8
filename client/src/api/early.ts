// Answers asked for ahead of the code that reads them. A fresh page load of a map view waits first for its
// JavaScript (the map library is a megabyte), then for the map to be created, and only then did the view
// ask for its data; the app shell asks for it as soon as the session is known (App.tsx), and the view's
// first GET of the same path takes the answer in flight instead of asking again. Used only by the
// clients' default fetch (api/client.ts, api/cases.ts): a test's own fetch never sees these.

/** An answer not taken within this time is dropped: the view asks again, so nothing stale is shown. */
const HOLD_MS = 15_000;

const early = new Map<string, { at: number; res: Promise<Response> }>();

/** Starts GETs of these same-origin API paths now (once each while they wait). */
export function fetchEarly(paths: readonly string[], now = Date.now()): void {
  for (const path of paths) {
    if (early.has(path)) continue;
    const res = globalThis.fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    res.catch(() => undefined); // a failure is the taker's to report (a network error), or nobody's
    early.set(path, { at: now, res });
  }
}

/** The answer to a GET of `path` started early, once; null when there is none (or it is too old). */
export function takeEarly(path: string, now = Date.now()): Promise<Response> | null {
  const e = early.get(path);
  if (!e) return null;
  early.delete(path);
  return now - e.at <= HOLD_MS ? e.res : null;
}

/** Login and logout: answers asked for under the previous session are not this one's. */
export function forgetEarly(): void {
  early.clear();
}

/** The default fetch of the API clients: a GET takes an early answer of its path when there is one. */
export function fetchTakingEarly(input: string, init?: RequestInit): Promise<Response> {
  if ((init?.method ?? 'GET') === 'GET') {
    const res = takeEarly(input);
    if (res) return res;
  }
  return globalThis.fetch(input, init);
}
