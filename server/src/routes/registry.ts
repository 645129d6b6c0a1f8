// Registry (issue 5): mediators, organisations, tribunals, Excel/CSV import and export.
// (Scaffold: filled in by the work.)
import { Router } from 'express';
import type { AppContext } from '../app.ts';

export function registryRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
