import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { runSql } from '../db/sql.ts';

export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/api/health', async (_req, res) => {
    try {
      const [row] = await runSql<{ postgis: string }>(ctx.db.knex, 'health');
      res.json({ status: 'ok', database: ctx.db.kind, postgis: row!.postgis });
    } catch (err) {
      ctx.log.warn({ err }, 'health check: database unavailable');
      res.status(503).json({ error: { code: 'database_unavailable', message: '数据库暂时不可用，请稍后重试', details: { database: ctx.db.kind } } });
    }
  });
  r.get('/api/config', (_req, res) => {
    res.json({ app_name: '浉河区诉源治理网格地图', basemap_url: ctx.config.BASEMAP_URL ?? null });
  });
  return r;
}
