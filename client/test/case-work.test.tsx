// The mediator's case work on the client: one-tap links, the API client (one request function, the
// Idempotency-Key header, a file as multipart), and the panel's actions with a fake client.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createCaseWorkClient, type CaseWorkClient } from '../src/api/case-work.ts';
import { CaseWorkPanel } from '../src/views/case-work/CaseWorkPanel.tsx';
import { amapHref, beijingIso, geoHref, telHref } from '../src/views/case-work/links.ts';
import { AMAP_MARKER_URL_DEFAULT } from '../../server/src/config.ts';
import { parseAmount } from '../src/views/case-work/Outcome.tsx';
import type { CaseWork } from '../../server/src/contract/case-work.ts';
import { createDetail } from './dispatch-fixtures.ts';

afterEach(cleanup);

describe('links', () => {
  it('dials a stored phone, never a masked one', () => {
    expect(telHref('0376-0000000')).toBe('tel:03760000000');
    expect(telHref('138 0000 1234')).toBe('tel:13800001234');
    expect(telHref('+86 138-0000-1234')).toBe('tel:+8613800001234');
    expect(telHref('138****1234')).toBeNull();
    expect(telHref(null)).toBeNull();
    expect(telHref('无')).toBeNull();
  });
  it('opens the WGS84 point in the phone\'s map app: geo: and the server\'s AMap template, told it is WGS84', () => {
    expect(geoHref(114.0612345678, 32.12, '胡家湾村')).toBe('geo:32.12,114.061235?q=32.12,114.061235(%E8%83%A1%E5%AE%B6%E6%B9%BE%E6%9D%91)');
    const a = new URL(amapHref(AMAP_MARKER_URL_DEFAULT, 114.06, 32.12, '胡家湾村'));
    expect(a.host).toBe('uri.amap.com');
    expect(a.searchParams.get('position')).toBe('114.06,32.12');
    expect(a.searchParams.get('name')).toBe('胡家湾村');
    expect(a.searchParams.get('coordinate')).toBe('wgs84');
    expect(amapHref('https://maps.court.example/m?at={lng},{lat}&label={name}&again={lat}', 114.0612345678, 32.12, 'a&b'))
      .toBe('https://maps.court.example/m?at=114.061235,32.12&label=a%26b&again=32.12');
  });
  it('reads a picked time as Beijing time and an amount in yuan', () => {
    expect(beijingIso('2026-12-02T09:30')).toBe('2026-12-02T09:30:00+08:00');
    expect(beijingIso('')).toBeNull();
    expect(parseAmount('3,000.5')).toBe(3000.5);
    expect(parseAmount('')).toBeUndefined();
    expect(parseAmount('1.234')).toBeNaN();
  });
});

describe('api client', () => {
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  it('sends writes with the CSRF token and an optional Idempotency-Key; a file as multipart', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push({ url, init });
      return url === '/api/auth/me' ? json({ csrfToken: 'tok' }) : json({ id: 1, version: 2 }, 201);
    });
    const c = createCaseWorkClient({ fetch });
    await c.accept(7, 3, { idempotencyKey: 'k-1' });
    const accept = calls.find((x) => x.url === '/api/cases/7/accept')!;
    const h = accept.init.headers as Record<string, string>;
    expect(h['Idempotency-Key']).toBe('k-1');
    expect(h['x-csrf-token']).toBe('tok');
    expect(JSON.parse(String(accept.init.body))).toEqual({ version: 3 });
    await c.addSession(7, { held_at: '2026-12-02T09:30:00+08:00', place: 'a', participants: 'b', account: 'c', result: 'd' });
    expect((calls.at(-1)!.init.headers as Record<string, string>)['Idempotency-Key']).toBeUndefined();
    await c.upload(7, new Blob([new Uint8Array([0x89, 0x50])]), '协议书.png', 'agreement', { idempotencyKey: 'k-2' });
    const up = calls.at(-1)!;
    expect(up.url).toBe('/api/cases/7/attachments');
    expect(up.init.body).toBeInstanceOf(FormData);
    expect((up.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    expect((up.init.body as FormData).get('kind')).toBe('agreement');
    expect(c.fileUrl(5)).toBe('/api/attachments/5');
  });
});

function emptyWork(over: Partial<CaseWork> = {}): CaseWork {
  return {
    case_id: 42, contacts: { dispatcher: { name: '演示分流员', phone: '0376-0000000' } }, sessions: [], attachments: [], extension_requests: [],
    outcome: { note: null, agreement_amount: null, judicial_confirmation: false, judicial_confirmation_on: null }, attachment_max_bytes: 1024, ...over,
  };
}

