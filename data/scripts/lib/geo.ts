// Plane geometry for the schematic tiling: a local metric projection, scanline sampling,
// convex half-plane clipping and a capacity-constrained centroidal power diagram.
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Rng } from './rng.ts';

export type Pt = [number, number];
export type Ring = Pt[];
export type Poly = Ring[];
export type MPoly = Poly[];

const R_KM = 6371.0088;
const DEG = Math.PI / 180;

/** Equirectangular projection around a centre, in km. It is affine in (lng, lat), so straight lines stay straight. */
export class LocalProjection {
  readonly kx: number;
  readonly ky: number;
  constructor(readonly lng0: number, readonly lat0: number) {
    this.ky = R_KM * DEG;
    this.kx = this.ky * Math.cos(lat0 * DEG);
  }
  fwd(p: Pt): Pt {
    return [(p[0] - this.lng0) * this.kx, (p[1] - this.lat0) * this.ky];
  }
  inv(p: Pt): Pt {
    return [p[0] / this.kx + this.lng0, p[1] / this.ky + this.lat0];
  }
}

export function bboxOf(m: MPoly): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const poly of m) for (const ring of poly) for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

export function round6(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}
export function roundPt(p: Pt): Pt {
  return [round6(p[0]), round6(p[1])];
}

function ringSignedArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const pi = r[i] as Pt, pj = r[j] as Pt;
    a += (pj[0] - pi[0]) * (pj[1] + pi[1]);
  }
  return a / 2; // > 0 for clockwise in (x right, y up)
}

/** Rounds to 6 decimals, removes repeated vertices and degenerate rings/pieces, makes outer rings CCW (RFC 7946). */
export function cleanMPoly(m: MPoly): MPoly {
  const out: MPoly = [];
  for (const poly of m) {
    const rings: Ring[] = [];
    for (let k = 0; k < poly.length; k++) {
      const ring = poly[k] as Ring;
      const r: Ring = [];
      for (const p of ring) {
        const q = roundPt(p);
        const last = r[r.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) r.push(q);
      }
      const first = r[0];
      const last = r[r.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) r.push([first[0], first[1]]);
      if (r.length < 4 || Math.abs(ringSignedArea(r)) < 1e-14) {
        if (k === 0) break; // outer ring vanished: drop the piece
        continue;
      }
      const cw = ringSignedArea(r) > 0;
      if ((k === 0 && cw) || (k > 0 && !cw)) r.reverse();
      rings.push(r);
    }
    if (rings.length > 0 && poly.length > 0 && rings[0] && Math.abs(ringSignedArea(rings[0])) > 0) out.push(rings);
  }
  return out;
}

/** Geodesic area in km² (turf, spherical). */
export function areaKm2(m: MPoly): number {
  return turf.area(turf.multiPolygon(m)) / 1e6;
}

/** Even-odd point-in-polygon test over all rings (pieces must not overlap). Boundary points count as outside-or-inside arbitrarily. */
export function pointInMPoly(p: Pt, m: MPoly): boolean {
  let inside = false;
  const [x, y] = p;
  for (const poly of m) for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i] as Pt, b = ring[j] as Pt;
      if ((a[1] > y) !== (b[1] > y) && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
  }
  return inside;
}

/** Distance (in the units of the coordinates) from p to the nearest edge of m. */
export function distToBoundary(p: Pt, m: MPoly): number {
  let best = Infinity;
  for (const poly of m) for (const ring of poly) for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as Pt, b = ring[i] as Pt;
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const l2 = dx * dx + dy * dy;
    let t = l2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
    t = Math.max(0, Math.min(1, t));
    const ex = a[0] + t * dx - p[0], ey = a[1] + t * dy - p[1];
    const d = Math.sqrt(ex * ex + ey * ey);
    if (d < best) best = d;
  }
  return best;
}

