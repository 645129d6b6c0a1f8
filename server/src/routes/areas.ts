import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { areasQuery, locateQuery, periodFilter } from '../contract/queries.ts';
import { HttpError } from '../errors.ts';
import { areasGeoJson } from '../services/areas.ts';
import { locatePoint } from '../services/locate.ts';
import { statsSummary } from '../services/stats.ts';
import { readDatasetInfo } from '../services/dataset.ts';
import { parse } from './validate.ts';
import { LOGGED_IN, route } from './access.ts';

export function areaRoutes(ctx: AppContext): Router {
  const r = Router();

  route(r, 'get', '/api/areas', LOGGED_IN, async (req, res) => {
    const q = parse(areasQuery, req.query);
    const fc = await areasGeoJson(ctx.db.knex, q.level, q);
    res.type('application/geo+json').send(fc);
  });

  route(r, 'get', '/api/locate', LOGGED_IN, async (req, res) => {
    const q = parse(locateQuery, req.query, 'invalid_coordinates', '坐标无效');
    const result = await locatePoint(ctx.db.knex, q.lng, q.lat);
    if (result.outcome === 'outside_district') {
      throw new HttpError(404, 'outside_district', `该位置（${q.lng}, ${q.lat}）不在浉河区范围内`, { lng: q.lng, lat: q.lat });
    }
    const { outcome: _outcome, ...units } = result;
    res.json(units);
  });

  route(r, 'get', '/api/stats/summary', LOGGED_IN, async (req, res) => {
    const q = parse(periodFilter, req.query);
    res.json(await statsSummary(ctx.db.knex, q, await readDatasetInfo(ctx.db.knex)));
  });

  return r;
}
