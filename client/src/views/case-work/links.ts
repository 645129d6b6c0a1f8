// One-tap links of the case work: a phone number as a `tel:` link, and the case's point for the phone's
// map app — a `geo:` URI (RFC 5870, WGS84: Android's map apps), and, only where the court turns it on
// (AMAP_LINKS=on, map-links-setting.ts), an AMap (高德) marker link made from the server's template
// (AMAP_MARKER_URL; the client names no outside host). The app makes no network call for any of these:
// the phone opens them.

/** `tel:` for a phone as stored (`0376-0000000`, `138 0000 1234`); null when it is masked or has no digits. */
export function telHref(phone: string | null | undefined): string | null {
  if (!phone || phone.includes('*')) return null;
  const dial = phone.replace(/[^\d+]/g, '');
  return /^\+?\d{3,20}$/.test(dial) ? `tel:${dial}` : null;
}

const fixed = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** `geo:lat,lng?q=lat,lng(label)`: the point with a pin and its label. */
export function geoHref(lng: number, lat: number, label: string): string {
  return `geo:${fixed(lat)},${fixed(lng)}?q=${fixed(lat)},${fixed(lng)}(${encodeURIComponent(label)})`;
}

/** The server's marker link template (GET /api/config amap_marker_url) filled in: `{lng}`, `{lat}` (WGS84) and `{name}`. */
export function amapHref(template: string, lng: number, lat: number, label: string): string {
  const values: Record<string, string> = { lng: fixed(lng), lat: fixed(lat), name: encodeURIComponent(label) };
  return template.replace(/\{(lng|lat|name)\}/g, (_m, key: string) => values[key]!);
}

/** A readable size: 812 B, 34 KB, 2.1 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

/** A local date-time input's value (`2026-12-02T09:30`, Beijing time as picked) as ISO 8601 with +08:00. */
export function beijingIso(local: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : null;
}

/** Now in Beijing time, as a date-time input's value. */
export function beijingNowLocal(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 16);
}
