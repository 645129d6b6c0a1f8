// A layer as a zipped Shapefile: .shp/.shx (polygons with outer rings clockwise and holes counter-
// clockwise as the format requires, or points), .dbf (dBASE III; text in GBK with the language driver
// 0x4D and a .cpg of 936, as Chinese GIS software writes it, or UTF-8 with a .cpg of UTF-8), .prj (ESRI
// WKT). Field names are cut to dBASE's 10 characters, made unique.
import iconv from 'iconv-lite';
import { cell, columnsOf, type Column } from './table.ts';
import { writeZip } from './zip-write.ts';

export type DbfEncoding = 'gbk' | 'utf-8';
type Ring = GeoJSON.Position[];

const signedArea = (r: Ring) => { let a = 0; for (let i = 0; i + 1 < r.length; i++) a += r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!; return a / 2; };
/** Shapefile order: outer rings clockwise (negative signed area), holes counter-clockwise. */
const orient = (r: Ring, clockwise: boolean) => ((signedArea(r) < 0) === clockwise ? r : [...r].reverse());

function polygonRings(g: GeoJSON.Geometry): Ring[] | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  return polys ? polys.flatMap((p) => p.map((r, i) => orient(r, i === 0))) : null;
}

function shapes(features: GeoJSON.Feature[], kind: 'polygon' | 'point'): { shp: Buffer; shx: Buffer } {
  const type = kind === 'polygon' ? 5 : 1;
  const all = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (x: number, y: number) => { all[0] = Math.min(all[0]!, x); all[1] = Math.min(all[1]!, y); all[2] = Math.max(all[2]!, x); all[3] = Math.max(all[3]!, y); };
  const records = features.map((f) => {
    const g = f.geometry;
    if (kind === 'point' && g?.type === 'Point') {
      const b = Buffer.alloc(20);
      b.writeInt32LE(1, 0); b.writeDoubleLE(g.coordinates[0]!, 4); b.writeDoubleLE(g.coordinates[1]!, 12);
      grow(g.coordinates[0]!, g.coordinates[1]!);
      return b;
    }
    const rings = kind === 'polygon' && g ? polygonRings(g) : null;
    if (!rings) { const b = Buffer.alloc(4); b.writeInt32LE(0, 0); return b; } // a null shape
    const pts = rings.flat();
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of pts) { box[0] = Math.min(box[0]!, p[0]!); box[1] = Math.min(box[1]!, p[1]!); box[2] = Math.max(box[2]!, p[0]!); box[3] = Math.max(box[3]!, p[1]!); grow(p[0]!, p[1]!); }
    const buf = Buffer.alloc(44 + 4 * rings.length + 16 * pts.length);
    buf.writeInt32LE(5, 0);
    box.forEach((v, i) => buf.writeDoubleLE(v, 4 + 8 * i));
    buf.writeInt32LE(rings.length, 36);
    buf.writeInt32LE(pts.length, 40);
    let start = 0;
    rings.forEach((r, i) => { buf.writeInt32LE(start, 44 + 4 * i); start += r.length; });
    let at = 44 + 4 * rings.length;
    for (const p of pts) { buf.writeDoubleLE(p[0]!, at); buf.writeDoubleLE(p[1]!, at + 8); at += 16; }
    return buf;
  });
  if (!Number.isFinite(all[0]!)) all.fill(0);
  const header = (bytes: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(bytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(type, 32);
    all.forEach((v, i) => h.writeDoubleLE(v, 36 + 8 * i));
    return h;
  };
  const shp: Buffer[] = [header(100 + records.reduce((s, r) => s + 8 + r.length, 0))];
  const shx: Buffer[] = [header(100 + 8 * records.length)];
  let offset = 100;
  records.forEach((r, i) => {
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(i + 1, 0);
    rh.writeInt32BE(r.length / 2, 4);
    shp.push(rh, r);
    const ix = Buffer.alloc(8);
    ix.writeInt32BE(offset / 2, 0);
    ix.writeInt32BE(r.length / 2, 4);
    shx.push(ix);
    offset += 8 + r.length;
  });
  return { shp: Buffer.concat(shp), shx: Buffer.concat(shx) };
}

