import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { tileParams } from '../contract/queries.ts';
import { parse } from './validate.ts';

export function tileRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/api/tiles/:layer/:z/:x/:y.mvt', async (req, res) => {
    const t = parse(tileParams, req.params, 'invalid_tile', '瓦片地址无效');
    const tile = await ctx.tiles.tile(t.layer, t.z, t.x, t.y);
    res.setHeader('Cache-Control', 'no-cache');
    if (!tile) {
      res.status(204).end(); // nothing of this layer touches the tile (e.g. outside the district)
      return;
    }
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
  });
  return r;
}
