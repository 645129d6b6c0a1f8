// Coordinates arrive in WGS84 (GPS, Tianditu) or GCJ-02 (AMap/Tencent pickers, about 585 m off here);
// everything stored is WGS84 (EPSG:4326). The conversion happens once, on input, here.
import gcoord from 'gcoord';
import type { CoordSystem } from '../contract/cases.ts';

/** [lng, lat] in WGS84, rounded to 7 decimals (about 1 cm). GCJ-02 → WGS84 is gcoord's iterative inverse. */
export function toWgs84(lng: number, lat: number, system: CoordSystem = 'wgs84'): [number, number] {
  if (system === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
}
