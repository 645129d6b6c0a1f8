// The nearest mediator of a point, in memory and exact: the planar (degree) nearest gives a first
// distance d; every point nearer lies in the degree box of d (geodesic.ts degreeBox), whose points are
// ranked by their WGS84 geodesic distance (the one PostGIS geography gives), ties → lowest id.
import Flatbush from 'flatbush';
import { approxM, degreeBox, geodesicM } from './geodesic.ts';

export interface MediatorPoint { id: number; lng: number; lat: number }

/**
 * Distances are rounded to the millimetre, here and in coverage-*.sql: PostGIS and this Vincenty code
 * agree to about 0.1 µm, so after rounding both sides give the same number (and the same verdict at a
 * radius) except when a distance lies within 0.1 µm of a half millimetre.
 */
export const roundM = (d: number) => Math.round(d * 1000) / 1000;

export class MediatorIndex {
  private readonly tree: Flatbush | null;
  constructor(readonly points: readonly MediatorPoint[]) {
    if (!points.length) { this.tree = null; return; }
    const tree = new Flatbush(points.length);
    for (const p of points) tree.add(p.lng, p.lat, p.lng, p.lat);
    tree.finish();
    this.tree = tree;
    // About two points' spacing: sqrt(area of the points' box / count), in metres.
    const w = (tree.maxX - tree.minX) * 111320 * Math.cos(((tree.minY + tree.maxY) / 2) * (Math.PI / 180));
    const h = (tree.maxY - tree.minY) * 110574;
    this.guessM = Math.max(50, Math.sqrt((w * h) / points.length) * 1.5);
  }
  private readonly guessM: number = 1000;

  distance(i: number, lng: number, lat: number): number {
    const p = this.points[i]!;
    return roundM(geodesicM(lng, lat, p.lng, p.lat));
  }

  /**
   * The nearest point (its index in `points`) and its distance in metres, or null when there is none.
   * Candidates are ranked first by a local ellipsoidal approximation (approxM: within 0.1 % of the
   * geodesic up to a few hundred kilometres); only those within 0.5 % of the best approximate
   * distance get the exact (Vincenty) distance, so most units need one exact computation.
   */
  nearest(lng: number, lat: number): { i: number; d: number } | null {
    if (!this.tree) return null;
    // Boxes grow from a guess (the typical spacing of the points) until one holds a point and is wide
    // enough to hold every point nearer than the best one found (box searches are several times
    // cheaper than flatbush's priority-queue `neighbors`).
    let r = this.guessM;
    let found: number[] = [];
    let bestA = Infinity;
    for (;;) {
      const { dLng, dLat } = degreeBox(lat, r);
      found = this.tree.search(lng - dLng, lat - dLat, lng + dLng, lat + dLat);
      if (found.length === 0) {
        if (r > 4e7) return null;
        r *= 4;
        continue;
      }
      bestA = Infinity;
      for (const i of found) bestA = Math.min(bestA, approxM(lng, lat, this.points[i]!.lng, this.points[i]!.lat));
      const need = bestA * 1.01 + 1;
      if (need <= r) break;
      r = need;
    }
    let best: { i: number; d: number } | null = null;
    for (const i of found) {
      const p = this.points[i]!;
      if (approxM(lng, lat, p.lng, p.lat) > bestA * 1.005 + 0.01) continue;
      const d = this.distance(i, lng, lat);
      if (!best || d < best.d || (d === best.d && p.id < this.points[best.i]!.id)) best = { i, d };
    }
    return best;
  }

  /** Indices of the points within `m` metres (geodesic, inclusive), with their distances. */
  within(lng: number, lat: number, m: number): { i: number; d: number }[] {
    if (!this.tree) return [];
    const { dLng, dLat } = degreeBox(lat, m);
    const out: { i: number; d: number }[] = [];
    for (const i of this.tree.search(lng - dLng, lat - dLat, lng + dLng, lat + dLat)) {
      const d = this.distance(i, lng, lat);
      if (d <= m) out.push({ i, d });
    }
    return out;
  }
}

/** Every unit's nearest mediator: its id (0 when there is none) and distance (Infinity when none). */
export interface Nearest { id: Int32Array; d: Float64Array }

