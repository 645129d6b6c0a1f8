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
  /** Per feature: its polygons in WGS84 as GeoJSON text, or every reason why there are none. */
  shapes: { geom: string | null; problems: ShapeProblem[] }[];
}

/** Why a feature has no usable polygon, with the place it concerns (WGS84 lng/lat; null: no coordinates). */
export interface ShapeProblem { kind: 'not_polygon' | 'invalid_geometry'; message: string; at: [number, number] | null }

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

/** Every ring PostGIS cannot even build (fewer than 4 positions, or not closed), at the ring's first vertex. */
function ringProblems(polys: Rings[], t: (xy: GeoJSON.Position) => [number, number]): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  polys.forEach((poly, i) => poly.forEach((ring, j) => {
    const which = `${polys.length > 1 ? `第 ${i + 1} 个面的` : ''}${j === 0 ? '外环' : `第 ${j} 个内环`}`;
    const at = ring[0] ? at7(t(ring[0])) : null;
    if (ring.length < 4) out.push({ kind: 'invalid_geometry', message: `${which}只有 ${ring.length} 个顶点（至少需要 4 个）`, at });
    else {
      const a = ring[0]!; const b = ring[ring.length - 1]!;
      if (a[0] !== b[0] || a[1] !== b[1]) out.push({ kind: 'invalid_geometry', message: `${which}未闭合（首尾坐标不同）`, at });
    }
  }));
  return out;
}

const at7 = ([x, y]: [number, number]): [number, number] | null =>
  (Number.isFinite(x) && Number.isFinite(y) ? [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7] : null);

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
    if (!polys) {
      const first = firstPosition(f.geometry);
      const message = f.geometry ? `几何类型为${GEOMETRY_TYPES[f.geometry.type] ?? f.geometry.type}，不是面（多边形）：边界须为闭合的面` : '要素没有几何';
      return { geom: null, problems: [{ kind: 'not_polygon' as const, message, at: first ? at7(t(first)) : null }] };
    }
    const problems = ringProblems(polys, t);
    if (problems.length) return { geom: null, problems };
    return { geom: JSON.stringify(reproject({ type: 'MultiPolygon', coordinates: polys }, t)), problems: [] };
  });
  return {
    format: read.format,
    crs,
    // Geometry stays in `shapes`; matching reads only the attributes.
    features: features.map((f) => ({ type: 'Feature', geometry: null, properties: f.properties && typeof f.properties === 'object' ? f.properties : {} })) as unknown as GeoJSON.Feature[],
    shapes,
  };
}
