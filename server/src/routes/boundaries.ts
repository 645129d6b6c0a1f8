// Boundary import (issue 5): GeoJSON, zipped Shapefile and KML, previewed, committed as versions.
// (Scaffold: filled in by the work.)
import { Router } from 'express';
import type { AppContext } from '../app.ts';

export function boundaryRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
