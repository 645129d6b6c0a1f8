// The Express application, built from its dependencies; it never listens (index.ts does), so tests
// start it on any port against any database.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import type { HelmetOptions } from 'helmet';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/connection.ts';
import { errorMiddleware, notFoundRoute } from './errors.ts';
import { securityHeaders } from './security-headers.ts';
import { compressLarge } from './compress.ts';
import { TileService } from './services/tiles.ts';
import { healthRoutes } from './routes/health.ts';
import { areaRoutes } from './routes/areas.ts';
import { tileRoutes } from './routes/tiles.ts';
import { authenticate, refuseUndeclared } from './routes/access.ts';
import { authRoutes } from './routes/auth.ts';
import { userRoutes } from './routes/users.ts';
import { auditRoutes } from './routes/audit.ts';
import { caseRoutes, previewRoutes } from './routes/cases.ts';
import { caseWorkRoutes } from './routes/case-work.ts';
import { documentRoutes } from './routes/documents.ts';
import { reportRoutes } from './routes/reports.ts';
import { registryRoutes } from './routes/registry.ts';
import { intakeRoutes } from './routes/intake.ts';
import { boundaryRoutes } from './routes/boundaries.ts';
import { publicRoutes } from './routes/public.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { assessmentRoutes } from './routes/assessment.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { ogcRoutes } from './routes/ogc.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { outcomeRoutes } from './routes/outcomes.ts';
import { idempotency } from './routes/idempotency.ts';
import { exportRoutes } from './routes/export.ts';

/** The whole request (an upload included) must arrive within this time, its headers within the other (index.ts sets them). */
export const REQUEST_TIMEOUT_MS = 120_000;
export const HEADERS_TIMEOUT_MS = 20_000;

export interface AppContext {
  db: Database;
  config: Config;
  log: Logger;
  tiles: TileService;
  /** The clock of time-limited state (sessions), epoch ms: Date.now, or a test's controllable clock. */
  now: () => number;
}

function basemapOrigin(url?: string): string[] {
  if (!url) return [];
  try {
    const u = new URL(url.replace(/\{[a-z]\}/g, '0'));
    return [u.origin.replace(/\/\/[^.]+\./, '//*.'), u.origin];
  } catch {
    return [];
  }
}

/** helmet's options: its headers (CSP and the others) are set on every answer (security-headers.ts). */
export function helmetOptions(config: Config): HelmetOptions {
  const basemap = basemapOrigin(config.BASEMAP_URL);
  return {
    contentSecurityPolicy: {
      directives: {
        // MapLibre runs its workers from blob: URLs and draws images from blob:/data: URLs.
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'img-src': ["'self'", 'data:', 'blob:', ...basemap],
        'connect-src': ["'self'", ...basemap],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The routes of every module in one router, in the same order. Each module's router, mounted on its
 * own, costs a request that passes through it unmatched a setImmediate turn (router 2 leaves a router
 * that way) — one per module before the matching one. Route layers carry their own path, methods and
 * handlers, so moving them keeps what each matches; a module-level middleware (none today) would
 * apply to the routes after it, as it already does when its router is mounted at the root.
 */
function routesOf(routers: Router[]): Router {
  const all = Router();
  for (const r of routers) all.stack.push(...r.stack);
  return all;
}

export function createApp(deps: { db: Database; config: Config; log: Logger; now?: () => number }): { app: express.Express; ctx: AppContext } {
  const ctx: AppContext = { ...deps, now: deps.now ?? Date.now, tiles: new TileService(deps.db.knex) };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Behind a reverse proxy, the client's address (audit log, login rate limit) comes from X-Forwarded-For.
  if (deps.config.TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(deps.config.TRUST_PROXY) ? Number(deps.config.TRUST_PROXY) : deps.config.TRUST_PROXY);
  app.use(securityHeaders(helmetOptions(deps.config)));

  // Small JSON answers are sent as they are (a zlib stream per response costs more than it saves on the
  // court's network); a province preview is 11.6 kB at the median, 41 % are over 16 kB (18 kB → 1.8 kB).
  app.use(compressLarge(app, 16 * 1024));
  app.use(express.json({ limit: '1mb' }));

  // Access: every /api request has its session read; every route checks its declared rule.
  app.use('/api', authenticate(ctx));
  app.use(refuseUndeclared(app, deps.log));
  // A write sent with Idempotency-Key (the phone's offline queue) runs once per user and key.
  app.use('/api', idempotency(ctx));
  app.use(routesOf([
    previewRoutes(ctx), // first: the dispatcher's most frequent request (routes/cases.ts)
    authRoutes(ctx),
    userRoutes(ctx),
    auditRoutes(ctx),
    healthRoutes(ctx),
    areaRoutes(ctx),
    tileRoutes(ctx),
    caseRoutes(ctx),
    caseWorkRoutes(ctx),
    documentRoutes(ctx),
    reportRoutes(ctx),
    registryRoutes(ctx),
    intakeRoutes(ctx),
    boundaryRoutes(ctx),
    publicRoutes(ctx),
    coverageRoutes(ctx),
    assessmentRoutes(ctx),
    tokenRoutes(ctx),
    ogcRoutes(ctx),
    notificationRoutes(ctx),
    outcomeRoutes(ctx), // before exportRoutes: /api/export/outcomes is not a layer
    exportRoutes(ctx),
  ]));
  app.use('/api', notFoundRoute);

  // The built client, with every other path answered by index.html (client-side views).
  const index = path.join(deps.config.CLIENT_DIST, 'index.html');
  if (fs.existsSync(index)) {
    // The build's assets/ files are named by their content hash: a browser keeps them without asking again
    // (a new build names its files anew), so a second session loads the map library from its own cache.
    const assets = path.join(path.resolve(deps.config.CLIENT_DIST), 'assets') + path.sep;
    app.use(express.static(deps.config.CLIENT_DIST, {
      index: false, maxAge: '1h',
      setHeaders: (res, file) => { if (file.startsWith(assets)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'); },
    }));
    app.get('/{*splat}', (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (_req, res) => res.type('text/plain; charset=utf-8').send('客户端尚未构建：请运行 npm run build（npm start 会自动构建）。'));
  }
  app.use(errorMiddleware(deps.log));
  return { app, ctx };
}
