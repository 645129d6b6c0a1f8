// OGC API - Features items: one page of a collection, or one feature, as GeoJSON with the links,
// numberMatched and numberReturned Part 1 asks for, in CRS84, EPSG:4326 or EPSG:4490 (Part 2).
import type { Knex } from '../../db/types.ts';
import { latitudeFirst, type OgcCrs, type OgcItemsQuery } from '../../contract/ogc.ts';
import { loadSql, runSql, type SqlParams } from '../../db/sql.ts';
import { HttpError } from '../../errors.ts';
import { caseScope } from '../case-scope.ts';
import type { Actor } from '../masking.ts';
import { phoneFor } from '../registry/common.ts';
import { OGC_COMMON_PARAMS } from '../../contract/ogc.ts';
import type { CollectionSpec } from './collections.ts';
import { collectionLinks, itemUrl, type Links, type OgcLink } from './links.ts';

interface Row { matched: number; fid: string | null; geometry: string | null; props: string | null }

/** Refuses (400) a parameter that is neither a common one nor one of the collection's filters. */
export function checkParameters(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw new HttpError(400, 'unknown_parameter', `不支持的查询参数：${unknown.join('、')}；可用参数：${allowed.join('、')}`, { unknown, allowed });
  }
}

export const itemsParameters = (c: CollectionSpec) => [...OGC_COMMON_PARAMS, ...Object.keys(c.filters)];

/** The property filters of a request, checked against the collection's list and typed. */
function propertyFilters(c: CollectionSpec, query: Record<string, unknown>): { where: string; params: SqlParams } {
  let where = '';
  const params: SqlParams = {};
  for (const [name, f] of Object.entries(c.filters)) {
    const v = query[name];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 40 || (f.type === 'int' && !/^\d{1,9}$/.test(v))) {
      throw new HttpError(400, 'invalid_parameter', `参数 ${name} 的值无效${f.type === 'int' ? '：应为整数' : ''}`, { parameter: name, value: String(v).slice(0, 60) });
    }
    // Column names come from the collection's constants; only the values are bound.
    where += f.type === 'int' ? ` AND q.${f.column} = CAST(:f_${name} AS int)` : ` AND q.${f.column} = ANY(string_to_array(CAST(:f_${name} AS text), ','))`;
    params[`f_${name}`] = f.type === 'int' ? Number(v) : v;
  }
  return { where, params };
}

function baseParams(actor: Actor): SqlParams {
  return { tribunal: caseScope(actor), t_from: null, t_to: null, bbox_w: null, bbox_s: null, bbox_e: null, bbox_n: null };
}

async function run(knex: Knex, c: CollectionSpec, where: string, params: SqlParams): Promise<Row[]> {
  return runSql<Row>(knex, 'ogc-items', params, { source: loadSql(c.source), where });
}

/**
 * Every feature of a collection that matches the filters, as this actor may see it (phones masked, cases
 * in its scope or as counts per grid): the layer exports (services/export/) read through here, so a file
 * holds exactly what the OGC API and the app's own API answer.
 */
export async function allFeatures(knex: Knex, actor: Actor, c: CollectionSpec, where: string, params: SqlParams): Promise<GeoJSON.Feature[]> {
  const rows = await run(knex, c, where, { ...params, limit: 10_000_000, offset: 0, lat_first: false });
  return rows.filter((r) => r.fid !== null).map((r) => JSON.parse(featureText(c, r, actor, null)) as GeoJSON.Feature);
}

/** A feature as GeoJSON text: the geometry passes through as PostGIS wrote it. */
function featureText(c: CollectionSpec, r: Row, actor: Actor, links: OgcLink[] | null): string {
  const props = JSON.parse(r.props!) as Record<string, unknown>;
  for (const p of c.phones) if (p in props) props[p] = phoneFor(props[p] as string | null, actor.role);
  const id = c.fid === 'int' ? Number(r.fid) : r.fid;
  const linkText = links ? `,"links":${JSON.stringify(links)}` : '';
  return `{"type":"Feature","id":${JSON.stringify(id)},"geometry":${r.geometry ?? 'null'},"properties":${JSON.stringify(props)}${linkText}}`;
}

export interface ItemsPage { body: string; crs: OgcCrs }

