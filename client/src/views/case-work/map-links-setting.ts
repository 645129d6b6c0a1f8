// Whether the case work offers the AMap link (an outside host), and its URL template: the server's
// AMAP_LINKS and AMAP_MARKER_URL settings, learnt from GET /api/config (amap_marker_url) as the basemap is.
// Off until the answer gives a template, and off when the answer does not come (an old server, offline):
// court networks are closed, so the `geo:` link is the default.
import { useEffect, useState } from 'react';
import { api, type ApiClient } from '../../api/client.ts';

let asked: Promise<string | null> | undefined;

/** The template, or null (off); asked once per page (a failed answer is asked again next time). */
export function amapMarkerTemplate(client: Pick<ApiClient, 'config'> = api): Promise<string | null> {
  asked ??= client.config().then((c) => (typeof c?.amap_marker_url === 'string' ? c.amap_marker_url : null), () => { asked = undefined; return null; });
  return asked;
}

/** Forgets the answer (tests). */
export function forgetAmapLinksSetting(): void { asked = undefined; }

/** The template as state (null: off); `ask` false: not needed (the caller decided), no request. */
export function useAmapMarkerTemplate(ask = true, client: Pick<ApiClient, 'config'> = api): string | null {
  const [template, setTemplate] = useState<string | null>(null);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    void amapMarkerTemplate(client).then((v) => { if (live) setTemplate(v); });
    return () => { live = false; };
  }, [ask, client]);
  return template;
}
