// Public directory (issue 5): no login, masked phones, never a case.
// (Scaffold: filled in by the work.)
import { Router } from 'express';
import type { AppContext } from '../app.ts';

export function publicRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
