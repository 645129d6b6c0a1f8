// Whether the case work offers the AMap link (uri.amap.com, an outside host): the server's AMAP_LINKS
// setting, learnt from GET /api/config as the basemap is. Off until the answer says on, and off when the
// answer does not come (an old server, offline): court networks are closed, so the `geo:` link is the default.
import { useEffect, useState } from 'react';
import { api, type ApiClient } from '../../api/client.ts';

let asked: Promise<boolean> | undefined;

/** The setting, asked once per page (a failed answer is asked again next time). */
export function amapLinksEnabled(client: Pick<ApiClient, 'config'> = api): Promise<boolean> {
  asked ??= client.config().then((c) => c?.amap_links === true, () => { asked = undefined; return false; });
  return asked;
}

/** Forgets the answer (tests). */
export function forgetAmapLinksSetting(): void { asked = undefined; }

/** The setting as state; `ask` false: not needed (the caller decided), no request. */
export function useAmapLinks(ask = true, client: Pick<ApiClient, 'config'> = api): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    void amapLinksEnabled(client).then((v) => { if (live) setOn(v); });
    return () => { live = false; };
  }, [ask, client]);
  return on;
}
