// Assessment (issue 7): performance, training, legal publicity, leadership dashboard.
// (Scaffold: filled in by the work.)
import { Router } from 'express';
import type { AppContext } from '../app.ts';

export function assessmentRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
