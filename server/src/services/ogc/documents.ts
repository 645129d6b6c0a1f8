// The metadata documents of the OGC API - Features endpoint: landing page, conformance, collections
// (with extents and the CRS of Part 2) and the OpenAPI 3.0 definition, for the collections this actor
// may read (services/ogc/collections.ts).
import type { Knex } from '../../db/types.ts';
import { CRS84, OGC_CRS, OGC_LIMIT_DEFAULT, OGC_LIMIT_MAX } from '../../contract/ogc.ts';
import { runSql } from '../../db/sql.ts';
import type { Actor } from '../masking.ts';
import { collectionsFor, type CollectionSpec } from './collections.ts';
import { collectionLinks, collectionUrl, GEOJSON, JSON_TYPE, OPENAPI, ogcRoot, type OgcLink } from './links.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];

const TITLE = '浉河区诉源治理网格地图 · OGC API - Features';

export function landingPage(base: string) {
  const root = ogcRoot(base);
  const links: OgcLink[] = [
    { href: root, rel: 'self', type: JSON_TYPE, title: '本页' },
    { href: `${root}/api`, rel: 'service-desc', type: OPENAPI, title: 'OpenAPI 3.0 接口定义' },
    { href: `${root}/conformance`, rel: 'conformance', type: JSON_TYPE, title: '符合的标准类' },
    { href: `${root}/collections`, rel: 'data', type: JSON_TYPE, title: '数据集合' },
  ];
  return { title: TITLE, description: '乡镇街道、村（社区）、网格、法庭辖区、调解组织、调解员和案件（按角色可见）。边界为示意，名册和案件为演示数据。', links };
}

export const conformance = () => ({ conformsTo: CONFORMANCE });

interface Extent { xmin: number; ymin: number; xmax: number; ymax: number; first_case: Date | null; last_case: Date | null }

async function extent(knex: Knex): Promise<Extent> {
  const [row] = await runSql<Extent>(knex, 'ogc-extent');
  return row!;
}

function describe(base: string, c: CollectionSpec, e: Extent) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    links: [
      { href: collectionUrl(base, c.id), rel: 'self', type: JSON_TYPE, title: c.title },
      ...collectionLinks(base, c.id).filter((l) => l.rel === 'items'),
    ],
    extent: {
      spatial: { bbox: [[e.xmin, e.ymin, e.xmax, e.ymax].map((v) => Math.round(Number(v) * 1e6) / 1e6)], crs: CRS84 },
      ...(c.temporal ? { temporal: { interval: [[iso(e.first_case), iso(e.last_case)]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    crs: [...OGC_CRS],
    storageCrs: CRS84,
  };
}

export async function collections(knex: Knex, actor: Actor, base: string) {
  const e = await extent(knex);
  return {
    links: [{ href: `${ogcRoot(base)}/collections`, rel: 'self', type: JSON_TYPE, title: '数据集合' }],
    collections: collectionsFor(actor).map((c) => describe(base, c, e)),
    crs: [...OGC_CRS],
  };
}

export async function collection(knex: Knex, base: string, c: CollectionSpec) {
  return describe(base, c, await extent(knex));
}

// --- the OpenAPI 3.0 definition ------------------------------------------------------------------

const error = { description: '错误：{ "error": { "code", "message", "details" } }', content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/error' } } } };
const json = (description: string) => ({ description, content: { [JSON_TYPE]: { schema: { type: 'object' } } } });

export function openApi(actor: Actor, base: string) {
  const paths: Record<string, unknown> = {
    '/': { get: { summary: '首页', operationId: 'getLandingPage', responses: { 200: json('首页与链接'), 401: error } } },
    '/conformance': { get: { summary: '符合的标准类', operationId: 'getConformance', responses: { 200: json('conformsTo'), 401: error } } },
    '/api': { get: { summary: '本接口定义', operationId: 'getApi', responses: { 200: { description: 'OpenAPI 3.0', content: { [OPENAPI]: {} } } } } },
    '/collections': { get: { summary: '数据集合', operationId: 'getCollections', responses: { 200: json('集合列表'), 401: error } } },
  };
  for (const c of collectionsFor(actor)) {
    const filters = Object.entries(c.filters).map(([name, f]) => ({
      name, in: 'query', required: false, description: f.description, schema: { type: f.type === 'int' ? 'integer' : 'string' }, style: 'form', explode: false,
    }));
    const common = ['limit', 'offset', 'bbox', 'bbox-crs', 'crs', ...(c.temporal ? ['datetime'] : [])].map((p) => ({ $ref: `#/components/parameters/${p}` }));
    paths[`/collections/${c.id}`] = { get: { summary: c.title, operationId: `describe_${c.id}`, responses: { 200: json('集合说明'), 404: error } } };
    paths[`/collections/${c.id}/items`] = {
      get: {
        summary: `${c.title}：要素`, operationId: `get_${c.id}_items`, parameters: [...common, ...filters],
        responses: {
          200: { description: 'GeoJSON FeatureCollection', content: { [GEOJSON]: { schema: { $ref: '#/components/schemas/featureCollection' } } } },
          400: error, 401: error,
        },
      },
    };
    paths[`/collections/${c.id}/items/{featureId}`] = {
      get: {
        summary: `${c.title}：单个要素`, operationId: `get_${c.id}_item`,
        parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: c.fid === 'int' ? 'integer' : 'string' } }, { $ref: '#/components/parameters/crs' }],
        responses: { 200: { description: 'GeoJSON Feature', content: { [GEOJSON]: { schema: { type: 'object' } } } }, 404: error },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: TITLE, version: '1.0.0', description: '需要登录：HTTP Basic（用户名为登录名，密码为个人访问令牌）或 Authorization: Bearer <令牌>。' },
    servers: [{ url: ogcRoot(base) }],
    security: [{ basic: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: { basic: { type: 'http', scheme: 'basic' }, bearer: { type: 'http', scheme: 'bearer' } },
      parameters: {
        limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: OGC_LIMIT_MAX, default: OGC_LIMIT_DEFAULT } },
        offset: { name: 'offset', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        bbox: { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
        'bbox-crs': { name: 'bbox-crs', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'string', format: 'uri', enum: [...OGC_CRS], default: CRS84 } },
        crs: { name: 'crs', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'string', format: 'uri', enum: [...OGC_CRS], default: CRS84 } },
        datetime: { name: 'datetime', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'string' } },
      },
      schemas: {
        error: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
        featureCollection: {
          type: 'object', required: ['type', 'features'],
          properties: { type: { type: 'string', enum: ['FeatureCollection'] }, features: { type: 'array', items: { type: 'object' } }, numberMatched: { type: 'integer' }, numberReturned: { type: 'integer' }, links: { type: 'array' }, timeStamp: { type: 'string', format: 'date-time' } },
        },
      },
    },
  };
}
