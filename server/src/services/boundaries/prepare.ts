// What the upload worker does with a boundary file (every step that costs per vertex, off the event
// loop): read it under the limits, decide its CRS, reproject its polygons to WGS84 and write each as
// GeoJSON text for PostGIS. The rest of the preview (matching, checks in PostGIS) is preview.ts.
import { HttpError } from '../../errors.ts';
import type { UploadLimits } from '../uploads/limits.ts';
import { decideCrs, firstPosition, reproject, transformFor, type CrsDecision } from './crs.ts';
import { readBoundaryFile, type ReadFile } from './read-file.ts';

/** GeoJSON geometry types in Chinese (a boundary must be a polygon). */
const GEOMETRY_TYPES: Record<string, string> = {
  Point: '点', MultiPoint: '多点', LineString: '线', MultiLineString: '多线', GeometryCollection: '几何集合',
};

type Rings = GeoJSON.Position[][];

export interface PreparedFile {
  format: ReadFile['format'];
  crs: CrsDecision;
  /** The features' attributes only (geometry null): what matching needs. */
  features: GeoJSON.Feature[];
  /** Per feature: its polygons in WGS84 as GeoJSON text, or why there are none. */
  shapes: { geom: string | null; problem: string | null }[];
}

/** The polygons of a geometry (KML MultiGeometry arrives as a GeometryCollection), or null. */
function polygonsOf(g: GeoJSON.Geometry | null | undefined): Rings[] | null {
  if (!g) return null;
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  if (g.type === 'GeometryCollection') {
    const parts = g.geometries.map(polygonsOf);
    return parts.every((p) => p !== null) && parts.length > 0 ? parts.flatMap((p) => p!) : null;
  }
  return null;
}

/** A ring PostGIS cannot even build (fewer than 4 positions, or not closed) is reported, not parsed. */
function ringProblem(polys: Rings[]): string | null {
  for (const poly of polys) {
    for (const ring of poly) {
      if (ring.length < 4) return `环只有 ${ring.length} 个顶点（至少需要 4 个）`;
      const a = ring[0]!; const b = ring[ring.length - 1]!;
      if (a[0] !== b[0] || a[1] !== b[1]) return '环未闭合（首尾坐标不同）';
    }
  }
  return null;
}

export async function prepareBoundaryFile(name: string, buf: Buffer, crsChoice: string, limits: UploadLimits): Promise<PreparedFile> {
  const read = await readBoundaryFile(name, buf, limits);
  // A file may hold anything where a feature should be: treat it as a feature without geometry.
  const features = read.features.map((f) => (f && typeof f === 'object' ? f : { type: 'Feature', geometry: null, properties: {} }) as GeoJSON.Feature);
  const sample = features.map((f) => firstPosition(f.geometry)).find(Boolean);
  const crs = decideCrs(crsChoice, read.crs, sample);
  const t = transformFor(crs.used);
  if (sample) {
    const [lng, lat] = t(sample);
    if (!(Math.abs(lng) <= 180 && Math.abs(lat) <= 90) || !Number.isFinite(lng)) {
      throw new HttpError(422, 'coordinates_out_of_range', `按 ${crs.label} 转换后坐标超出经纬度范围（首个坐标 ${sample.join(', ')}）：请选择正确的坐标系`, { sample, crs: crs.used });
    }
  }
  const shapes = features.map((f) => {
    const polys = polygonsOf(f.geometry);
    if (!polys) return { geom: null, problem: f.geometry ? `几何类型为${GEOMETRY_TYPES[f.geometry.type] ?? f.geometry.type}，不是面（多边形）：边界须为闭合的面` : '要素没有几何' };
    const problem = ringProblem(polys);
    if (problem) return { geom: null, problem };
    return { geom: JSON.stringify(reproject({ type: 'MultiPolygon', coordinates: polys }, t)), problem: null };
  });
  return {
    format: read.format,
    crs,
    // Geometry stays in `shapes`; matching reads only the attributes.
    features: features.map((f) => ({ type: 'Feature', geometry: null, properties: f.properties && typeof f.properties === 'object' ? f.properties : {} })) as unknown as GeoJSON.Feature[],
    shapes,
  };
}
