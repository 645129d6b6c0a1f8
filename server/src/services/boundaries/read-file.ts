// An uploaded boundary file → GeoJSON features in the file's own coordinates, plus what the file says
// about its CRS. Formats: GeoJSON (FeatureCollection, Feature or bare geometry), a zipped Shapefile
// (.shp + .dbf [+ .prj, .cpg]; shpjs parses, we reproject ourselves so the CRS is known and reported)
// KML (@tmcw/togeojson over @xmldom/xmldom; KML is WGS84 by definition) and KMZ (a zip holding the KML:
// Google Earth, 奥维), GeoPackage (read-gpkg.ts) and FlatGeobuf (read-fgb.ts).
import { parseShp, parseDbf } from 'shpjs';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { HttpError } from '../../errors.ts';
import { crsFromGeojson, crsFromPrj } from './crs.ts';
import { limitError, type UploadLimits } from '../uploads/limits.ts';
import { readZip } from '../uploads/zip.ts';
import { readGeoPackage } from './read-gpkg.ts';
import { readFlatGeobuf } from './read-fgb.ts';

export interface ReadFile {
  format: 'geojson' | 'shapefile' | 'kml' | 'kmz' | 'geopackage' | 'flatgeobuf';
  features: GeoJSON.Feature[];
  crs: { used: string; source: 'prj' | 'geojson' | 'kml'; note: string | null } | null;
}

const bad = (message: string, details?: unknown) => new HttpError(422, 'unreadable_file', message, details);

/** Positions in a GeoJSON coordinates array, counting stops past `budget` (nesting deeper than a MultiPolygon is not walked). */
function positions(c: unknown, budget: number, depth = 0): number {
  if (!Array.isArray(c) || depth > 4) return 0;
  if (typeof c[0] === 'number') return 1;
  let n = 0;
  for (const x of c) {
    n += positions(x, budget - n, depth + 1);
    if (n > budget) break;
  }
  return n;
}
function vertices(g: unknown, budget: number, depth = 0): number {
  const geom = g as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null;
  if (!geom || typeof geom !== 'object' || depth > 8) return 0;
  if (Array.isArray(geom.geometries)) {
    let n = 0;
    for (const x of geom.geometries) {
      n += vertices(x, budget - n, depth + 1);
      if (n > budget) break;
    }
    return n;
  }
  return positions(geom.coordinates, budget);
}

