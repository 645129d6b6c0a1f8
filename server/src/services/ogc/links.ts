// Links of the OGC API - Features documents, absolute and derived from the request (the route passes
// its base URL: protocol and host as Express reads them, X-Forwarded-* honoured under TRUST_PROXY).
export interface OgcLink { href: string; rel: string; type?: string; title?: string }

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';
export const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';

export const ogcRoot = (base: string) => `${base}/api/ogc`;
export const collectionUrl = (base: string, id: string) => `${ogcRoot(base)}/collections/${encodeURIComponent(id)}`;
export const itemUrl = (base: string, id: string, fid: string) => `${collectionUrl(base, id)}/items/${encodeURIComponent(fid)}`;

export function collectionLinks(base: string, id: string): OgcLink[] {
  return [
    { href: collectionUrl(base, id), rel: 'collection', type: JSON_TYPE, title: '集合说明' },
    { href: `${collectionUrl(base, id)}/items`, rel: 'items', type: GEOJSON, title: '要素' },
  ];
}

/** The self, next, prev and collection links of one items page. */
export interface Links { page(offset: number, limit: number, returned: number, matched: number): OgcLink[] }

export function itemsLinks(base: string, id: string, query: Record<string, unknown>): Links {
  const url = (offset: number, limit: number) => {
    const u = new URL(`${collectionUrl(base, id)}/items`);
    for (const [k, v] of Object.entries(query)) if (k !== 'offset' && k !== 'limit' && typeof v === 'string') u.searchParams.set(k, v);
    u.searchParams.set('limit', String(limit));
    if (offset > 0) u.searchParams.set('offset', String(offset));
    return u.toString();
  };
  return {
    page(offset, limit, returned, matched) {
      const links: OgcLink[] = [
        { href: url(offset, limit), rel: 'self', type: GEOJSON, title: '本页' },
        { href: collectionUrl(base, id), rel: 'collection', type: JSON_TYPE, title: '集合说明' },
      ];
      if (offset + returned < matched && returned > 0) links.push({ href: url(offset + limit, limit), rel: 'next', type: GEOJSON, title: '下一页' });
      if (offset > 0) links.push({ href: url(Math.max(0, offset - limit), limit), rel: 'prev', type: GEOJSON, title: '上一页' });
      return links;
    },
  };
}