function fakeClient(over: Partial<CaseWorkClient> = {}): CaseWorkClient {
  const ok = vi.fn(async () => ({ id: 42, version: 4 }));
  return {
    work: vi.fn(async () => emptyWork()), accept: ok, addSession: vi.fn(), upload: vi.fn(), close: ok, judicial: ok, requestExtension: vi.fn(),
    decideExtension: vi.fn(), askGuidance: vi.fn(), answerGuidance: vi.fn(), fileUrl: (id) => `/api/attachments/${id}`, ...over,
  } as CaseWorkClient;
}

describe('CaseWorkPanel', () => {
  // The panel asks /api/config whether to offer the AMap link (AMAP_LINKS): no server here, so an old one's 404.
  beforeEach(() => vi.stubGlobal('fetch', vi.fn(async () => new Response('null', { status: 404 }))));
  afterEach(() => vi.unstubAllGlobals());
  it('a mediator calls the parties and the dispatcher, opens the map, and accepts at the version seen', async () => {
    const client = fakeClient();
    const onChanged = vi.fn();
    const detail = createDetail({ parties: [{ id: 1, role: 'applicant', name: '赵某', phone: '13900000001', id_number: null }, { id: 2, role: 'respondent', name: '钱某', phone: '139****0002', id_number: null }] });
    render(<CaseWorkPanel detail={detail} role="mediator" client={client} onChanged={onChanged} />);
    expect((await screen.findByTestId('call-party-1')).getAttribute('href')).toBe('tel:13900000001');
    expect(screen.queryByTestId('call-party-2')).toBeNull(); // masked: no link
    expect(screen.getByTestId('call-dispatcher').getAttribute('href')).toBe('tel:03760000000');
    expect(screen.getByTestId('map-geo').getAttribute('href')).toMatch(/^geo:32\.12,114\.06/);
    fireEvent.click(screen.getByTestId('case-accept'));
    await waitFor(() => expect(client.accept).toHaveBeenCalledWith(42, 3, { queueable: expect.any(String) }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('records a session in Beijing time and refuses a file over the limit before sending it', async () => {
    const addSession = vi.fn(async () => ({}));
    const upload = vi.fn(async () => ({}));
    const client = fakeClient({ addSession, upload } as unknown as Partial<CaseWorkClient>);
    render(<CaseWorkPanel detail={createDetail({ status: 'mediating' })} role="mediator" client={client} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByTestId('session-open'));
    fireEvent.change(screen.getByLabelText('调解时间'), { target: { value: '2026-12-02T09:30' } });
    fireEvent.change(screen.getByLabelText('调解地点'), { target: { value: '村委会' } });
    fireEvent.change(screen.getByLabelText('参与人'), { target: { value: '双方' } });
    fireEvent.change(screen.getByLabelText('调解经过'), { target: { value: '释法说理' } });
    fireEvent.change(screen.getByLabelText('本次调解结果'), { target: { value: '达成一致' } });
    fireEvent.click(screen.getByTestId('session-submit'));
    await waitFor(() => expect(addSession).toHaveBeenCalledWith(42, { held_at: '2026-12-02T09:30:00+08:00', place: '村委会', participants: '双方', account: '释法说理', result: '达成一致' }, { queueable: expect.any(String) }));
    const big = new File([new Uint8Array(2048)], 'big.png', { type: 'image/png' });
    fireEvent.change(screen.getByTestId('attachment-input'), { target: { files: [big] } });
    expect((await screen.findByRole('alert')).textContent).toContain('超过 1 KB 上限');
    expect(upload).not.toHaveBeenCalled();
  });

  it('settles with the outcome and the amount; a leader sees no contacts and no forms', async () => {
    const close = vi.fn(async () => ({ id: 42, version: 5 }));
    const client = fakeClient({ close });
    render(<CaseWorkPanel detail={createDetail({ status: 'mediating' })} role="mediator" client={client} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByTestId('outcome-settled'));
    fireEvent.change(screen.getByLabelText('结果说明'), { target: { value: '赔偿 3000 元' } });
    fireEvent.change(screen.getByLabelText('协议金额'), { target: { value: '3000' } });
    fireEvent.click(screen.getByTestId('outcome-submit'));
    await waitFor(() => expect(close).toHaveBeenCalledWith(42, { version: 3, result: 'settled', note: '赔偿 3000 元', agreement_amount: 3000 }, { queueable: expect.any(String) }));
    cleanup();
    const leader = fakeClient({ work: vi.fn(async () => emptyWork({ contacts: null })) });
    render(<CaseWorkPanel detail={createDetail({ status: 'mediating', party_access: 'none', parties: [] })} role="leader" client={leader} onChanged={() => undefined} />);
    await waitFor(() => expect(leader.work).toHaveBeenCalled());
    expect(screen.queryByTestId('call-dispatcher')).toBeNull();
    expect(screen.queryByTestId('session-open')).toBeNull();
    expect(screen.queryByTestId('attachment-input')).toBeNull();
    expect(screen.queryByTestId('outcome-settled')).toBeNull();
  });
});
