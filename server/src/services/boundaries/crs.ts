// Which coordinate system a boundary file is in, and the function that brings it to WGS84.
// Supported: WGS84 (EPSG:4326); CGCS2000 geographic (EPSG:4490), taken as WGS84 — the two realisations
// differ by a few centimetres here, far below a boundary's accuracy; the CGCS2000 3-degree Gauss-Krüger
// zones (EPSG:4513–4533 with the zone number in the false easting, 4534–4554 without), projected with
// proj4 on the GRS80 ellipsoid; GCJ-02 when the user says so (gcoord's inverse). Anything else (Xi'an 1980,
// Beijing 1954, a local grid) has no datum shift we could trust: refused with a message.
import proj4 from 'proj4';
import gcoord from 'gcoord';
import { HttpError } from '../../errors.ts';

export type Transform = (xy: number[]) => [number, number];

export interface CrsDecision {
  /** `EPSG:4547`, `gcj02`, … */
  used: string;
  label: string;
  source: 'user' | 'prj' | 'geojson' | 'kml' | 'guessed' | 'default';
  note: string | null;
}

/** A CGCS2000 3-degree Gauss-Krüger EPSG code → its proj4 definition, or null. */
export function gaussKruger(epsg: number): { def: string; cm: number; label: string } | null {
  if (epsg >= 4513 && epsg <= 4533) {
    const zone = 25 + (epsg - 4513);
    const cm = zone * 3;
    return { cm, def: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${zone * 1e6 + 500000} +y_0=0 +ellps=GRS80 +units=m +no_defs`, label: `CGCS2000 3 度带 第 ${zone} 带 (EPSG:${epsg})` };
  }
  if (epsg >= 4534 && epsg <= 4554) {
    const cm = 75 + (epsg - 4534) * 3;
    return { cm, def: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`, label: `CGCS2000 3 度带 中央经线 ${cm}°E (EPSG:${epsg})` };
  }
  return null;
}

export function crsLabel(used: string): string {
  if (used === 'EPSG:4326') return 'WGS84 经纬度 (EPSG:4326)';
  if (used === 'EPSG:4490') return 'CGCS2000 经纬度 (EPSG:4490，按 WGS84 处理，差异小于 1 米)';
  if (used === 'gcj02') return 'GCJ-02 火星坐标（已转换为 WGS84）';
  const gk = gaussKruger(Number(used.replace('EPSG:', '')));
  return gk ? gk.label : used;
}