/** The WHERE clause and parameters of an items request (bbox, datetime, property filters), without paging. */
export function itemsFilter(
  actor: Actor, c: CollectionSpec, q: Pick<OgcItemsQuery, 'bbox' | 'bbox-crs' | 'datetime'>, rawQuery: Record<string, unknown>,
): { where: string; params: SqlParams } {
  const filters = propertyFilters(c, rawQuery);
  const params: SqlParams = { ...baseParams(actor), ...filters.params };
  let where = filters.where;
  if (q.bbox) {
    // A bbox in EPSG:4326/4490 lists latitude first: turn it into longitude-first numbers.
    const [a, b, cc, d] = q.bbox;
    const [w, s, e, n] = latitudeFirst(q['bbox-crs']) ? [b, a, d, cc] : [a, b, cc, d];
    if (w > e || s > n) throw new HttpError(400, 'invalid_parameter', 'bbox 的最小值大于最大值（跨越 180° 经线的范围不支持）', { bbox: q.bbox });
    Object.assign(params, { bbox_w: w, bbox_s: s, bbox_e: e, bbox_n: n });
    // A point meets a box exactly when it is inside the box's bounds: `&&` alone (the index test) decides
    // it, without ST_Intersects' cost per row (a third of a bbox query of points on the embedded database).
    where += c.geometry === 'point'
      ? ' AND q.geom && ST_MakeEnvelope(:bbox_w, :bbox_s, :bbox_e, :bbox_n, 4326)'
      : ' AND ST_Intersects(q.geom, ST_MakeEnvelope(:bbox_w, :bbox_s, :bbox_e, :bbox_n, 4326))';
  } else if (rawQuery['bbox-crs'] !== undefined) {
    throw new HttpError(400, 'invalid_parameter', 'bbox-crs 只能与 bbox 一起使用', { parameter: 'bbox-crs' });
  }
  if (q.datetime) {
    if (!c.temporal) throw new HttpError(400, 'invalid_parameter', `集合 ${c.id} 没有时间属性，不支持 datetime 参数`, { collection: c.id });
    Object.assign(params, { t_from: q.datetime.from, t_to: q.datetime.to });
    if (c.temporal === 'row') {
      where += ' AND (CAST(:t_from AS timestamptz) IS NULL OR q.t >= CAST(:t_from AS timestamptz))';
      where += ' AND (CAST(:t_to AS timestamptz) IS NULL OR q.t <= CAST(:t_to AS timestamptz))';
    }
  }
  return { where, params };
}

export async function itemsPage(
  knex: Knex, actor: Actor, c: CollectionSpec, q: OgcItemsQuery, rawQuery: Record<string, unknown>, links: Links,
): Promise<ItemsPage> {
  checkParameters(rawQuery, itemsParameters(c));
  const { where, params } = itemsFilter(actor, c, q, rawQuery);
  Object.assign(params, { limit: q.limit, offset: q.offset, lat_first: latitudeFirst(q.crs) });
  const rows = await run(knex, c, where, params);
  const matched = rows[0]?.matched ?? 0;
  const features = rows.filter((r) => r.fid !== null);
  const pageLinks = links.page(q.offset, q.limit, features.length, matched);
  const body = `{"type":"FeatureCollection","numberMatched":${matched},"numberReturned":${features.length},"timeStamp":"${new Date().toISOString()}",`
    + `"links":${JSON.stringify(pageLinks)},"features":[${features.map((r) => featureText(c, r, actor, null)).join(',')}]}`;
  return { body, crs: q.crs };
}

/** One feature, or a 404 that says which collection lacks it. */
export async function oneItem(knex: Knex, actor: Actor, c: CollectionSpec, fid: string, crs: OgcCrs, base: string): Promise<string> {
  const valid = c.fid === 'int' ? /^\d{1,9}$/.test(fid) : /^[0-9A-Za-z_-]{1,40}$/.test(fid);
  const notFound = () => new HttpError(404, 'feature_not_found', `集合 ${c.id} 中没有编号为 ${fid.slice(0, 40)} 的要素`, { collection: c.id, id: fid.slice(0, 40) });
  if (!valid) throw notFound();
  const params: SqlParams = { ...baseParams(actor), fid, limit: 1, offset: 0, lat_first: latitudeFirst(crs) };
  const rows = await run(knex, c, ' AND q.fid::text = :fid', params);
  const row = rows.find((r) => r.fid !== null);
  if (!row) throw notFound();
  const links: OgcLink[] = [
    { href: itemUrl(base, c.id, row.fid!), rel: 'self', type: 'application/geo+json', title: '本要素' },
    ...collectionLinks(base, c.id).filter((l) => l.rel === 'collection'),
  ];
  return featureText(c, row, actor, links);
}
