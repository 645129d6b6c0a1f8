// One label point per area, inside its largest polygon and far from its edges, so a label is drawn once
// (labels of GeoJSON polygons are otherwise placed once per tile the polygon crosses).
import type { AreaCollection, AreaGeometry, Position } from '../api/types.ts';

type Ring = Position[];

function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return Math.abs(s / 2);
}

function inside(x: number, y: number, rings: Ring[]): boolean {
  let c = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

function edgeDistance(x: number, y: number, rings: Ring[]): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const ax = ring[j]![0]!, ay = ring[j]![1]!, bx = ring[i]![0]!, by = ring[i]![1]!;
      const dx = bx - ax, dy = by - ay;
      const len = dx * dx + dy * dy;
      const t = len ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len)) : 0;
      const px = ax + t * dx - x, py = ay + t * dy - y;
      best = Math.min(best, px * px + py * py);
    }
  }
  return Math.sqrt(best);
}

/** A point inside the geometry's largest polygon, about as far from its edges as a coarse search finds. */
export function labelPoint(geometry: AreaGeometry): [number, number] | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let rings: Ring[] | undefined;
  let bestArea = -1;
  for (const p of polygons) {
    const a = p[0] ? ringArea(p[0]) : 0;
    if (a > bestArea) {
      bestArea = a;
      rings = p;
    }
  }
  const outer = rings?.[0];
  if (!rings || !outer || outer.length < 3) return null;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of outer as [number, number][]) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  let best: [number, number] = [(minX + maxX) / 2, (minY + maxY) / 2];
  let bestD = inside(best[0], best[1], rings) ? edgeDistance(best[0], best[1], rings) : -1;
  // Coarse grid over the box, then a finer grid around the best cell.
  let cx = best[0], cy = best[1], w = maxX - minX, h = maxY - minY;
  for (let pass = 0; pass < 3; pass++) {
    const n = 10;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const x = cx - w / 2 + (w * i) / n, y = cy - h / 2 + (h * j) / n;
        if (!inside(x, y, rings)) continue;
        const d = edgeDistance(x, y, rings);
        if (d > bestD) {
          bestD = d;
          best = [x, y];
        }
      }
    }
    [cx, cy] = best;
    w /= 4;
    h /= 4;
  }
  return bestD >= 0 ? best : null;
}

/** Point features carrying the areas' code and name, for symbol layers. */
export function labelPoints(fc: AreaCollection): { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { code: string; name: string } }[] } {
  const features = [];
  for (const f of fc.features) {
    const p = f.geometry ? labelPoint(f.geometry) : null;
    if (p) features.push({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: p }, properties: { code: f.properties.code, name: f.properties.name } });
  }
  return { type: 'FeatureCollection', features };
}