export function projectMPoly(m: MPoly, pr: LocalProjection): MPoly {
  return m.map((poly) => poly.map((ring) => ring.map((p) => pr.fwd(p))));
}

/** Lattice points inside m (projected), spacing h, found by scanlines. */
export function scanSamples(m: MPoly, h: number): { xs: Float64Array; ys: Float64Array } {
  const [x0, y0, x1, y1] = bboxOf(m);
  const xs: number[] = [];
  const ys: number[] = [];
  const edges: [number, number, number, number][] = [];
  for (const poly of m) for (const ring of poly) for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as Pt, b = ring[i] as Pt;
    if (a[1] !== b[1]) edges.push([a[0], a[1], b[0], b[1]]);
  }
  const cross: number[] = [];
  for (let y = y0 + h / 2; y < y1; y += h) {
    cross.length = 0;
    for (const [ax, ay, bx, by] of edges) {
      if ((ay > y) !== (by > y)) cross.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
    }
    cross.sort((a, b) => a - b);
    for (let k = 0; k + 1 < cross.length; k += 2) {
      const a = cross[k] as number, b = cross[k + 1] as number;
      const start = x0 + h / 2 + Math.ceil((a - x0 - h / 2) / h) * h;
      for (let x = start; x < b && x <= x1; x += h) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

/** Clips a convex polygon (open ring, CCW or CW) by the half-plane a·p <= b (Sutherland–Hodgman step). */
function clipHalfPlane(poly: Pt[], ax: number, ay: number, b: number): Pt[] {
  const out: Pt[] = [];
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const p = poly[i] as Pt, q = poly[(i + 1) % n] as Pt;
    const fp = ax * p[0] + ay * p[1] - b;
    const fq = ax * q[0] + ay * q[1] - b;
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** The power cell of site i (projected), clipped to a box. */
export function powerCell(i: number, sx: Float64Array, sy: Float64Array, w: Float64Array, box: [number, number, number, number]): Pt[] {
  const [x0, y0, x1, y1] = box;
  let cell: Pt[] = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  const xi = sx[i] as number, yi = sy[i] as number, wi = w[i] as number;
  for (let j = 0; j < sx.length && cell.length > 0; j++) {
    if (j === i) continue;
    const xj = sx[j] as number, yj = sy[j] as number, wj = w[j] as number;
    // |p-si|²-wi <= |p-sj|²-wj  <=>  2p·(sj-si) <= |sj|²-|si|² + wi - wj
    cell = clipHalfPlane(cell, 2 * (xj - xi), 2 * (yj - yi), xj * xj + yj * yj - xi * xi - yi * yi + wi - wj);
  }
  return cell;
}

export interface CellSpec {
  /** Relative target area. */
  target: number;
  /** Points (lng/lat) that must lie inside the cell. */
  fixed: Pt[];
  /** Initial site (lng/lat); default: mean of `fixed`, else a random sample. */
  init?: Pt | undefined;
  /** Keep this site at `init` (only its weight is fitted). */
  anchored?: boolean;
}

export interface PartitionResult {
  /** Cells in lng/lat, cleaned (6 decimals), in the order of the specs. */
  cells: MPoly[];
  /** Final sites in lng/lat (not necessarily inside the cell). */
  sites: Pt[];
}

export interface PartitionOptions {
  samplesPerCell?: number;
  iterations?: number;
  /** Minimum distance (km) of fixed points from the cell's power boundary. */
  marginKm?: number;
  label?: string;
  /** Keep the sites where `init` puts them (only the weights are fitted). */
  fixedSites?: boolean;
  /** Step size of the weight update. */
  eta?: number;
  /** How much the sites are drawn towards their fixed points (0..1) instead of the centroid. */
  pull?: number;
}

/**
 * Splits `region` (lng/lat) into cells with the given relative areas, each containing its fixed points:
 * a centroidal power diagram fitted on lattice samples, then clipped exactly to the region.
 */
export function partition(region: MPoly, specs: CellSpec[], rng: Rng, opt: PartitionOptions = {}): PartitionResult {
  const n = specs.length;
  if (n === 0) return { cells: [], sites: [] };
  const bb = bboxOf(region);
  const pr = new LocalProjection((bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2);
  if (n === 1) {
    const only = specs[0] as CellSpec;
    return { cells: [cleanMPoly(region)], sites: [only.init ?? only.fixed[0] ?? pr.inv([0, 0])] };
  }
  const regionKm = projectMPoly(region, pr);
  const totalKm2 = regionKm.reduce((s, poly) => s + poly.reduce((t, r, k) => t + (k === 0 ? 1 : -1) * Math.abs(ringSignedArea(r)), 0), 0);
  const spc = opt.samplesPerCell ?? 400;
  let h = Math.sqrt(totalKm2 / (n * spc));
  let samples = scanSamples(regionKm, h);
  while (samples.xs.length < n * spc * 0.5) {
    h *= 0.7;
    samples = scanSamples(regionKm, h);
  }
  const { xs, ys } = samples;
  const m = xs.length;
  const tsum = specs.reduce((s, c) => s + c.target, 0);
  const T = specs.map((c) => (c.target / tsum) * m);
  const fixedKm = specs.map((c) => c.fixed.map((p) => pr.fwd(p)));
  const sx = new Float64Array(n), sy = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = specs[i] as CellSpec;
    const f = fixedKm[i] as Pt[];
    let p: Pt;
    if (c.init) p = pr.fwd(c.init);
    else if (f.length > 0) p = [f.reduce((s, q) => s + q[0], 0) / f.length, f.reduce((s, q) => s + q[1], 0) / f.length];
    else {
      const k = Math.floor(rng() * m);
      p = [xs[k] as number, ys[k] as number];
    }
    sx[i] = p[0] + (rng() - 0.5) * h * 0.01;
    sy[i] = p[1] + (rng() - 0.5) * h * 0.01;
  }
  const margin = opt.marginKm ?? Math.min(0.3, 1.5 * h);
  const iters = opt.iterations ?? 200;
  const cnt = new Float64Array(n), cx = new Float64Array(n), cy = new Float64Array(n);
  const assign = new Int32Array(m);

  const enforce = (final: boolean): boolean => {
    for (let pass = 0; pass < 60; pass++) {
      let ok = true;
      for (let i = 0; i < n; i++) {
        for (const p of fixedKm[i] as Pt[]) {
          const di = (p[0] - (sx[i] as number)) ** 2 + (p[1] - (sy[i] as number)) ** 2 - (w[i] as number);
          for (let j = 0; j < n; j++) {
            if (j === i) continue;
            const dj = (p[0] - (sx[j] as number)) ** 2 + (p[1] - (sy[j] as number)) ** 2 - (w[j] as number);
            const dist = Math.hypot((sx[i] as number) - (sx[j] as number), (sy[i] as number) - (sy[j] as number));
            const gap = dj - di - 2 * dist * margin;
            if (gap < 0) {
              ok = false;
              const fix = -gap * 1.05 + 1e-9;
              w[i] = (w[i] as number) + fix / 2;
              w[j] = (w[j] as number) - fix / 2;
            }
          }
        }
      }
      if (ok) return true;
    }
    if (final) throw new Error(`partition ${opt.label ?? ''}: fixed points could not be placed in their cells`);
    return false;
  };

  const assignAll = () => {
    cnt.fill(0);
    cx.fill(0);
    cy.fill(0);
    for (let k = 0; k < m; k++) {
      const x = xs[k] as number, y = ys[k] as number;
      let best = 0, bv = Infinity;
      for (let i = 0; i < n; i++) {
        const v = (x - (sx[i] as number)) ** 2 + (y - (sy[i] as number)) ** 2 - (w[i] as number);
        if (v < bv) {
          bv = v;
          best = i;
        }
      }
      assign[k] = best;
      cnt[best] = (cnt[best] as number) + 1;
      cx[best] = (cx[best] as number) + x;
      cy[best] = (cy[best] as number) + y;
    }
  };
  const violated = (i: number, p: Pt): boolean => {
    const di = (p[0] - (sx[i] as number)) ** 2 + (p[1] - (sy[i] as number)) ** 2 - (w[i] as number);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dj = (p[0] - (sx[j] as number)) ** 2 + (p[1] - (sy[j] as number)) ** 2 - (w[j] as number);
      const dist = Math.hypot((sx[i] as number) - (sx[j] as number), (sy[i] as number) - (sy[j] as number));
      if (dj - di - 2 * dist * margin * 1.5 < 0) return true;
    }
    return false;
  };
  const eta = opt.eta ?? 0.35;
  const step = (move: boolean, pullViolated: number, relax = 0.5) => {
    assignAll();
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const c = cnt[i] as number;
      if (move && !(specs[i] as CellSpec).anchored) {
        if (c > 0) {
          sx[i] = (sx[i] as number) + relax * ((cx[i] as number) / c - (sx[i] as number));
          sy[i] = (sy[i] as number) + relax * ((cy[i] as number) / c - (sy[i] as number));
        } else {
          // An empty cell restarts at its fixed point or at a random sample.
          const f = (fixedKm[i] as Pt[])[0];
          const k = Math.floor(rng() * m);
          sx[i] = f ? f[0] : (xs[k] as number);
          sy[i] = f ? f[1] : (ys[k] as number);
          // Just enough weight to own its own site.
          let need = -Infinity;
          for (let j = 0; j < n; j++) {
            if (j === i) continue;
            need = Math.max(need, (w[j] as number) - (((sx[i] as number) - (sx[j] as number)) ** 2 + ((sy[i] as number) - (sy[j] as number)) ** 2));
          }
          w[i] = need + h * h;
        }
      }
      if (pullViolated > 0) {
        const f = fixedKm[i] as Pt[];
        if (f.some((p) => violated(i, p))) {
          const fx = f.reduce((s2, q) => s2 + q[0], 0) / f.length, fy = f.reduce((s2, q) => s2 + q[1], 0) / f.length;
          sx[i] = (sx[i] as number) + pullViolated * (fx - (sx[i] as number));
          sy[i] = (sy[i] as number) + pullViolated * (fy - (sy[i] as number));
        }
      }
      w[i] = (w[i] as number) + eta * ((T[i] as number) - c) * h * h;
      mean += w[i] as number;
    }
    mean /= n;
    for (let i = 0; i < n; i++) w[i] = (w[i] as number) - mean;
  };
  const hasFixed = fixedKm.some((f) => f.length > 0);
  const a = Math.round(iters * 0.35), b = Math.round(iters * 0.75), c9 = Math.round(iters * 0.9);
  for (let it = 0; it < iters; it++) {
    const pf = hasFixed ? Math.min(1, (it - a) / (b - a)) : 0;
    if (opt.fixedSites && it < c9) {
      step(false, 0);
      if (it >= b) enforce(false);
    } else if (it < a) step(true, 0);
    else if (it < b) step(true, pf, 0.3);
    else if (it < c9) step(false, 0.5);
    else {
      step(false, 0.5);
      enforce(false);
    }
  }
  for (let round = 0; round < 8 && !opt.fixedSites && !enforce(false); round++) {
    // Still infeasible: draw the sites of violated cells towards their fixed points, then settle again.
    for (let i = 0; i < n; i++) {
      const f = fixedKm[i] as Pt[];
      if (f.length === 0 || f.every((p) => !violated(i, p))) continue;
      const fx = f.reduce((s2, q) => s2 + q[0], 0) / f.length, fy = f.reduce((s2, q) => s2 + q[1], 0) / f.length;
      sx[i] = (sx[i] as number) + 0.5 * (fx - (sx[i] as number));
      sy[i] = (sy[i] as number) + 0.5 * (fy - (sy[i] as number));
    }
    for (let it = 0; it < 40; it++) {
      step(false, 0);
      enforce(false);
    }
  }
  enforce(true);

  const [bx0, by0, bx1, by1] = bboxOf(regionKm);
  const pad = Math.max(bx1 - bx0, by1 - by0) + 10;
  const box: [number, number, number, number] = [bx0 - pad, by0 - pad, bx1 + pad, by1 + pad];
  const regionFeature = turf.multiPolygon(region);
  const cells: MPoly[] = [];
  for (let i = 0; i < n; i++) {
    const cellKm = powerCell(i, sx, sy, w, box);
    if (cellKm.length < 3) throw new Error(`partition ${opt.label ?? ''}: empty power cell ${i}`);
    const ring: Ring = cellKm.map((p) => pr.inv(p));
    if (ringSignedArea(ring) > 0) ring.reverse();
    ring.push([(ring[0] as Pt)[0], (ring[0] as Pt)[1]]);
    const inter = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([turf.polygon([ring]), regionFeature]));
    if (!inter) throw new Error(`partition ${opt.label ?? ''}: cell ${i} does not meet the region`);
    const g = inter.geometry;
    const mp: MPoly = g.type === 'Polygon' ? [g.coordinates as Poly] : (g.coordinates as MPoly);
    const cleaned = cleanMPoly(mp);
    if (cleaned.length === 0) throw new Error(`partition ${opt.label ?? ''}: cell ${i} vanished`);
    cells.push(cleaned);
  }
  const sites: Pt[] = [];
  for (let i = 0; i < n; i++) sites.push(pr.inv([sx[i] as number, sy[i] as number]));
  return { cells, sites };
}

