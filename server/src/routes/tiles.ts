import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { periodFilter, tileParams } from '../contract/queries.ts';
import { toBounds } from '../services/period.ts';
import { parse } from './validate.ts';
import { challenging, LOGGED_IN, route } from './access.ts';
import { baseUrl } from './ogc.ts';
import { style, tileJson } from '../services/tilejson.ts';
import { HttpError } from '../errors.ts';
import { TILE_LAYER_NAMES } from '../contract/queries.ts';
import { tileJsonParams } from '../contract/ogc.ts';
import { caseScope } from '../services/case-scope.ts';
import { casePointMode } from '../services/masking.ts';

export function tileRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, 'get', '/api/tiles/:layer/:z/:x/:y.mvt', LOGGED_IN, async (req, res) => {
    const t = parse(tileParams, req.params, 'invalid_tile', '瓦片地址无效');
    const q = parse(periodFilter, req.query, 'invalid_tile', '瓦片筛选条件无效');
    // Case points only for roles with access to parties; the others get per-grid counts (masking.ts).
    const view = { mode: casePointMode(req.actor!), tribunal: caseScope(req.actor!) };
    const tile = await ctx.tiles.tile(t.layer, t.z, t.x, t.y, { ...toBounds(q), type: q.type ?? null }, view);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Cookie, Authorization'); // what a tile holds depends on who asks (session or token)
    if (!tile) {
      res.status(204).end(); // nothing of this layer touches the tile (e.g. outside the district)
      return;
    }
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
  });
  // TileJSON and style: for GIS tools (QGIS, MapLibre apps), so a 401 asks them for the token.
  route(r, 'get', '/api/tiles/:layer.json', challenging(LOGGED_IN), async (req, res) => {
    const name = parse(tileJsonParams, req.params, 'invalid_tile', '瓦片图层名称无效').layer;
    const layer = TILE_LAYER_NAMES.find((l) => l === name);
    if (!layer) throw new HttpError(404, 'not_found', `没有名为 ${name.slice(0, 40)} 的瓦片图层；可用：${TILE_LAYER_NAMES.join('、')}`);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Cookie, Authorization');
    res.json(await tileJson(ctx.db.knex, req.actor!, baseUrl(req), layer));
  });
  route(r, 'get', '/api/style.json', challenging(LOGGED_IN), (req, res) => {
    res.setHeader('Cache-Control', 'private, no-cache');
    res.json(style(baseUrl(req)));
  });
  return r;
}
