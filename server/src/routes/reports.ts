// Grid reports (网格上报), thin HTTP: validate with contract/reports.ts, call services/reports.ts, audit.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { reportBody } from '../contract/reports.ts';
import { audit } from '../services/audit.ts';
import { createReport } from '../services/reports.ts';
import { allow, route } from './access.ts';
import { parse } from './validate.ts';

export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, 'post', '/api/reports', allow('mediator'), async (req, res) => {
    const b = parse(reportBody, req.body ?? {});
    const answer = await createReport(ctx.db.knex, req.actor!, b, (trx, action, target, details) => audit(req, action, target, details, { trx }));
    res.status(201).json(answer);
  });
  return r;
}
