// Bounding boxes of GeoJSON polygons, for zooming to an area.
import type { AreaFeature } from '../api/types.ts';

export type BBox = [number, number, number, number];

export function bboxOf(features: readonly AreaFeature[]): BBox | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = c as [number, number];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else if (Array.isArray(c)) for (const cc of c) visit(cc);
  };
  for (const f of features) if (f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}