/** Features and vertices of read features against the limits (counting stops at the first crossing). */
function checkFeatures(features: GeoJSON.Feature[], limits: UploadLimits): void {
  if (features.length > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素数', limits.maxFeatures, features.length);
  let n = 0;
  for (const f of features) {
    n += vertices(f?.geometry, limits.maxVertices - n);
    if (n > limits.maxVertices) throw limitError('UPLOAD_MAX_VERTICES', '顶点数', limits.maxVertices, n, { atLeast: true });
  }
}

/**
 * Features and positions of GeoJSON text counted before JSON.parse builds them: `"Feature"` strings, and
 * `[` followed by a number (a position; a numeric array among the properties counts too, a rare excess).
 */
function checkGeojsonText(buf: Buffer, limits: UploadLimits): void {
  let features = 0;
  for (let i = buf.indexOf('"Feature"'); i >= 0; i = buf.indexOf('"Feature"', i + 9)) {
    if (++features > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素数', limits.maxFeatures, features, { atLeast: true });
  }
  let positions = 0;
  for (let i = buf.indexOf(0x5b); i >= 0; i = buf.indexOf(0x5b, i + 1)) {
    let j = i + 1;
    while (buf[j] === 0x20 || buf[j] === 0x0a || buf[j] === 0x0d || buf[j] === 0x09) j++;
    const c = buf[j]!;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      if (++positions > limits.maxVertices) throw limitError('UPLOAD_MAX_VERTICES', '顶点数', limits.maxVertices, positions, { atLeast: true });
    }
  }
}

/** Records and vertices of a .shp, from the record headers alone (before shpjs builds anything). */
function checkShp(shp: Buffer, limits: UploadLimits): void {
  let records = 0;
  let points = 0;
  for (let p = 100; p + 12 <= shp.length;) {
    const length = shp.readInt32BE(p + 4) * 2;
    if (length < 4) break; // damaged: shpjs says so
    const c = p + 8;
    const type = shp.readInt32LE(c);
    records++;
    if ([3, 5, 13, 15, 23, 25, 31].includes(type) && c + 44 <= shp.length) points += Math.max(0, shp.readInt32LE(c + 40));
    else if ([8, 18, 28].includes(type) && c + 40 <= shp.length) points += Math.max(0, shp.readInt32LE(c + 36));
    else if ([1, 11, 21].includes(type)) points += 1;
    if (records > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素数', limits.maxFeatures, records, { atLeast: true });
    if (points > limits.maxVertices) throw limitError('UPLOAD_MAX_VERTICES', '顶点数', limits.maxVertices, points, { atLeast: true });
    p = c + length;
  }
}

/** A zip: a KMZ (a .kml inside, the first one: Google Earth calls it doc.kml) or a zipped Shapefile. */
function readZipped(buf: Buffer, limits: UploadLimits): ReadFile {
  const files = readZip(buf, limits, bad);
  const names = [...files.keys()];
  const kmlName = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.find((n) => n.toLowerCase().endsWith('.kml'));
  if (kmlName && !names.some((n) => n.toLowerCase().endsWith('.shp'))) return { ...readKml(files.get(kmlName)!.toString('utf8'), limits), format: 'kmz' };
  return readShapefile(files, limits);
}

function readShapefile(files: Map<string, Buffer>, limits: UploadLimits): ReadFile {
  const byExt = (ext: string) => [...files.entries()].filter(([n]) => n.toLowerCase().endsWith(ext));
  const shps = byExt('.shp');
  if (shps.length === 0) throw bad('压缩包中既没有 .shp 文件也没有 .kml 文件：请上传包含 .shp、.dbf、.prj 的 zip 压缩包，或 KMZ');
  if (shps.length > 1) throw bad(`压缩包中有 ${shps.length} 个图层（${shps.map(([n]) => n).join('、')}）：请每次只上传一个`);
  const [shpName, shp] = shps[0]!;
  const base = shpName.slice(0, -4);
  const sibling = (ext: string) => [...files.entries()].find(([n]) => n.slice(0, -4) === base && n.toLowerCase().endsWith(ext))?.[1];
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  if (!dbf) throw bad('压缩包中缺少 .dbf 属性表：没有它无法匹配区划代码');
  checkShp(shp, limits);
  if (dbf.length >= 8 && dbf.readUInt32LE(4) > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '属性表记录数', limits.maxFeatures, dbf.readUInt32LE(4));
  let geoms: GeoJSON.Geometry[];
  let props: Record<string, unknown>[];
  try {
    geoms = parseShp(new DataView(shp.buffer, shp.byteOffset, shp.byteLength)) as GeoJSON.Geometry[];
    props = parseDbf(new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength), dbfEncoding(dbf, cpg?.toString('latin1'))) as Record<string, unknown>[];
  } catch (e) {
    throw bad(`Shapefile 无法解析：${(e as Error).message}`);
  }
  const features = geoms.map((geometry, i) => ({ type: 'Feature' as const, geometry, properties: props[i] ?? {} }));
  return { format: 'shapefile', features, crs: prj ? { used: crsFromPrj(prj.toString('utf8')), source: 'prj', note: null } : null };
}

/**
 * The text encoding of a .dbf, as a WHATWG label for shpjs. Chinese attribute tables are UTF-8 or GBK, and
 * GIS software in China often writes GBK with a .cpg of "936" / "ANSI 936" (code page numbers that
 * TextDecoder does not know, so shpjs would silently read UTF-8), or with no .cpg at all. In order: the
 * .cpg (a code page 936 / GB2312 / GB18030 / GBK name → gbk, another name as it is); the header's
 * language driver (0x4D, 0x7A: code page 936); the records as valid UTF-8 → utf-8; else gbk.
 */
export function dbfEncoding(dbf: Buffer, cpg: string | undefined): string {
  const named = cpg?.trim();
  if (named) {
    if (/^(ansi\s*|cp|windows-)?936$|^(gb2312|gbk|gb18030|euc-cn)$/i.test(named)) return /18030/.test(named) ? 'gb18030' : 'gbk';
    return named;
  }
  if (dbf.length > 29 && (dbf[29] === 0x4d || dbf[29] === 0x7a)) return 'gbk';
  const records = dbf.length >= 10 ? dbf.subarray(Math.min(dbf.readUInt16LE(8), dbf.length)) : dbf;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(records);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

function readGeojson(text: string): ReadFile {
  let json: { type?: string; features?: unknown; crs?: unknown; geometry?: unknown };
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw bad(`GeoJSON 无法解析：${(e as Error).message}`);
  }
  let features: GeoJSON.Feature[];
  if (json?.type === 'FeatureCollection' && Array.isArray(json.features)) features = json.features as GeoJSON.Feature[];
  else if (json?.type === 'Feature') features = [json as GeoJSON.Feature];
  else if (typeof json?.type === 'string' && 'coordinates' in json) features = [{ type: 'Feature', geometry: json as GeoJSON.Geometry, properties: {} }];
  else throw bad('GeoJSON 应为 FeatureCollection 或 Feature');
  const used = crsFromGeojson(json.crs);
  return { format: 'geojson', features, crs: used ? { used, source: 'geojson', note: null } : null };
}

function readKml(text: string, limits: UploadLimits): ReadFile {
  // Placemarks counted in the text, before a DOM of them is built.
  let placemarks = 0;
  for (let i = text.indexOf('<Placemark'); i >= 0; i = text.indexOf('<Placemark', i + 10)) {
    if (++placemarks > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素（Placemark）数', limits.maxFeatures, placemarks, { atLeast: true });
  }
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text, 'text/xml');
  } catch (e) {
    // xmldom throws its ParseError for a fatal error (not XML, cut off in the middle).
    throw bad(`KML 无法解析，不是完整的 XML：${(e as Error).message}`);
  }
  if (errors.length || !doc.documentElement) throw bad(`KML 无法解析：${errors[0] ?? '不是 XML'}`);
  let fc: GeoJSON.FeatureCollection;
  try {
    fc = kml(doc as unknown as Document) as GeoJSON.FeatureCollection;
  } catch (e) {
    throw bad(`KML 无法解析：${(e as Error).message}`);
  }
  return { format: 'kml', features: fc.features as GeoJSON.Feature[], crs: { used: 'EPSG:4326', source: 'kml', note: null } };
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const FGB_MAGIC = Buffer.from([0x66, 0x67, 0x62, 0x03]);

/** By the first bytes (zip: PK; SQLite/GeoPackage; FlatGeobuf: fgb\x03; KML: <; GeoJSON: {), else by the name's ending. */
export async function readBoundaryFile(name: string, buf: Buffer, limits: UploadLimits): Promise<ReadFile> {
  const lower = name.toLowerCase();
  if (buf.length === 0) throw bad(`文件 ${name} 是空的（0 字节）：请重新导出后上传`);
  const head = buf.subarray(0, 200).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  let read: ReadFile;
  if (buf.subarray(0, 16).equals(SQLITE_MAGIC)) read = await readGeoPackage(buf, limits, bad);
  else if (buf.subarray(0, 4).equals(FGB_MAGIC)) read = await readFlatGeobuf(buf, limits, bad, vertices);
  else if (lower.endsWith('.gpkg')) throw bad(`文件 ${name} 不是 GeoPackage（SQLite）文件：可能已损坏`);
  else if (lower.endsWith('.fgb')) throw bad(`文件 ${name} 不是 FlatGeobuf 文件：可能已损坏`);
  else if (lower.endsWith('.zip') || lower.endsWith('.kmz') || (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50)) read = readZipped(buf, limits);
  else if (lower.endsWith('.kml') || head.startsWith('<')) read = readKml(buf.toString('utf8'), limits);
  else if (lower.endsWith('.json') || lower.endsWith('.geojson') || head.startsWith('{')) {
    checkGeojsonText(buf, limits);
    read = readGeojson(buf.toString('utf8').replace(/^\uFEFF/, ''));
  }
  else throw bad(`无法识别的文件类型 ${name}：请上传 GeoJSON、zip 压缩的 Shapefile、KML/KMZ、GeoPackage 或 FlatGeobuf`);
  if (read.features.length === 0) throw bad('文件中没有要素');
  checkFeatures(read.features, limits);
  return read;
}
