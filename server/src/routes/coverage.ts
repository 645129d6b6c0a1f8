// Planning (issue 6): coverage of villages and grids, what-if scenarios, best new sites.
// (Scaffold: filled in by the work.)
import { Router } from 'express';
import type { AppContext } from '../app.ts';

export function coverageRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
