// An uploaded boundary file → GeoJSON features in the file's own coordinates, plus what the file says
// about its CRS. Formats: GeoJSON (FeatureCollection, Feature or bare geometry), a zipped Shapefile
// (.shp + .dbf [+ .prj, .cpg]; shpjs parses, we reproject ourselves so the CRS is known and reported)
// and KML (@tmcw/togeojson over @xmldom/xmldom; KML is WGS84 by definition).
import zlib from 'node:zlib';
import { parseShp, parseDbf } from 'shpjs';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { HttpError } from '../../errors.ts';
import { crsFromGeojson, crsFromPrj } from './crs.ts';

export interface ReadFile {
  format: 'geojson' | 'shapefile' | 'kml';
  features: GeoJSON.Feature[];
  crs: { used: string; source: 'prj' | 'geojson' | 'kml'; note: string | null } | null;
}

const bad = (message: string, details?: unknown) => new HttpError(422, 'unreadable_file', message, details);

/** The entries of a zip archive (stored or deflated), read from its central directory. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw bad('压缩包无法读取：不是有效的 zip 文件');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw bad('压缩包目录损坏');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/') || name.includes('__MACOSX')) continue;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, zlib.inflateRawSync(data));
    else throw bad(`压缩包中的 ${name} 使用了不支持的压缩方式`);
  }
  return out;
}

function readShapefile(buf: Buffer): ReadFile {
  const files = unzip(buf);
  const byExt = (ext: string) => [...files.entries()].filter(([n]) => n.toLowerCase().endsWith(ext));
  const shps = byExt('.shp');
  if (shps.length === 0) throw bad('压缩包中没有 .shp 文件：请上传包含 .shp、.dbf、.prj 的 zip 压缩包');
  if (shps.length > 1) throw bad(`压缩包中有 ${shps.length} 个图层（${shps.map(([n]) => n).join('、')}）：请每次只上传一个`);
  const [shpName, shp] = shps[0]!;
  const base = shpName.slice(0, -4);
  const sibling = (ext: string) => [...files.entries()].find(([n]) => n.slice(0, -4) === base && n.toLowerCase().endsWith(ext))?.[1];
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  if (!dbf) throw bad('压缩包中缺少 .dbf 属性表：没有它无法匹配区划代码');
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

function readKml(text: string): ReadFile {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(text, 'text/xml');
  if (errors.length || !doc.documentElement) throw bad(`KML 无法解析：${errors[0] ?? '不是 XML'}`);
  const fc = kml(doc as unknown as Document);
  return { format: 'kml', features: fc.features as GeoJSON.Feature[], crs: { used: 'EPSG:4326', source: 'kml', note: null } };
}

/** By the name's ending, else by the first bytes (a zip starts with PK, KML with <). */
export function readBoundaryFile(name: string, buf: Buffer): ReadFile {
  const lower = name.toLowerCase();
  const head = buf.subarray(0, 200).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  let read: ReadFile;
  if (lower.endsWith('.zip') || buf.readUInt32LE(0) === 0x04034b50) read = readShapefile(buf);
  else if (lower.endsWith('.kml') || head.startsWith('<')) read = readKml(buf.toString('utf8'));
  else if (lower.endsWith('.json') || lower.endsWith('.geojson') || head.startsWith('{')) read = readGeojson(buf.toString('utf8').replace(/^\uFEFF/, ''));
  else throw bad(`无法识别的文件类型 ${name}：请上传 GeoJSON、zip 压缩的 Shapefile 或 KML`);
  if (read.features.length === 0) throw bad('文件中没有要素');
  return read;
}
