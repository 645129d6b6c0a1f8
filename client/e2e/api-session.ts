// The node process's own API sessions in browser tests (the browser may be offline, the test is not), and
// a case of the demo mediator's made for a test: the demo data's own open cases depend on the loading day.
import { expect } from 'vitest';
import type { Served } from './serve.ts';

export const PASSWORDS = { mediator: 'Demo-mediator-2026', dispatcher: 'Demo-dispatcher-2026', admin: 'Demo-admin-2026' } as const;

/** A logged-in API session: `call` sends with its cookie and CSRF token. */
export async function session(server: Served, user: keyof typeof PASSWORDS) {
  const res = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PASSWORDS[user] }) });
  const body = (await res.json()) as { csrfToken: string; user: { mediator_id: number | null } };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async <T>(method: string, p: string, b?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${server.base}${p}`, { method, headers: { cookie, 'x-csrf-token': body.csrfToken, ...(b ? { 'content-type': 'application/json' } : {}) }, body: b ? JSON.stringify(b) : undefined });
    return { status: r.status, body: (await r.json()) as T };
  };
  return { call, user: body.user };
}

/** `n` new cases assigned by the dispatcher to the demo mediator (given room for them), at the mediator's place. */
export async function casesForDemoMediator(server: Served, titles: readonly string[]): Promise<number[]> {
  const mediatorId = (await session(server, 'mediator')).user.mediator_id!;
  const dispatcher = await session(server, 'dispatcher');
  const admin = await session(server, 'admin');
  const m = await admin.call<{ version: number; capacity: number }>('GET', `/api/mediators/${mediatorId}`);
  await admin.call('PATCH', `/api/mediators/${mediatorId}`, { version: m.body.version, capacity: m.body.capacity + titles.length });
  const me = await admin.call<{ location: { coordinates: [number, number] } | null }>('GET', `/api/mediators/${mediatorId}`);
  const [lng, lat] = me.body.location?.coordinates ?? [114.07, 32.12];
  const ids: number[] = [];
  for (const title of titles) {
    const created = await dispatcher.call<{ id: number; version: number }>('POST', '/api/cases', {
      title, dispute_type: 'neighbour', lng, lat, description: '排水沟堵塞，雨水流入邻居院内。',
      parties: [{ name: '测试甲', role: 'applicant', phone: '13800001234' }, { name: '测试乙', role: 'respondent', phone: '13900005678' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const a = await dispatcher.call('POST', `/api/cases/${created.body.id}/assign`, { version: created.body.version, mediator_id: mediatorId, reason: '测试' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    ids.push(created.body.id);
  }
  return ids;
}
