// Locate in memory: the twin of the SQL function shihe_locate (migration 20261201_21_locate_function),
// the same rule on the same polygons (read exactly, as WKB), tested against the same golden fixtures:
//   1. the grid whose polygon contains the point or has it on its boundary (ST_Intersects); the lowest code;
//   2. else, when the point is inside the district outline (or on it), the grid nearest in degrees
//      (PostGIS KNN `<->`), if it is at most `sliverM` metres away on the spheroid;
//   3. else outside the district.
// Plus the grids within a distance of a point (the boundary warning's neighbours).
import Flatbush from 'flatbush';
import { degreeBox, geodesicM } from '../coverage/geodesic.ts';

/** Rings of one polygon (the first is the outer ring), each a flat [x0, y0, x1, y1, …] list. */
export type Polygon = Float64Array[];
/** A (multi)polygon as a list of polygons. */
export type Shape = Polygon[];

/** Parses WKB (ISO or EWKB, either byte order) of a Polygon or MultiPolygon. */
export function parseWkb(buf: Uint8Array): Shape {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = 0;
  const header = () => {
    const le = view.getUint8(o) === 1; o += 1;
    let type = view.getUint32(o, le); o += 4;
    if (type & 0x20000000) { o += 4; type &= ~0x20000000; } // EWKB SRID
    return { le, type: type & 0xff };
  };
  const polygon = (le: boolean): Polygon => {
    const n = view.getUint32(o, le); o += 4;
    const rings: Polygon = [];
    for (let r = 0; r < n; r++) {
      const k = view.getUint32(o, le); o += 4;
      const ring = new Float64Array(k * 2);
      for (let i = 0; i < k * 2; i++) { ring[i] = view.getFloat64(o, le); o += 8; }
      rings.push(ring);
    }
    return rings;
  };
  const h = header();
  if (h.type === 3) return [polygon(h.le)];
  if (h.type === 6) {
    const n = view.getUint32(o, h.le); o += 4;
    const out: Shape = [];
    for (let i = 0; i < n; i++) { const p = header(); out.push(polygon(p.le)); }
    return out;
  }
  throw new Error(`WKB type ${h.type} is not a polygon`);
}

/** 1 inside, 0 on the boundary, -1 outside (crossing number, edges tested exactly). */
function ringSide(x: number, y: number, ring: Float64Array): number {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i]!, yi = ring[i + 1]!, xj = ring[j]!, yj = ring[j + 1]!;
    // on the segment (collinear and within its box)
    if ((x - xi) * (yj - yi) === (y - yi) * (xj - xi)
      && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) return 0;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** The point is in the shape or on its boundary (ST_Intersects of a point and a polygon). */
export function intersects(shape: Shape, x: number, y: number): boolean {
  for (const poly of shape) {
    const outer = ringSide(x, y, poly[0]!);
    if (outer === 0) return true;
    if (outer < 0) continue;
    let inHole = false;
    for (let h = 1; h < poly.length; h++) {
      const s = ringSide(x, y, poly[h]!);
      if (s === 0) return true;
      if (s > 0) { inHole = true; break; }
    }
    if (!inHole) return true;
  }
  return false;
}

/** Nearest point of a segment to (x, y), in a plane scaled by kx (degrees of longitude shrink). */
function nearestOnSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number, kx: number): [number, number] {
  const dx = (bx - ax) * kx, dy = by - ay;
  const len = dx * dx + dy * dy;
  let t = len === 0 ? 0 : (((x - ax) * kx) * dx + (y - ay) * dy) / len;
  t = Math.max(0, Math.min(1, t));
  return [ax + (bx - ax) * t, ay + (by - ay) * t];
}

/** Distance in degrees (planar, as PostGIS `<->` on geometry) from a point to a shape: 0 when it intersects. */
export function planarDistance(shape: Shape, x: number, y: number): number {
  if (intersects(shape, x, y)) return 0;
  let best = Infinity;
  for (const poly of shape) for (const ring of poly) {
    for (let i = 2; i < ring.length; i += 2) {
      const [px, py] = nearestOnSegment(x, y, ring[i - 2]!, ring[i - 1]!, ring[i]!, ring[i + 1]!, 1);
      best = Math.min(best, Math.hypot(px - x, py - y));
    }
  }
  return best;
}

const RAD = Math.PI / 180;
type V3 = [number, number, number];
const toV = (x: number, y: number): V3 => [Math.cos(y * RAD) * Math.cos(x * RAD), Math.cos(y * RAD) * Math.sin(x * RAD), Math.sin(y * RAD)];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * The point of the great-circle arc a–b nearest to p (all on the sphere, latitudes taken as spherical),
 * as [lng, lat]: how PostGIS geography treats an edge (a great circle, not a straight line in degrees).
 */