export function nearestAll(units: readonly { lng: number; lat: number }[], index: MediatorIndex): Nearest {
  const id = new Int32Array(units.length), d = new Float64Array(units.length).fill(Infinity);
  for (let u = 0; u < units.length; u++) {
    const r = index.nearest(units[u]!.lng, units[u]!.lat);
    if (r) { id[u] = index.points[r.i]!.id; d[u] = r.d; }
  }
  return { id, d };
}

/** Above this many removed/added points × units a full search is cheaper than the update. */
const UPDATE_WORK_MAX = 4e7;

/**
 * The nearest mediators after the points changed from `before` to `after` (by id; a moved point is
 * removed at its old place and added at its new one), from the answer `prev` for `before`: a unit
 * whose nearest was removed is searched again in `after` (its index built only then); every other
 * unit keeps its nearest unless an added point is nearer (ties: the lower id). Equal to
 * nearestAll(units, new MediatorIndex(after)) — the comparison tests check it.
 */
export function updateNearest(
  units: readonly { lng: number; lat: number }[], prev: Nearest,
  before: readonly MediatorPoint[], after: readonly MediatorPoint[], indexAfter: MediatorIndex | (() => MediatorIndex),
): Nearest {
  const index = () => (typeof indexAfter === 'function' ? (indexAfter = indexAfter()) : indexAfter);
  const { added, removed } = diffPoints(before, after);
  const removedCount = removed.size;
  if ((added.length + removedCount) * units.length > UPDATE_WORK_MAX) return nearestAll(units, index());
  const id = prev.id.slice(), d = prev.d.slice();
  // Units searched again in the new points are final: the added points are in that index already.
  // (A flag, not a sign trick on d: -(-d - 1) - 1 is not d in floating point.)
  const final = new Uint8Array(units.length);
  for (let u = 0; u < units.length; u++) {
    if (d[u] !== Infinity && !removed.has(id[u]!)) continue;
    if (d[u] === Infinity && added.length === 0) continue;
    // Its nearest is gone (or it had none): search the new points.
    const r = index().nearest(units[u]!.lng, units[u]!.lat);
    if (r) { id[u] = index().points[r.i]!.id; d[u] = r.d; } else { id[u] = 0; d[u] = Infinity; }
    final[u] = 1;
  }
  for (const a of added) {
    for (let u = 0; u < units.length; u++) {
      if (final[u]) continue;
      const cur = d[u]!;
      const x = units[u]!;
      // approxM is within 0.1 % of the geodesic up to a few hundred km: a point more than 1 % farther
      // (approximately) cannot be nearer; beyond 100 km every candidate gets the exact distance.
      if (cur < 1e5 && approxM(x.lng, x.lat, a.lng, a.lat) > cur * 1.01 + 1) continue;
      const e = roundM(geodesicM(x.lng, x.lat, a.lng, a.lat));
      if (e < cur || (e === cur && a.id < id[u]!)) { d[u] = e; id[u] = a.id; }
    }
  }
  return { id, d };
}

const ascending = (ps: readonly MediatorPoint[]) => {
  for (let i = 1; i < ps.length; i++) if (ps[i]!.id <= ps[i - 1]!.id) return false;
  return true;
};

/** Points of `after` not in `before` at the same place (added or moved), ids of `before` not kept there (removed or moved). */
export function diffPoints(before: readonly MediatorPoint[], after: readonly MediatorPoint[]): { added: MediatorPoint[]; removed: Set<number> } {
  const added: MediatorPoint[] = [];
  const removed = new Set<number>();
  if (ascending(before) && ascending(after)) {
    // Both ordered by id (coverage-mediators.sql; scenarios keep the order): a merge, no maps.
    let i = 0, j = 0;
    while (i < before.length || j < after.length) {
      const b = before[i], a = after[j];
      if (b && (!a || b.id < a.id)) { removed.add(b.id); i++; }
      else if (a && (!b || a.id < b.id)) { added.push(a); j++; }
      else {
        if (a!.lng !== b!.lng || a!.lat !== b!.lat) { removed.add(b!.id); added.push(a!); }
        i++; j++;
      }
    }
    return { added, removed };
  }
  const old = new Map<number, MediatorPoint>();
  for (const p of before) old.set(p.id, p);
  const kept = new Set<number>();
  for (const p of after) {
    const o = old.get(p.id);
    if (o && o.lng === p.lng && o.lat === p.lat) kept.add(p.id);
    else added.push(p);
  }
  for (const p of before) if (!kept.has(p.id)) removed.add(p.id);
  return { added, removed };
}
