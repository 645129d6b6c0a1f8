// OGC API - Features (Part 1 Core + GeoJSON + OpenAPI 3.0, Part 2 CRS), thin HTTP, for GIS tools:
// `ogrinfo OAPIF:<base>/api/ogc`, QGIS "OGC API - Features". Every logged-in role reads what it may
// (services/ogc/collections.ts); anonymous requests get 401 with `WWW-Authenticate: Basic`, so the tool
// asks for the login name and a personal access token (routes/tokens.ts). Nothing here is public: the
// public directory (routes/public.ts) publishes no location.
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app.ts';
import { collectionParams, itemParams, ogcDocQuery, ogcItemQuery, ogcItemsQuery } from '../contract/ogc.ts';
import { HttpError } from '../errors.ts';
import { collectionFor } from '../services/ogc/collections.ts';
import { collection, collections, conformance, landingPage, openApi } from '../services/ogc/documents.ts';
import { checkParameters, itemsPage, oneItem } from '../services/ogc/items.ts';
import { GEOJSON, itemsLinks, OPENAPI } from '../services/ogc/links.ts';
import { challenging, LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

/** The absolute base URL of this request (X-Forwarded-Proto/-Host count only under TRUST_PROXY). */
export const baseUrl = (req: Request) => `${req.protocol}://${req.host}`;

const RULE = challenging(LOGGED_IN);

function send(res: Response, type: string, body: unknown, crs?: string) {
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Cookie, Authorization'); // what a document holds depends on who asks
  if (crs) res.setHeader('Content-Crs', `<${crs}>`);
  res.type(type).send(typeof body === 'string' ? body : JSON.stringify(body));
}

const doc = (req: Request) => {
  checkParameters(req.query, ['f']);
  parse(ogcDocQuery, req.query, 'invalid_parameter', '参数无效');
};

function spec(req: Request) {
  const { collectionId } = parse(collectionParams, req.params, 'invalid_parameter', '集合名称无效');
  const c = collectionFor(req.actor!, collectionId);
  if (!c) throw new HttpError(404, 'collection_not_found', `没有名为 ${collectionId.slice(0, 40)} 的集合（或您的账号无权查看）`, { collection: collectionId.slice(0, 40) });
  return c;
}

export function ogcRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  route(r, 'get', '/api/ogc', RULE, (req, res) => { doc(req); send(res, 'application/json', landingPage(baseUrl(req))); });
  route(r, 'get', '/api/ogc/conformance', RULE, (req, res) => { doc(req); send(res, 'application/json', conformance()); });
  route(r, 'get', '/api/ogc/api', RULE, (req, res) => { doc(req); send(res, OPENAPI, openApi(req.actor!, baseUrl(req))); });
  route(r, 'get', '/api/ogc/collections', RULE, async (req, res) => {
    doc(req);
    send(res, 'application/json', await collections(knex, req.actor!, baseUrl(req)));
  });
  route(r, 'get', '/api/ogc/collections/:collectionId', RULE, async (req, res) => {
    doc(req);
    send(res, 'application/json', await collection(knex, baseUrl(req), spec(req)));
  });
  route(r, 'get', '/api/ogc/collections/:collectionId/items', RULE, async (req, res) => {
    const c = spec(req);
    const q = parse(ogcItemsQuery, req.query, 'invalid_parameter', '查询参数无效');
    const page = await itemsPage(knex, req.actor!, c, q, req.query, itemsLinks(baseUrl(req), c.id, req.query));
    send(res, GEOJSON, page.body, page.crs);
  });
  route(r, 'get', '/api/ogc/collections/:collectionId/items/:featureId', RULE, async (req, res) => {
    const c = spec(req);
    checkParameters(req.query, ['crs', 'f']);
    const q = parse(ogcItemQuery, req.query, 'invalid_parameter', '查询参数无效');
    const { featureId } = parse(itemParams, req.params, 'invalid_parameter', '要素编号无效');
    send(res, GEOJSON, await oneItem(knex, req.actor!, c, featureId, q.crs, baseUrl(req)), q.crs);
  });
  return r;
}