function nearestOnArc(p: V3, ax: number, ay: number, bx: number, by: number): [number, number] {
  const a = toV(ax, ay), b = toV(bx, by);
  const n = cross(a, b);
  const nn = dot(n, n);
  if (nn > 1e-30) {
    const k = dot(p, n) / nn;
    const q: V3 = [p[0] - k * n[0], p[1] - k * n[1], p[2] - k * n[2]];
    if (dot(cross(a, q), n) >= 0 && dot(cross(q, b), n) >= 0) {
      const len = Math.sqrt(dot(q, q));
      if (len > 0) return [Math.atan2(q[1], q[0]) / RAD, Math.asin(Math.max(-1, Math.min(1, q[2] / len))) / RAD];
    }
  }
  const pa = dot(p, a), pb = dot(p, b);
  return pa >= pb ? [ax, ay] : [bx, by];
}

/**
 * Distance in metres on the spheroid from a point to a shape, as PostGIS geography ST_Distance measures
 * it: 0 when it intersects; else the nearest point of the edges taken as great-circle arcs on the sphere,
 * then the spheroid (Vincenty) distance to that point.
 */
export function geodesicDistance(shape: Shape, x: number, y: number): number {
  if (intersects(shape, x, y)) return 0;
  const p = toV(x, y);
  let best = -Infinity;
  let bp: [number, number] = [x, y];
  for (const poly of shape) for (const ring of poly) {
    for (let i = 2; i < ring.length; i += 2) {
      const q = nearestOnArc(p, ring[i - 2]!, ring[i - 1]!, ring[i]!, ring[i + 1]!);
      const c = dot(p, toV(q[0], q[1])); // the larger the cosine, the nearer
      if (c > best) { best = c; bp = q; }
    }
  }
  return geodesicM(x, y, bp[0], bp[1]);
}

/** Planar distance after scaling degrees by kx, ky (degrees per metre): a rough metre figure, 0 inside. */
function planarScaled(shape: Shape, x: number, y: number, kx: number, ky: number): number {
  if (intersects(shape, x, y)) return 0;
  let best = Infinity;
  for (const poly of shape) for (const ring of poly) {
    for (let i = 2; i < ring.length; i += 2) {
      const ax = (ring[i - 2]! - x) / kx, ay = (ring[i - 1]! - y) / ky, bx = (ring[i]! - x) / kx, by = (ring[i + 1]! - y) / ky;
      const dx = bx - ax, dy = by - ay;
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
      best = Math.min(best, Math.hypot(ax + dx * t, ay + dy * t));
    }
  }
  return best;
}

export interface GridShape { code: string; shape: Shape }

/** The grids and the district outline, indexed for locate. */
export class GridIndex {
  private readonly tree: Flatbush | null;
  constructor(readonly grids: readonly GridShape[], readonly district: readonly Shape[]) {
    if (!grids.length) { this.tree = null; return; }
    const tree = new Flatbush(grids.length);
    for (const g of grids) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const poly of g.shape) {
        const r = poly[0]!;
        for (let i = 0; i < r.length; i += 2) {
          x0 = Math.min(x0, r[i]!); x1 = Math.max(x1, r[i]!); y0 = Math.min(y0, r[i + 1]!); y1 = Math.max(y1, r[i + 1]!);
        }
      }
      tree.add(x0, y0, x1, y1);
    }
    tree.finish();
    this.tree = tree;
  }

  /** The grid of a point by the locate rule (see the file's head), or null outside the district. */
  locate(x: number, y: number, sliverM: number): GridShape | null {
    if (!this.tree) return null;
    let hit: GridShape | null = null;
    for (const i of this.tree.search(x, y, x, y)) {
      const g = this.grids[i]!;
      if ((!hit || g.code < hit.code) && intersects(g.shape, x, y)) hit = g;
    }
    if (hit) return hit;
    if (!this.district.some((d) => intersects(d, x, y))) return null;
    // the nearest grid in degrees: every grid within r degrees has its box in the square of half-side
    // r, so grow r until the best exact distance found is within it
    let best: GridShape | null = null;
    let bestD = Infinity;
    for (let r = 1e-4; ; r *= 4) {
      for (const i of this.tree.search(x - r, y - r, x + r, y + r)) {
        const g = this.grids[i]!;
        const d = planarDistance(g.shape, x, y);
        if (d < bestD || (d === bestD && best !== null && g.code < best.code)) { bestD = d; best = g; }
      }
      if (bestD <= r || r > 360) break;
    }
    if (!best) return null;
    return geodesicDistance(best.shape, x, y) <= sliverM ? best : null;
  }

  /** The grids (other than `except`) within `m` metres of the point, with their distance. */
  within(x: number, y: number, m: number, except: string): { grid: GridShape; d: number }[] {
    if (!this.tree) return [];
    // the box with some metres to spare: a long edge, a great circle, bulges out of its degree box
    const { dLng, dLat } = degreeBox(y, m + 20);
    const out: { grid: GridShape; d: number }[] = [];
    for (const i of this.tree.search(x - dLng, y - dLat, x + dLng, y + dLat)) {
      const g = this.grids[i]!;
      if (g.code === except) continue;
      // a cheap planar bound first (degrees to metres, 1 % and 20 m to spare): most grids in the box are farther
      const { dLng: kx, dLat: ky } = degreeBox(y, 1);
      if (planarScaled(g.shape, x, y, kx, ky) > (m + 20) * 1.01) continue;
      const d = geodesicDistance(g.shape, x, y);
      if (d <= m) out.push({ grid: g, d });
    }
    return out;
  }
}
