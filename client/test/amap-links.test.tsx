// The AMap link names an outside host (uri.amap.com): it is offered only when the server says AMAP_LINKS=on
// (GET /api/config amap_links); the geo: link is always there. No answer, an old server: off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Contacts } from '../src/views/case-work/Contacts.tsx';
import { amapLinksEnabled, forgetAmapLinksSetting } from '../src/views/case-work/map-links-setting.ts';
import { createDetail } from './dispatch-fixtures.ts';

afterEach(() => { cleanup(); forgetAmapLinksSetting(); vi.unstubAllGlobals(); });
const config = (body: unknown, status = 200) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('the AMap link is opt-in', () => {
  it('follows the amap_links of /api/config; anything else is off', async () => {
    expect(await amapLinksEnabled({ config: async () => ({ app_name: 'x', basemap_url: null, amap_links: true }) })).toBe(true);
    forgetAmapLinksSetting();
    expect(await amapLinksEnabled({ config: async () => ({ app_name: 'x', basemap_url: null }) })).toBe(false);
    forgetAmapLinksSetting();
    expect(await amapLinksEnabled({ config: async () => null })).toBe(false);
    forgetAmapLinksSetting();
    expect(await amapLinksEnabled({ config: async () => { throw new Error('offline'); } })).toBe(false);
  });

  it('shows only the geo: link by default, and the AMap link when the server turns it on', async () => {
    vi.stubGlobal('fetch', config({ app_name: 'x', basemap_url: null, amap_links: false }));
    const { unmount } = render(<Contacts detail={createDetail()} dispatcher={null} />);
    expect(screen.getByTestId('map-geo').getAttribute('href')).toMatch(/^geo:/);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByTestId('map-amap')).toBeNull();
    unmount();
    forgetAmapLinksSetting();
    vi.stubGlobal('fetch', config({ app_name: 'x', basemap_url: null, amap_links: true }));
    render(<Contacts detail={createDetail()} dispatcher={null} />);
    expect(new URL((await screen.findByTestId('map-amap')).getAttribute('href')!).host).toBe('uri.amap.com');
  });

  it('a caller may decide without asking', () => {
    const f = vi.fn();
    vi.stubGlobal('fetch', f);
    render(<Contacts detail={createDetail()} dispatcher={null} amap={false} />);
    expect(screen.queryByTestId('map-amap')).toBeNull();
    expect(f).not.toHaveBeenCalled();
  });
});
