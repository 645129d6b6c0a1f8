// Well-Known Binary ⇄ GeoJSON geometry, as GeoPackage stores it (after its "GP" header, gpkg.ts). Reads
// ISO and EWKB flavours (Z, M, ZM: extra ordinates dropped) of points, lines, polygons, their multi forms
// and collections; writes 2D little-endian WKB. `budget` caps the positions read, so a file cannot make
// us build more than the vertex limit: reading stops and `onBudget` decides (it throws).

export interface WkbBudget { left: number; onBudget: () => never }

export function readWkb(buf: Uint8Array, budget?: WkbBudget): GeoJSON.Geometry {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let p = 0;
  const geometry = (): GeoJSON.Geometry => {
    const le = view.getUint8(p) === 1;
    p += 1;
    const raw = view.getUint32(p, le);
    p += 4;
    // EWKB flags in the high bits, ISO codes as thousands.
    let dims = 2 + ((raw & 0x80000000) ? 1 : 0) + ((raw & 0x40000000) ? 1 : 0);
    if (raw & 0x20000000) p += 4; // EWKB SRID
    let type = raw & 0x0fffffff;
    if (type > 1000) { const k = Math.floor(type / 1000); dims = k === 3 ? 4 : 3; type %= 1000; }
    const u32 = () => { const v = view.getUint32(p, le); p += 4; return v; };
    const pos = (): GeoJSON.Position => {
      if (budget && --budget.left < 0) budget.onBudget();
      const x = view.getFloat64(p, le); const y = view.getFloat64(p + 8, le);
      p += 8 * dims;
      return [x, y];
    };
    const line = () => { const n = u32(); const out: GeoJSON.Position[] = []; for (let i = 0; i < n; i++) out.push(pos()); return out; };
    const poly = () => { const n = u32(); const out: GeoJSON.Position[][] = []; for (let i = 0; i < n; i++) out.push(line()); return out; };
    const many = <G extends GeoJSON.Geometry>() => { const n = u32(); const out: G[] = []; for (let i = 0; i < n; i++) out.push(geometry() as G); return out; };
    switch (type) {
      case 1: return { type: 'Point', coordinates: pos() };
      case 2: return { type: 'LineString', coordinates: line() };
      case 3: return { type: 'Polygon', coordinates: poly() };
      case 4: return { type: 'MultiPoint', coordinates: many<GeoJSON.Point>().map((g) => g.coordinates) };
      case 5: return { type: 'MultiLineString', coordinates: many<GeoJSON.LineString>().map((g) => g.coordinates) };
      case 6: return { type: 'MultiPolygon', coordinates: many<GeoJSON.Polygon>().map((g) => g.coordinates) };
      case 7: return { type: 'GeometryCollection', geometries: many() };
      default: throw new Error(`WKB geometry type ${raw} is not supported`);
    }
  };
  return geometry();
}

/** 2D little-endian WKB of a GeoJSON geometry. */
export function writeWkb(g: GeoJSON.Geometry): Uint8Array {
  const parts: Buffer[] = [];
  const head = (type: number, n?: number) => {
    const b = Buffer.alloc(n === undefined ? 5 : 9);
    b.writeUInt8(1, 0); b.writeUInt32LE(type, 1);
    if (n !== undefined) b.writeUInt32LE(n, 5);
    parts.push(b);
  };
  const coords = (ps: GeoJSON.Position[], withCount = true) => {
    const b = Buffer.alloc((withCount ? 4 : 0) + 16 * ps.length);
    let o = 0;
    if (withCount) { b.writeUInt32LE(ps.length, 0); o = 4; }
    for (const q of ps) { b.writeDoubleLE(q[0]!, o); b.writeDoubleLE(q[1]!, o + 8); o += 16; }
    parts.push(b);
  };
  const rings = (rs: GeoJSON.Position[][]) => { const b = Buffer.alloc(4); b.writeUInt32LE(rs.length, 0); parts.push(b); rs.forEach((r) => coords(r)); };
  const write = (x: GeoJSON.Geometry): void => {
    switch (x.type) {
      case 'Point': head(1); coords([x.coordinates], false); return;
      case 'LineString': head(2); coords(x.coordinates); return;
      case 'Polygon': head(3); rings(x.coordinates); return;
      case 'MultiPoint': head(4, x.coordinates.length); x.coordinates.forEach((c) => write({ type: 'Point', coordinates: c })); return;
      case 'MultiLineString': head(5, x.coordinates.length); x.coordinates.forEach((c) => write({ type: 'LineString', coordinates: c })); return;
      case 'MultiPolygon': head(6, x.coordinates.length); x.coordinates.forEach((c) => write({ type: 'Polygon', coordinates: c })); return;
      case 'GeometryCollection': head(7, x.geometries.length); x.geometries.forEach(write); return;
    }
  };
  write(g);
  return Buffer.concat(parts);
}
