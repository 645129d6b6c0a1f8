import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '../src/api/client.ts';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('asks for areas with level and filter in the query', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { type: 'FeatureCollection', features: [] }));
    vi.stubGlobal('fetch', fetchMock);
    const fc = await createApiClient().areas('village', { from: '2025-12-01', to: '2026-11-30', type: 'land' });
    expect(fc.features).toEqual([]);
    const url = String((fetchMock.mock.calls[0] as unknown[])[0]);
    expect(url).toBe('/api/areas?level=village&from=2025-12-01&to=2026-11-30&type=land');
  });
  it('asks for the summary without a query when there is no filter', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { totals: {} }));
    vi.stubGlobal('fetch', fetchMock);
    await createApiClient().summary();
    expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe('/api/stats/summary');
  });
  it('throws the error body as an ApiError with code and Chinese message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(400, { error: { code: 'invalid_period', message: '开始日期不能晚于结束日期', details: { from: 'x' } } })));
    const err = await createApiClient().summary({ from: '2026-03-01', to: '2026-01-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_period', message: '开始日期不能晚于结束日期', status: 400, details: { from: 'x' } });
  });
  it('turns an error without our body into a Chinese HTTP error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })));
    await expect(createApiClient().health()).rejects.toMatchObject({ code: 'http_502', message: '服务器返回错误（HTTP 502）' });
  });
  it('turns a network failure into a Chinese error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(createApiClient().health()).rejects.toMatchObject({ code: 'network_error', message: '无法连接服务器，请检查网络后重试' });
  });
  it('treats a missing /api/config as no config', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(404, { error: { code: 'not_found', message: '未找到' } })));
    expect(await createApiClient().config()).toBeNull();
  });
  it('returns the config when the server has one', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(200, { basemap_url: 'https://example.test/{z}/{x}/{y}.png', app_name: '浉河区诉源治理网格地图' })));
    expect(await createApiClient().config()).toEqual({ basemap_url: 'https://example.test/{z}/{x}/{y}.png', app_name: '浉河区诉源治理网格地图' });
  });
  it('builds an absolute tile URL template with the filter', () => {
    const url = createApiClient('http://127.0.0.1:3000').casesTileUrl({ from: '2026-01-01', to: '2026-11-30', type: 'debt' });
    expect(url).toBe('http://127.0.0.1:3000/api/tiles/cases/{z}/{x}/{y}.mvt?from=2026-01-01&to=2026-11-30&type=debt');
  });
});

describe('api client: sessions', () => {
  it('logs in, then sends the CSRF token and the cookie on writes, and reports an ended session', async () => {
    const { onSessionEnd } = await import('../src/api/client.ts');
    const calls: [string, RequestInit][] = [];
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      if (url === '/api/auth/login') return jsonResponse(200, { user: { id: 1, username: 'admin', role: 'admin' }, csrfToken: 'tok-1' });
      return jsonResponse(401, { error: { code: 'session_expired', message: '登录已过期，请重新登录' } });
    });
    const client = createApiClient('', fetchMock as never);
    await client.login('admin', 'pw');
    expect(calls[0]![1]).toMatchObject({ method: 'POST', credentials: 'same-origin', body: JSON.stringify({ username: 'admin', password: 'pw' }) });
    const ended = vi.fn();
    const off = onSessionEnd(ended);
    await expect(client.updateUser(3, { active: false })).rejects.toMatchObject({ code: 'session_expired' });
    off();
    expect((calls[1]![1].headers as Record<string, string>)['x-csrf-token']).toBe('tok-1');
    expect(calls[1]![1]).toMatchObject({ method: 'PATCH', credentials: 'same-origin' });
    expect(ended).toHaveBeenCalledWith('session_expired');
  });
});
