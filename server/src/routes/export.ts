// GET /api/export/:layer?format=gpkg|shp&crs=4490|4326|4547|4526&encoding=gbk|utf-8 (+ the layer's
// property filters, bbox, datetime): a layer as a file for a GIS tool (services/export/). Who may export
// what is who may read it in the OGC API (a cookie session or a personal access token).
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { exportParams, exportQuery } from '../contract/export.ts';
import { exportLayer } from '../services/export/layer.ts';
import { challenging, LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

export function exportRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, 'get', '/api/export/:layer', challenging(LOGGED_IN), async (req, res) => {
    const { layer } = parse(exportParams, req.params, 'invalid_parameter', '图层名称无效');
    const q = parse(exportQuery, req.query, 'invalid_parameter', '导出参数无效');
    const file = await exportLayer(ctx.db.knex, req.actor!, layer, q, req.query);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('X-Feature-Count', String(file.features));
    res.type(file.contentType).send(file.body);
  });
  return r;
}
