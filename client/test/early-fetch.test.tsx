// Issue 15, the first opening: 案件分流's first answers are asked for ahead of the view (api/early.ts) and
// taken by the view's own first requests. Checks the hand-over (once, same path, GET only, not stale, not
// across a login) and that the paths asked for early are the ones the view and its queue then ask for.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/react';
import { fetchEarly, fetchTakingEarly, forgetEarly, takeEarly } from '../src/api/early.ts';
import { createApiClient } from '../src/api/client.ts';
import { createCasesClient } from '../src/api/cases.ts';
import { CaseQueue } from '../src/views/dispatch/CaseQueue.tsx';
import { dispatchFirstRequests } from '../src/views/dispatch/first-requests.ts';

const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

beforeEach(() => forgetEarly());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  forgetEarly();
});

describe('early answers', () => {
  it('are taken once, by a GET of the same path, and only while fresh', async () => {
    const fetch = vi.fn(async (path: string) => answer({ path }));
    vi.stubGlobal('fetch', fetch);
    fetchEarly(['/api/a', '/api/b'], 1000);
    fetchEarly(['/api/a'], 1000); // already waiting: not asked twice
    fetchEarly(['/api/c']);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(await (await takeEarly('/api/a', 2000))!.json()).toEqual({ path: '/api/a' });
    expect(takeEarly('/api/a', 2000)).toBeNull();
    expect(takeEarly('/api/b', 1000 + 16_000)).toBeNull(); // too old: the view asks again
    // A write never takes one; a GET through the clients' default fetch does, then asks the network.
    await fetchTakingEarly('/api/c', { method: 'POST' });
    expect(fetch).toHaveBeenCalledTimes(4);
    const res = await fetchTakingEarly('/api/c', { method: 'GET' });
    expect(await res.json()).toEqual({ path: '/api/c' });
    expect(fetch).toHaveBeenCalledTimes(4);
    await fetchTakingEarly('/api/c');
    expect(fetch).toHaveBeenCalledTimes(5);
  });

  it('are dropped at login: they were asked for under the previous session', async () => {
    const fetch = vi.fn(async (path: string) => (path === '/api/auth/login' ? answer({ user: { id: 1 }, csrfToken: 't' }) : answer({ path })));
    vi.stubGlobal('fetch', fetch);
    fetchEarly(['/api/config']);
    await createApiClient().login('dispatcher', 'x');
    expect(takeEarly('/api/config')).toBeNull();
  });

  it('reach the client as a network error when the early request failed', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    fetchEarly(['/api/config']);
    await expect(createApiClient().config()).rejects.toMatchObject({ code: 'network_error' });
  });
});

describe('案件分流 first requests', () => {
  it('are the paths the view and its queue ask for when they open', async () => {
    const asked: string[] = [];
    const rec = vi.fn(async (path: string) => {
      asked.push(path);
      return answer(path.startsWith('/api/cases') ? { items: [], total: 0, page: 1, page_size: 20 } : path.startsWith('/api/areas') ? { type: 'FeatureCollection', features: [] } : {});
    });
    const client = createApiClient('', rec);
    const cases = createCasesClient({ fetch: rec });
    // What DispatchView asks for (DispatchView.tsx: config, rule, the township and village areas).
    await client.areas('township');
    await client.areas('village');
    await client.config();
    await cases.rule();
    // The queue's first list, as CaseQueue asks for it in 案件分流.
    render(<CaseQueue client={cases} mode="dispatch" selectedId={null} onSelect={() => undefined} />);
    await waitFor(() => expect(asked.some((p) => p.startsWith('/api/cases'))).toBe(true));
    for (const path of dispatchFirstRequests()) expect(asked).toContain(path);
  });
});
