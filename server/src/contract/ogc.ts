// OGC API - Features (Part 1 Core, Part 2 CRS): the query parameters every items request may carry,
// validated here; a collection's property filters are checked against its own list (services/ogc/).
import { z } from 'zod';
import { dateTime, day, intText, storableString } from './fields.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
export const EPSG4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
/** The coordinate systems of every collection; CRS84 (longitude first) is the default and storage CRS. */
export const OGC_CRS = [CRS84, EPSG4326, EPSG4490] as const;
export type OgcCrs = (typeof OGC_CRS)[number];
/** EPSG:4326 and EPSG:4490 list latitude first (their EPSG axis order), CRS84 longitude first. */
export const latitudeFirst = (crs: OgcCrs) => crs !== CRS84;

export const OGC_LIMIT_DEFAULT = 100;
/** A larger limit is served as this many (Part 1 lets a server cap it; GDAL asks for its page size). */
export const OGC_LIMIT_MAX = 10_000;

/** Parameters every items request may carry, besides the collection's property filters. */
export const OGC_COMMON_PARAMS = ['limit', 'offset', 'bbox', 'bbox-crs', 'crs', 'datetime', 'f'] as const;

export const crs = (label: string) =>
  z.enum(OGC_CRS, { error: `${label} 只支持 ${OGC_CRS.join('、')}` });

export const bbox = z
  .string()
  .transform((s, ctx) => {
    const n = s.split(',').map((v) => (/^\s*[-+]?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN));
    if ((n.length !== 4 && n.length !== 6) || n.some((v) => !Number.isFinite(v))) {
      ctx.addIssue({ code: 'custom', message: 'bbox 应为 4 个（或含高程的 6 个）逗号分隔的数字：最小经度,最小纬度,最大经度,最大纬度' });
      return z.NEVER;
    }
    // 3D boxes (minx, miny, minz, maxx, maxy, maxz): the heights are ignored.
    return (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as [number, number, number, number];
  });

/**
 * `2026-01-01`, `2026-01-01T08:00:00Z`, or an interval `a/b` with `..` (or nothing) for an open end. Each
 * end is a day or a time by the app's one rule (contract/fields.ts: a real day, 2000-01-01 … today + 5 years).
 */
const DAY_FIELD = day('datetime 的日期');
const TIME_FIELD = dateTime('datetime 的时间');
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;
type Instant = string | null | { refused: string };
function instant(s: string, end: boolean): Instant {
  if (s === '' || s === '..') return null;
  if (DATE_TIME.test(s)) {
    const r = TIME_FIELD.safeParse(s);
    return r.success ? new Date(s).toISOString() : { refused: r.error.issues[0]!.message };
  }
  const r = DAY_FIELD.safeParse(s);
  // A day is a day in Asia/Shanghai (the court's calendar, as everywhere in the app).
  return r.success ? `${s}T${end ? '23:59:59.999' : '00:00:00'}+08:00` : { refused: r.error.issues[0]!.message };
}
export const datetime = z.string().transform((s, ctx) => {
  const parts = s.split('/');
  const bad = (why?: string) => {
    ctx.addIssue({ code: 'custom', message: why ?? 'datetime 应为 RFC 3339 时间或日期（如 2026-01-01 或 2026-01-01T08:00:00Z），或区间 开始/结束（开放端写 ..）' });
    return z.NEVER;
  };
  if (parts.length > 2 || (parts.length === 1 && (parts[0] === '..' || parts[0] === ''))) return bad();
  const ends = parts.length === 1 ? [instant(parts[0]!, false), instant(parts[0]!, true)] : [instant(parts[0]!, false), instant(parts[1]!, true)];
  const refused = ends.find((e): e is { refused: string } => typeof e === 'object' && e !== null);
  if (refused) return bad(refused.refused);
  const [from, to] = ends as (string | null)[];
  if (from === null && to === null) return bad();
  if (from && to && Date.parse(from) > Date.parse(to)) return bad('datetime 区间的开始晚于结束');
  return { from, to };
});

const count = (label: string, max: number) => intText(label, 0, max);

export const ogcItemsQuery = z.object({
  limit: count('limit', 1_000_000_000).refine((v) => v >= 1, 'limit 至少为 1').transform((v) => Math.min(v, OGC_LIMIT_MAX)).optional().default(OGC_LIMIT_DEFAULT),
  offset: count('offset', 100_000_000).optional().default(0),
  bbox: bbox.optional(),
  'bbox-crs': crs('bbox-crs').optional().default(CRS84),
  crs: crs('crs').optional().default(CRS84),
  datetime: datetime.optional(),
  f: z.enum(['json', 'geojson'], { error: 'f 只支持 json、geojson' }).optional(),
});
export type OgcItemsQuery = z.infer<typeof ogcItemsQuery>;

/** A single feature: only the output CRS and format may be chosen. */
export const ogcItemQuery = z.object({
  crs: crs('crs').optional().default(CRS84),
  f: z.enum(['json', 'geojson'], { error: 'f 只支持 json、geojson' }).optional(),
});

/** Metadata documents (landing page, conformance, collections, the OpenAPI document). */
export const ogcDocQuery = z.object({ f: z.enum(['json'], { error: 'f 只支持 json' }).optional() });

/**
 * Path parameters. An unknown collection or feature is a 404 (OGC API's rule), decided by the service, so
 * these only bound the text; they are here so the fuzzer reaches them (contract/routes.ts).
 */
export const collectionParams = z.object({ collectionId: storableString('集合名称', 100) });
export const itemParams = collectionParams.extend({ featureId: storableString('要素编号', 100) });
export const tileJsonParams = z.object({ layer: storableString('瓦片图层', 100) });
