// Over-zoom: a vector tile deeper than the tiler's maximum zoom, cut from its ancestor at that zoom
// (what MapLibre does on the client), so a tool that asks for z15+ gets data instead of an empty tile.
// Pure: tile features in, tile features out, in the tile's integer coordinates (0…extent).
export type Pt = [number, number];
/** A geojson-vt tile feature after transformation: points as a list, lines/polygons as rings. */
export interface TileFeature { type: 1 | 2 | 3; geometry: Pt[] | Pt[][]; tags: Record<string, unknown>; id?: unknown }

/**
 * The features of child tile (dz levels below, at offset (ox, oy) among the 2^dz × 2^dz children) of
 * an ancestor tile: scaled by 2^dz, moved, and clipped to the tile plus `buffer` (polygons with
 * Sutherland–Hodgman, which keeps each ring closed and its orientation; lines kept whole).
 */
export function overzoomFeatures(features: TileFeature[], dz: number, ox: number, oy: number, extent: number, buffer: number): TileFeature[] {
  const k = 2 ** dz;
  const size = extent / k; // the child's side in the ancestor's coordinates
  const move = ([x, y]: Pt): Pt => [Math.round((x - ox * size) * k), Math.round((y - oy * size) * k)];
  const lo = -buffer;
  const hi = extent + buffer;
  const inside = ([x, y]: Pt) => x >= lo && x <= hi && y >= lo && y <= hi;
  const out: TileFeature[] = [];
  for (const f of features) {
    if (f.type === 1) {
      const pts = (f.geometry as Pt[]).map(move).filter(inside);
      if (pts.length) out.push({ ...f, geometry: pts });
    } else if (f.type === 3) {
      const rings = (f.geometry as Pt[][]).map((r) => clipRing(r.map(move), lo, hi)).filter((r) => r.length >= 4);
      if (rings.length) out.push({ ...f, geometry: rings });
    } else {
      const lines = (f.geometry as Pt[][]).map((l) => l.map(move)).filter((l) => l.some(inside));
      if (lines.length) out.push({ ...f, geometry: lines });
    }
  }
  return out;
}

/** A closed ring clipped to the square [lo, hi]², closed again (first point repeated); [] when nothing is left. */
export function clipRing(ring: Pt[], lo: number, hi: number): Pt[] {
  let pts = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.slice(0, -1) : ring;
  const edges: [axis: 0 | 1, bound: number, keepBelow: boolean][] = [[0, lo, false], [0, hi, true], [1, lo, false], [1, hi, true]];
  for (const [axis, bound, below] of edges) {
    if (!pts.length) break;
    const inside = (p: Pt) => (below ? p[axis] <= bound : p[axis] >= bound);
    const next: Pt[] = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[(i + 1) % pts.length]!;
      const ina = inside(a);
      const inb = inside(b);
      if (ina) next.push(a);
      if (ina !== inb) {
        const t = (bound - a[axis]) / (b[axis] - a[axis]);
        const p: Pt = axis === 0 ? [bound, Math.round(a[1] + t * (b[1] - a[1]))] : [Math.round(a[0] + t * (b[0] - a[0])), bound];
        next.push(p);
      }
    }
    pts = next;
  }
  return pts.length >= 3 ? [...pts, pts[0]!] : [];
}