/** dBASE field names: at most 10 ASCII characters, unique (a cut name that repeats gets a number). */
function fieldNames(columns: Column[]): string[] {
  const used = new Set<string>();
  return columns.map((c) => {
    let name = c.name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 10) || 'field';
    for (let i = 1; used.has(name.toUpperCase()); i++) name = `${name.slice(0, 10 - String(i).length)}${i}`;
    used.add(name.toUpperCase());
    return name;
  });
}

function dbf(features: GeoJSON.Feature[], columns: Column[], encoding: DbfEncoding): Buffer {
  const enc = (s: string) => (encoding === 'gbk' ? iconv.encode(s, 'gbk') : Buffer.from(s, 'utf8'));
  const names = fieldNames(columns);
  const values = features.map((f) => columns.map((c) => {
    const v = cell(f.properties?.[c.name], c.type);
    if (v === null) return null;
    if (c.type === 'boolean') return Buffer.from(v ? 'T' : 'F');
    if (c.type === 'integer') return Buffer.from(String(v));
    if (c.type === 'real') return Buffer.from(String(Number((v as number).toPrecision(15))));
    return enc(String(v));
  }));
  const spec = columns.map((c, i) => {
    if (c.type === 'boolean') return { type: 'L', len: 1, dec: 0 };
    if (c.type === 'integer') return { type: 'N', len: 18, dec: 0 };
    if (c.type === 'real') return { type: 'N', len: 24, dec: 10 };
    const longest = Math.max(1, ...values.map((row) => row[i]?.length ?? 0));
    return { type: 'C', len: Math.min(254, longest), dec: 0 };
  });
  const headerLen = 32 + 32 * columns.length + 1;
  const recordLen = 1 + spec.reduce((s, f) => s + f.len, 0);
  const h = Buffer.alloc(headerLen);
  h.writeUInt8(0x03, 0);
  h.writeUInt8(126, 1); h.writeUInt8(12, 2); h.writeUInt8(1, 3);
  h.writeUInt32LE(features.length, 4);
  h.writeUInt16LE(headerLen, 8);
  h.writeUInt16LE(recordLen, 10);
  h.writeUInt8(encoding === 'gbk' ? 0x4d : 0, 29); // language driver: code page 936
  spec.forEach((f, i) => {
    h.write(names[i]!, 32 + 32 * i, 'ascii');
    h.write(f.type, 32 + 32 * i + 11, 'ascii');
    h.writeUInt8(f.len, 32 + 32 * i + 16);
    h.writeUInt8(f.dec, 32 + 32 * i + 17);
  });
  h.writeUInt8(0x0d, headerLen - 1);
  const body = Buffer.alloc(features.length * recordLen + 1, 0x20);
  values.forEach((row, r) => {
    let at = r * recordLen + 1;
    row.forEach((v, i) => {
      const f = spec[i]!;
      if (v) {
        if (f.type === 'C') {
          // Cut on a character boundary: a GBK or UTF-8 character is never split.
          let b = v;
          if (b.length > f.len) {
            let text = encoding === 'gbk' ? iconv.decode(v, 'gbk') : v.toString('utf8');
            while (enc(text).length > f.len) text = text.slice(0, -1);
            b = enc(text);
          }
          b.copy(body, at);
        } else v.copy(body, at + f.len - Math.min(v.length, f.len), 0, f.len); // numbers right-aligned
      } else if (f.type === 'L') body.write('?', at);
      at += f.len;
    });
  });
  body.writeUInt8(0x1a, body.length - 1);
  return Buffer.concat([h, body]);
}

export function shapefileZip(layer: string, features: GeoJSON.Feature[], kind: 'polygon' | 'point', esriWkt: string, encoding: DbfEncoding): Buffer {
  const { shp, shx } = shapes(features, kind);
  return writeZip([
    { name: `${layer}.shp`, data: shp },
    { name: `${layer}.shx`, data: shx },
    { name: `${layer}.dbf`, data: dbf(features, columnsOf(features), encoding) },
    { name: `${layer}.prj`, data: Buffer.from(esriWkt) },
    { name: `${layer}.cpg`, data: Buffer.from(encoding === 'gbk' ? '936' : 'UTF-8') },
  ]);
}
