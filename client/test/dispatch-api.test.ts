import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client.ts';
import { caseListQuery, createCasesClient, setCsrfToken } from '../src/api/cases.ts';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
type Call = [string, RequestInit];
const calls = (f: ReturnType<typeof vi.fn>) => f.mock.calls as unknown as Call[];
const header = (init: RequestInit, name: string) => (init.headers as Record<string, string>)[name];

afterEach(() => setCsrfToken(null));

describe('cases api client', () => {
  it('sends the csrf token as x-csrf-token with a JSON body on POST', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(201, { id: 7, version: 1, status: 'pending' }));
    const client = createCasesClient({ fetch: fetchMock, csrfToken: () => 'tok-123' });
    const body = { title: '邻里纠纷', dispute_type: 'neighbour' as const, parties: [{ name: '赵某', role: 'applicant' as const }], lng: 114.06, lat: 32.12 };
    const created = await client.create(body);
    expect(created.id).toBe(7);
    const [url, init] = calls(fetchMock)[0]!;
    expect(url).toBe('/api/cases');
    expect(init.method).toBe('POST');
    expect(header(init, 'x-csrf-token')).toBe('tok-123');
    expect(header(init, 'Content-Type')).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual(body);
  });

  it('uses the token handed over by setCsrfToken, and sends none on GET', async () => {
    setCsrfToken('from-login');
    const fetchMock = vi.fn(async () => jsonResponse(200, { total: 0, items: [] }));
    const client = createCasesClient({ fetch: fetchMock });
    await client.list({ status: ['pending'] });
    await client.assign(5, { version: 2, mediator_id: 11 });
    expect(header(calls(fetchMock)[0]![1], 'x-csrf-token')).toBeUndefined();
    expect(calls(fetchMock)[1]![0]).toBe('/api/cases/5/assign');
    expect(header(calls(fetchMock)[1]![1], 'x-csrf-token')).toBe('from-login');
  });

  it('reads the session token from /api/auth/me when none was handed over', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url === '/api/auth/me' ? jsonResponse(200, { user: { id: 1 }, csrfToken: 'me-token' }) : jsonResponse(200, { id: 5, version: 4, status: 'mediating' }));
    const client = createCasesClient({ fetch: fetchMock });
    await client.setStatus(5, { version: 3, status: 'mediating' });
    expect(calls(fetchMock).map((c) => c[0])).toEqual(['/api/auth/me', '/api/cases/5/status']);
    expect(header(calls(fetchMock)[1]![1], 'x-csrf-token')).toBe('me-token');
  });

  it('reads a fresh token once and retries after 403 csrf_failed', async () => {
    let n = 0;
    const fetchMock = vi.fn(async (url: string) => {
      if (url === '/api/auth/me') return jsonResponse(200, { csrfToken: 'fresh' });
      n++;
      return n === 1
        ? jsonResponse(403, { error: { code: 'csrf_failed', message: '请求校验失败' } })
        : jsonResponse(201, { id: 1, case_id: 5, at: '2026-12-01T00:00:00Z', author: 'd', note: '督促' });
    });
    const client = createCasesClient({ fetch: fetchMock, csrfToken: () => 'stale' });
    const note = await client.addNote(5, '督促');
    expect(note.note).toBe('督促');
    const posts = calls(fetchMock).filter((c) => c[0] === '/api/cases/5/notes');
    expect(posts.map((c) => header(c[1], 'x-csrf-token'))).toEqual(['stale', 'fresh']);
  });

  it('throws the error body as an ApiError with code, message, status and details', async () => {
    const details = { address: '黄龙', candidates: [{ level: 'village', code: '411502100201', name: '黄龙寺村', township_name: '董家河镇' }] };
    const fetchMock = vi.fn(async () => jsonResponse(422, { error: { code: 'address_ambiguous', message: '地址“黄龙”对应多个地点', details } }));
    const client = createCasesClient({ fetch: fetchMock, csrfToken: () => 't' });
    const err = await client.create({ title: 'x', dispute_type: 'land', parties: [{ name: 'a', role: 'applicant' }], address: '黄龙' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'address_ambiguous', status: 422, message: '地址“黄龙”对应多个地点', details });
  });

  it('turns a 409 version_conflict into an ApiError the view can recognise', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(409, { error: { code: 'version_conflict', message: '案件 5 已被他人修改', details: { case_id: 5 } } }));
    const err = await createCasesClient({ fetch: fetchMock, csrfToken: () => 't' }).assign(5, { version: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'version_conflict', status: 409 });
  });

  it('answers a Chinese error for a non-JSON failure and for the network', async () => {
    await expect(createCasesClient({ fetch: vi.fn(async () => new Response('oops', { status: 502 })) }).get(1)).rejects.toMatchObject({ code: 'http_502', message: '服务器返回错误（HTTP 502）' });
    await expect(createCasesClient({ fetch: vi.fn(async () => { throw new TypeError('Failed to fetch'); }) }).get(1)).rejects.toMatchObject({ code: 'network_error' });
  });

  it('builds list and supervision queries', async () => {
    expect(caseListQuery({ status: ['pending', 'assigned'], type: 'land', township: '411502100000', overdue: true, q: ' 宅基地 ', page: 2, page_size: 20 }))
      .toBe('?status=pending%2Cassigned&type=land&township=411502100000&overdue=true&q=%E5%AE%85%E5%9F%BA%E5%9C%B0&page=2&page_size=20');
    expect(caseListQuery(undefined)).toBe('');
    const fetchMock = vi.fn(async () => jsonResponse(200, { total: 0, kind: 'near_deadline', items: [] }));
    await createCasesClient({ fetch: fetchMock }).supervision('near_deadline', { days: 7 });
    expect(calls(fetchMock)[0]![0]).toBe('/api/supervision?kind=near_deadline&days=7');
    await createCasesClient({ fetch: fetchMock }).mine({ status: ['assigned'] });
    expect(calls(fetchMock)[1]![0]).toBe('/api/my/cases?status=assigned');
  });

  it('treats a missing rule endpoint as no description', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(404, { error: { code: 'not_found', message: '没有这个接口' } }));
    expect(await createCasesClient({ fetch: fetchMock }).rule()).toBeNull();
  });
});
