// GET /api/export/outcomes?from&to[&township&tribunal]: the outcomes of a period as .xlsx for the filing
// division (issue 18 item 4; services/exports/outcomes.ts). Registered before /api/export/:layer, which
// would otherwise take "outcomes" for a layer name.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { outcomesExportQuery } from '../contract/outcomes.ts';
import { audit } from '../services/audit.ts';
import { readDatasetInfo } from '../services/dataset.ts';
import { attachment } from '../services/exports/list-workbook.ts';
import { outcomesExport } from '../services/exports/outcomes.ts';
import { allow, route } from './access.ts';
import { parse } from './validate.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function outcomeRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  route(r, 'get', '/api/export/outcomes', allow('dispatcher', 'leader'), async (req, res) => {
    const q = parse(outcomesExportQuery, req.query);
    const x = await outcomesExport(knex, req.actor!, q, (await readDatasetInfo(knex)).demo);
    await audit(req, 'assessment.export', { type: 'outcomes', id: `${q.from}/${q.to}` }, { period: { from: q.from, to: q.to }, township: q.township ?? null, tribunal: q.tribunal ?? null, rows: x.total });
    res.setHeader('Cache-Control', 'private, no-store');
    res.type(XLSX).set('Content-Disposition', attachment(x.name, x.fallback)).send(x.file);
  });
  return r;
}
