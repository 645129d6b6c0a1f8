import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { periodFilter, tileParams } from '../contract/queries.ts';
import { toBounds } from '../services/period.ts';
import { parse } from './validate.ts';
import { LOGGED_IN, route } from './access.ts';
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
    res.setHeader('Vary', 'Cookie'); // what a tile holds depends on who asks
    if (!tile) {
      res.status(204).end(); // nothing of this layer touches the tile (e.g. outside the district)
      return;
    }
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
  });
  return r;
}
