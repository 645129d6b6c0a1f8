// The AMap link names an outside host: it is offered only when the server says AMAP_LINKS=on, by giving its
// template (GET /api/config amap_marker_url, AMAP_MARKER_URL); the geo: link is always there. No answer, an
// old server: off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Contacts } from '../src/views/case-work/Contacts.tsx';
import { amapMarkerTemplate, forgetAmapLinksSetting } from '../src/views/case-work/map-links-setting.ts';
import { AMAP_MARKER_URL_DEFAULT } from '../../server/src/config.ts';
import { createDetail } from './dispatch-fixtures.ts';

afterEach(() => { cleanup(); forgetAmapLinksSetting(); vi.unstubAllGlobals(); });
const config = (body: unknown, status = 200) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('the AMap link is opt-in', () => {
  it('follows the amap_marker_url of /api/config; anything else is off', async () => {
    expect(await amapMarkerTemplate({ config: async () => ({ app_name: 'x', basemap_url: null, amap_marker_url: AMAP_MARKER_URL_DEFAULT }) })).toBe(AMAP_MARKER_URL_DEFAULT);
    forgetAmapLinksSetting();
    expect(await amapMarkerTemplate({ config: async () => ({ app_name: 'x', basemap_url: null, amap_marker_url: null }) })).toBeNull();
    forgetAmapLinksSetting();
    expect(await amapMarkerTemplate({ config: async () => ({ app_name: 'x', basemap_url: null }) })).toBeNull();
    forgetAmapLinksSetting();
    expect(await amapMarkerTemplate({ config: async () => null })).toBeNull();
    forgetAmapLinksSetting();
    expect(await amapMarkerTemplate({ config: async () => { throw new Error('offline'); } })).toBeNull();
  });

  it('shows only the geo: link by default, and the AMap link from the server\'s template when it turns it on', async () => {
    vi.stubGlobal('fetch', config({ app_name: 'x', basemap_url: null, amap_marker_url: null }));
    const { unmount } = render(<Contacts detail={createDetail()} dispatcher={null} />);
    expect(screen.getByTestId('map-geo').getAttribute('href')).toMatch(/^geo:/);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByTestId('map-amap')).toBeNull();
    unmount();
    forgetAmapLinksSetting();
    vi.stubGlobal('fetch', config({ app_name: 'x', basemap_url: null, amap_marker_url: 'https://maps.court.example/m?at={lng},{lat}' }));
    render(<Contacts detail={createDetail()} dispatcher={null} />);
    expect(new URL((await screen.findByTestId('map-amap')).getAttribute('href')!).host).toBe('maps.court.example');
  });

  it('a caller may decide without asking', () => {
    const f = vi.fn();
    vi.stubGlobal('fetch', f);
    render(<Contacts detail={createDetail()} dispatcher={null} amapTemplate={null} />);
    expect(screen.queryByTestId('map-amap')).toBeNull();
    expect(f).not.toHaveBeenCalled();
  });
});