/** Area (km²) of each piece of m. */
export function pieceAreasKm2(m: MPoly): number[] {
  return m.map((poly) => areaKm2([poly]));
}

/**
 * A point inside m, at least a little away from its edges: `preferred` if it qualifies, else the middle
 * of the widest horizontal chord of the largest piece (tried on a few scanlines).
 */
export function interiorPoint(m: MPoly, preferred?: Pt): Pt {
  const bb = bboxOf(m);
  const scale = Math.max(bb[2] - bb[0], bb[3] - bb[1]);
  const minDist = Math.min(2e-4, scale * 0.02);
  if (preferred) {
    const q = roundPt(preferred);
    if (pointInMPoly(q, m) && distToBoundary(q, m) > minDist) return q;
  }
  // Candidates: points along horizontal chords of every piece; keep those clear of the edges and take
  // the one nearest to `preferred`, or else the one farthest from the edges.
  let best: Pt | null = null;
  let bestScore = -Infinity;
  for (const piece of m) {
    const pb = bboxOf([piece]);
    for (let k = 1; k <= 15; k++) {
      const y = pb[1] + ((pb[3] - pb[1]) * k) / 16;
      const cross: number[] = [];
      for (const ring of piece) for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as Pt, b = ring[i] as Pt;
        if ((a[1] > y) !== (b[1] > y)) cross.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
      }
      cross.sort((a, b) => a - b);
      for (let j = 0; j + 1 < cross.length; j += 2) {
        for (const t of [0.25, 0.5, 0.75]) {
          const q = roundPt([(cross[j] as number) + t * ((cross[j + 1] as number) - (cross[j] as number)), y]);
          if (!pointInMPoly(q, m)) continue;
          const d = distToBoundary(q, m);
          const score = preferred ? (d > minDist ? -Math.hypot(q[0] - preferred[0], q[1] - preferred[1]) : -1e9 + d) : d;
          if (score > bestScore) {
            bestScore = score;
            best = q;
          }
        }
      }
    }
  }
  if (best) return best;
  const f = turf.pointOnFeature(turf.multiPolygon(m));
  return roundPt(f.geometry.coordinates as Pt);
}
