import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { runSql } from '../db/sql.ts';
import { ANONYMOUS, route } from './access.ts';
import { readDatasetInfo } from '../services/dataset.ts';

export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, 'get', '/api/health', ANONYMOUS, async (_req, res) => {
    try {
      const [row] = await runSql<{ postgis: string }>(ctx.db.knex, 'health');
      res.json({ status: 'ok', database: ctx.db.kind, postgis: row!.postgis });
    } catch (err) {
      ctx.log.warn({ err }, 'health check: database unavailable');
      res.status(503).json({ error: { code: 'database_unavailable', message: '数据库暂时不可用，请稍后重试', details: { database: ctx.db.kind } } });
    }
  });
  // What the client needs before its first data request: the basemap, the AMap marker link template (only
  // with AMAP_LINKS=on: it names an outside host), and which data set is loaded (demo or not, and the day
  // its cases end, from which the period presets count back).
  route(r, 'get', '/api/config', ANONYMOUS, async (_req, res) => {
    res.json({
      app_name: '浉河区诉源治理网格地图', basemap_url: ctx.config.BASEMAP_URL ?? null,
      amap_marker_url: ctx.config.AMAP_LINKS === 'on' ? ctx.config.AMAP_MARKER_URL : null,
      dataset: await readDatasetInfo(ctx.db.knex),
    });
  });
  return r;
}
