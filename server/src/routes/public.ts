// Public directory (issue 5): no login, masked phones, never a case, an ID number or a location.
// The only anonymous data route; everything it answers comes from services/registry/directory.ts.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { publicDirectory } from '../services/registry/directory.ts';
import { ANONYMOUS, route } from './access.ts';

export function publicRoutes(ctx: AppContext): Router {
  const r = Router();
  route(r, 'get', '/api/public/directory', ANONYMOUS, async (_req, res) => {
    // Public and the same for everyone: a short cache spares the database from a refreshing crowd.
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.json(await publicDirectory(ctx.db.knex));
  });
  return r;
}
