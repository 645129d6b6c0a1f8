// A FlatGeobuf file → its features (flatgeobuf's reader, one feature at a time so the limits are checked
// while reading) and the CRS of its header.
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { HttpError } from '../../errors.ts';
import { limitError, type UploadLimits } from '../uploads/limits.ts';
import { crsFromPrj } from './crs.ts';
import type { ReadFile } from './read-file.ts';

const SUPPORTED = (code: number) => code === 4326 || code === 4490 || (code >= 4513 && code <= 4554);

export async function readFlatGeobuf(buf: Buffer, limits: UploadLimits, bad: (m: string, d?: unknown) => HttpError, countVertices: (g: unknown, budget: number) => number): Promise<ReadFile> {
  let header: HeaderMeta | null = null;
  const features: GeoJSON.Feature[] = [];
  let vertices = 0;
  try {
    const it = deserialize(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), {
      headerMetaFn: (h: HeaderMeta) => {
        header = h;
        if (h.featuresCount > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素数', limits.maxFeatures, h.featuresCount);
      },
    });
    for await (const f of it) {
      if (features.length + 1 > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素数', limits.maxFeatures, features.length + 1, { atLeast: true });
      vertices += countVertices(f.geometry, limits.maxVertices - vertices);
      if (vertices > limits.maxVertices) throw limitError('UPLOAD_MAX_VERTICES', '顶点数', limits.maxVertices, vertices, { atLeast: true });
      features.push({ type: 'Feature', geometry: f.geometry as GeoJSON.Geometry, properties: (f.properties ?? {}) as Record<string, unknown> });
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw bad(`FlatGeobuf 无法解析：${(e as Error).message}`);
  }
  const c = (header as HeaderMeta | null)?.crs;
  let crs: ReadFile['crs'] = null;
  if (c && (c.code > 0 || c.wkt)) {
    if ((c.org ?? 'EPSG').toUpperCase() === 'EPSG' && SUPPORTED(c.code)) crs = { used: `EPSG:${c.code}`, source: 'prj', note: null };
    else crs = { used: crsFromPrj(c.wkt ?? c.name ?? `EPSG:${c.code}`), source: 'prj', note: null };
  }
  return { format: 'flatgeobuf', features, crs };
}
