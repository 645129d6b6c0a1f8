import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { parseCsv } from '../scripts/lib/csv.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BUILD = path.resolve(here, '../build');
export const SOURCE = path.resolve(here, '../source');

export function readJson<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(BUILD, name), 'utf8')) as T;
}
export type Area = Feature<MultiPolygon, Record<string, unknown>>;
export function readAreas(name: string): Area[] {
  return readJson<FeatureCollection<MultiPolygon, Record<string, unknown>>>(name).features;
}
export function divisions(): Record<string, string>[] {
  return parseCsv(fs.readFileSync(path.join(SOURCE, 'shihe-divisions.csv'), 'utf8'));
}
export const km2 = (f: Feature<Polygon | MultiPolygon> | null) => (f ? turf.area(f) / 1e6 : 0);

/** Checks that `children` tile `parent`: union = parent within `tol` of its area, and no overlaps. */
export function tiling(parent: Feature<Polygon | MultiPolygon>, children: Feature<Polygon | MultiPolygon>[]) {
  const pa = km2(parent);
  const sum = children.reduce((a, c) => a + km2(c), 0);
  const union = children.length === 1 ? children[0] ?? null : turf.union(turf.featureCollection(children));
  const ua = km2(union);
  const outside = union ? km2(turf.difference(turf.featureCollection([union, parent]))) : 0;
  const uncovered = union ? km2(turf.difference(turf.featureCollection([parent, union]))) : pa;
  return { parentArea: pa, sumArea: sum, unionArea: ua, overlapArea: sum - ua, outside, uncovered };
}

/** Largest pairwise overlap of siblings, relative to the smaller of the two (bbox-filtered). */
export function maxPairOverlap(features: Feature<Polygon | MultiPolygon>[]): number {
  const boxes = features.map((f) => turf.bbox(f));
  let worst = 0;
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      const a = boxes[i] as number[], b = boxes[j] as number[];
      if ((a[2] as number) < (b[0] as number) || (b[2] as number) < (a[0] as number) || (a[3] as number) < (b[1] as number) || (b[3] as number) < (a[1] as number)) continue;
      const inter = turf.intersect(turf.featureCollection([features[i] as Feature<Polygon | MultiPolygon>, features[j] as Feature<Polygon | MultiPolygon>]));
      if (!inter) continue;
      const rel = km2(inter) / Math.min(km2(features[i] as Feature<MultiPolygon>), km2(features[j] as Feature<MultiPolygon>));
      if (rel > worst) worst = rel;
    }
  }
  return worst;
}