/** The EPSG code a .prj (WKT1 or ESRI WKT) describes, or an error a person can act on. */
export function crsFromPrj(wkt: string): string {
  const text = wkt.replace(/\s+/g, ' ');
  // The outermost AUTHORITY of WKT1 closes the text.
  const auth = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(text);
  if (auth && (auth[1] === '4326' || auth[1] === '4490' || gaussKruger(Number(auth[1])))) return `EPSG:${auth[1]}`;
  const isCgcs = /CGCS[_ ]?2000|China[_ ]Geodetic[_ ]Coordinate[_ ]System[_ ]2000|China[_ ]2000/i.test(text);
  const isWgs = /WGS[_ ]?(19)?84/i.test(text);
  if (!/^\s*PROJCS/i.test(text)) {
    if (/^\s*GEOGCS/i.test(text) && isCgcs) return 'EPSG:4490';
    if (/^\s*GEOGCS/i.test(text) && isWgs) return 'EPSG:4326';
  } else if (isCgcs && /Gauss|Transverse_Mercator|tmerc/i.test(text)) {
    const param = (name: string) => {
      const m = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.]+)\\]`, 'i').exec(text);
      return m ? Number(m[1]) : NaN;
    };
    const cm = param('central_meridian');
    const fe = param('false_easting');
    if (cm % 3 === 0 && cm >= 75 && cm <= 135) {
      if (fe === 500000) return `EPSG:${4534 + (cm - 75) / 3}`;
      if (fe === (cm / 3) * 1e6 + 500000) return `EPSG:${4513 + (cm / 3 - 25)}`;
    }
  }
  const name = /^\s*(?:PROJCS|GEOGCS)\["([^"]+)"/i.exec(text)?.[1] ?? text.slice(0, 60);
  throw new HttpError(422, 'unsupported_crs', `不支持文件的坐标系「${name}」：请转换为 CGCS2000（经纬度或 3 度带高斯投影）或 WGS84 后再导入`, { prj: text.slice(0, 300) });
}

/** A GeoJSON `crs` member (legacy, but GIS tools still write it) → EPSG code. */
export function crsFromGeojson(crs: unknown): string | null {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/CRS84$/i.test(name)) return 'EPSG:4326';
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (!m) return null;
  const code = Number(m[1]);
  if (code === 4326 || code === 4490 || gaussKruger(code)) return `EPSG:${code}`;
  throw new HttpError(422, 'unsupported_crs', `不支持文件的坐标系 ${name}：请转换为 CGCS2000 或 WGS84 后再导入`, { crs: name });
}

/** For a file that names no CRS: degrees are WGS84; metres that fit the 114°E zone are taken as it (said so). */
export function guessCrs(sample: number[] | undefined): { used: string; source: 'default' | 'guessed'; note: string | null } {
  if (!sample) return { used: 'EPSG:4326', source: 'default', note: null };
  const [x, y] = sample as [number, number];
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return { used: 'EPSG:4326', source: 'default', note: '文件未说明坐标系，按经纬度 WGS84/CGCS2000 处理；如为高德/腾讯坐标请选择 GCJ-02' };
  if (x > 38e6 && x < 39e6 && y > 3e6 && y < 4e6) return { used: 'EPSG:4526', source: 'guessed', note: '文件未说明坐标系，按坐标范围推断为 CGCS2000 3 度带第 38 带（带号前缀），请核对' };
  if (x > 2e5 && x < 8e5 && y > 3e6 && y < 4e6) return { used: 'EPSG:4547', source: 'guessed', note: '文件未说明坐标系，按坐标范围推断为 CGCS2000 3 度带中央经线 114°E，请核对' };
  throw new HttpError(422, 'unknown_crs', `无法识别文件的坐标系（首个坐标 ${x}, ${y}）：请在“坐标系”中指定`, { sample });
}

/** The function that brings one coordinate of `used` to WGS84 degrees. */
export function transformFor(used: string): Transform {
  if (used === 'EPSG:4326' || used === 'EPSG:4490') return (xy) => [xy[0]!, xy[1]!];
  if (used === 'gcj02') return (xy) => gcoord.transform([xy[0]!, xy[1]!], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const gk = gaussKruger(Number(used.replace('EPSG:', '')));
  if (!gk) throw new HttpError(422, 'unsupported_crs', `不支持的坐标系 ${used}`);
  const p = proj4(gk.def, 'EPSG:4326');
  return (xy) => p.forward([xy[0]!, xy[1]!]) as [number, number];
}

export function decideCrs(choice: string, fromFile: { used: string; source: CrsDecision['source']; note: string | null } | null, sample: number[] | undefined): CrsDecision {
  if (choice !== 'auto') return { used: choice, label: crsLabel(choice), source: 'user', note: choice === 'EPSG:4490' ? 'CGCS2000 与 WGS84 在本地相差不足 1 米，按 WGS84 存储' : null };
  const d = fromFile ?? guessCrs(sample);
  const note = d.used === 'EPSG:4490' ? 'CGCS2000 与 WGS84 在本地相差不足 1 米，按 WGS84 存储' : d.note;
  return { used: d.used, label: crsLabel(d.used), source: d.source, note };
}

/** Every position of a geometry through `t`, rounded to 7 decimals (about 1 cm). */
export function reproject(geometry: GeoJSON.Geometry, t: Transform): GeoJSON.Geometry {
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  const pos = (c: GeoJSON.Position): GeoJSON.Position => { const [x, y] = t(c); return [r(x), r(y)]; };
  switch (geometry.type) {
    case 'Point': return { type: 'Point', coordinates: pos(geometry.coordinates) };
    case 'MultiPoint': return { type: 'MultiPoint', coordinates: geometry.coordinates.map(pos) };
    case 'LineString': return { type: 'LineString', coordinates: geometry.coordinates.map(pos) };
    case 'MultiLineString': return { type: 'MultiLineString', coordinates: geometry.coordinates.map((l) => l.map(pos)) };
    case 'Polygon': return { type: 'Polygon', coordinates: geometry.coordinates.map((l) => l.map(pos)) };
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((l) => l.map(pos))) };
    case 'GeometryCollection': return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => reproject(g, t)) };
  }
}

/** The first position of a geometry (to guess a CRS from). */
export function firstPosition(g: GeoJSON.Geometry | null | undefined): number[] | undefined {
  if (!g) return undefined;
  if (g.type === 'GeometryCollection') return g.geometries.map(firstPosition).find(Boolean);
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? (c as number[]) : undefined;
}
