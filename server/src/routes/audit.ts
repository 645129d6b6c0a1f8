// The audit log for the admin: read only (the API has no way to change or delete a row).
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { auditQuery } from '../contract/auth.ts';
import { listAudit } from '../services/audit.ts';
import { ADMIN, route } from './access.ts';
import { parse } from './validate.ts';

export function auditRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, 'get', '/api/audit', ADMIN, async (req, res) => {
    res.json(await listAudit(ctx.db.knex, parse(auditQuery, req.query)));
  });
  return r;
}
