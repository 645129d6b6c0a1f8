// The access layer every route goes through. Each route declares its rule where it is registered,
// `route(r, 'get', '/api/areas', allow('leader', 'planner'), handler)` (admin is always allowed); the rule
// travels with the route in the router itself, so `accessTable(app)` lists every /api route with its
// rule (the tests enumerate it), and a guard refuses any /api route that was registered without one.
//
// Per request: `authenticate` reads the session cookie (req.actor, or an expired session), then the
// route's rule answers 401 (no or expired session), 403 csrf_failed (a state-changing request without
// the session's token in x-csrf-token) or 403 forbidden (a role the rule does not name).
// A GIS tool instead sends a personal access token (services/tokens.ts) as `Authorization: Bearer` or
// HTTP Basic (username, token as password): it acts as its user and needs no CSRF token; a read-only
// token, and any token sent as Basic (a browser may replay cached Basic credentials on its own), is
// refused every method but GET and HEAD. A valid session cookie takes precedence over a token.
import crypto from 'node:crypto';
import { Router, type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Knex } from '../db/types.ts';
import type { AppContext } from '../app.ts';
import type { Config } from '../config.ts';
import type { Role } from '../contract/auth.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import type { Actor } from '../services/masking.ts';
import { cachedSession, findSession, type Session, type SessionSettings } from '../services/sessions.ts';
import { findToken, tokenOfHeader } from '../services/tokens.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The logged-in user, or null (anonymous or expired). Set by `authenticate`. */
      actor: Actor | null;
      authSession: Session | null;
      /** `expired`: a session cookie came but its session has ended. */
      sessionState: 'none' | 'valid' | 'expired';
      /** The personal access token the request came with (Authorization header), if it is valid. */
      accessToken: { id: number; readOnly: boolean } | null;
      /** Why an Authorization header was refused (the request is then anonymous), or null. */
      tokenRefused: string | null;
      /** The database, for audit() and the routes. */
      db: Knex;
    }
  }
}

export type AccessRule =
  | { readonly anonymous: true }
  | { readonly anonymous: false; readonly roles: readonly Role[]; readonly challenge?: boolean; readonly whilePasswordPending?: boolean };

/** No login needed: only `GET /api/health`, `GET /api/config`, `POST /api/auth/login` and `/api/public/…`. */
export const ANONYMOUS: AccessRule = Object.freeze({ anonymous: true });

/** Logged in with one of these roles; admin is always allowed. */
export function allow(...roles: Role[]): AccessRule {
  return Object.freeze({ anonymous: false, roles: Object.freeze(['admin', ...roles.filter((r) => r !== 'admin')] as Role[]) });
}

/** Every logged-in role. */
export const LOGGED_IN = allow('leader', 'dispatcher', 'planner', 'mediator');
/** Admin only. */
export const ADMIN = allow();

/**
 * A rule for the routes GIS tools read (OGC API, TileJSON, style): its 401 carries
 * `WWW-Authenticate: Basic`, so QGIS or GDAL asks for (or sends) the username and token. Only there:
 * on the app's own routes the challenge would make a browser pop up its password dialog.
 */
export function challenging(rule: AccessRule): AccessRule {
  if (rule.anonymous) return rule;
  return Object.freeze({ ...rule, challenge: true });
}

/**
 * A rule that also lets in a user who must still change a generated password (services/users.ts
 * must_change_password): only me, logout and the password change itself are registered with it.
 */
export function whilePasswordPending(rule: AccessRule): AccessRule {
  if (rule.anonymous) return rule;
  return Object.freeze({ ...rule, whilePasswordPending: true });
}

const READ_METHODS = new Set(['GET', 'HEAD']);

export function roleAllowed(rule: AccessRule, role: Role | null): boolean {
  if (rule.anonymous) return true;
  return role !== null && rule.roles.includes(role);
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Anonymous routes (login, the public directory) carry no session, so they carry no CSRF token either. */
const needsCsrf = (req: Request, rule: AccessRule) => STATE_CHANGING.has(req.method) && !rule.anonymous;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Enforcer = RequestHandler & { accessRule: AccessRule };

// Synchronous (no promise per request): a refusal is thrown, which the router passes to the error
// middleware as it does a rejected promise; only the audited role refusal waits for its write.
function enforcer(rule: AccessRule): Enforcer {
  const fn = (req: Request, res: Response, next: NextFunction): void | Promise<void> => {
    if (rule.anonymous) return next();
    if (!req.actor) {
      if (rule.challenge) res.setHeader('WWW-Authenticate', 'Basic realm="shihe", charset="UTF-8"');
      if (req.tokenRefused) {
        throw new HttpError(401, 'token_invalid', '访问令牌无效、已过期或已撤销：请在“访问令牌”中新建一个，用户名填登录名、密码填令牌', { reason: req.tokenRefused });
      }
      throw req.sessionState === 'expired'
        ? new HttpError(401, 'session_expired', '登录已过期，请重新登录')
        : new HttpError(401, 'unauthenticated', '请先登录');
    }
    if (req.accessToken) {
      if (req.accessToken.readOnly && !READ_METHODS.has(req.method)) {
        throw new HttpError(403, 'token_read_only', '只读访问：只读令牌和 HTTP Basic 认证只能读取数据；修改数据请登录网页，或用可写令牌以 Authorization: Bearer 发送', { method: req.method });
      }
    } else if (needsCsrf(req, rule) && !csrfMatches(req.get('x-csrf-token'), req.authSession!.csrfToken)) {
      throw new HttpError(403, 'csrf_failed', '请求校验失败（缺少或错误的 x-csrf-token），请刷新页面后重试');
    }
    if (req.actor.must_change_password && !rule.whilePasswordPending) {
      throw new HttpError(403, 'password_change_required', '请先修改初始密码：首次登录须设置自己的新密码后才能使用系统', null);
    }
    if (!roleAllowed(rule, req.actor.role)) {
      const role = req.actor.role;
      return audit(req, 'access.denied', null, { method: req.method, path: req.path }, { outcome: 'denied' }).then(() => {
        throw new HttpError(403, 'forbidden', '您的账号无权进行此操作', { role });
      });
    }
    next();
  };
  return Object.assign(fn, { accessRule: rule });
}

function csrfMatches(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Registers a route with its access rule (checked before any other handler). */
export function route(router: Router, method: Method, path: string, rule: AccessRule, ...handlers: RequestHandler[]): void {
  router[method](path, enforcer(rule), ...handlers);
}

// --- the session cookie -------------------------------------------------------------------------

export function sessionSettings({ config, now }: Pick<AppContext, 'config' | 'now'>): SessionSettings {
  return { secret: config.SESSION_SECRET, idleMs: config.SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.SESSION_MAX_HOURS * 3_600_000, cacheMs: config.SESSION_CACHE_SECONDS * 1000, now };
}

/** `__Host-` in production: the browser then insists on Secure, path=/ and no Domain. */
export const sessionCookieName = (config: Config) => (config.NODE_ENV === 'production' ? '__Host-shihe_sid' : 'shihe_sid');

export function sessionCookieOptions(config: Config) {
  // No maxAge: the cookie ends with the browser; the server ends the session itself (idle, absolute).
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.NODE_ENV === 'production', path: '/' };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}

/** Reads the session of every /api request; never refuses anything itself (the route rules do). */
export function authenticate(ctx: AppContext): RequestHandler {
  const settings = sessionSettings(ctx);
  const name = sessionCookieName(ctx.config);
  // The common request, a session found in the cache or no credentials at all, is answered here
  // without a promise; everything else (a database lookup, a token) by `lookup`.
  const lookup = async (req: Request, res: Response, next: NextFunction, id: string | undefined) => {
    if (id) {
      const found = await findSession(ctx.db.knex, settings, id);
      if (found.status === 'valid') {
        req.actor = found.session.actor;
        req.authSession = found.session;
        req.sessionState = 'valid';
      } else {
        req.sessionState = 'expired';
        res.clearCookie(name, sessionCookieOptions(ctx.config));
      }
    } else if (req.headers.cookie?.includes(`${name}=`)) {
      req.sessionState = 'expired'; // a malformed id: treat as an ended session
    }
    // A personal access token counts only without a valid session: a GIS tool sends no cookie, and a
    // browser that cached Basic credentials (someone opened /api/ogc in it) keeps its own session.
    const presented = req.actor ? null : tokenOfHeader(req.get('authorization'));
    if (presented) {
      const found = await findToken(ctx.db.knex, ctx.config.SESSION_SECRET, presented.token, presented.username);
      if (found.status === 'valid') {
        req.actor = found.actor;
        // Basic credentials are ambient (a browser replays them on cross-site requests), Bearer never:
        // only a Bearer token may write, so no CSRF token is needed.
        req.accessToken = { id: found.tokenId, readOnly: found.readOnly || presented.scheme === 'basic' };
        if (found.auditDue) await audit(req, 'token.use', { type: 'access_token', id: found.tokenId }, { method: req.method, path: req.originalUrl.split('?')[0] });
      } else {
        req.tokenRefused = found.reason;
      }
    }
    next();
  };
  return (req, res, next) => {
    req.db = ctx.db.knex;
    req.actor = null;
    req.authSession = null;
    req.sessionState = 'none';
    req.accessToken = null;
    req.tokenRefused = null;
    const id = readCookie(req, name);
    const cached = id ? cachedSession(settings, id) : null;
    if (cached) {
      req.actor = cached.actor;
      req.authSession = cached;
      req.sessionState = 'valid';
      next();
      return;
    }
    if (!id && req.headers.authorization === undefined && !req.headers.cookie?.includes(`${name}=`)) {
      next();
      return;
    }
    return lookup(req, res, next, id);
  };
}

// --- the route table, and the guard for routes without a rule ------------------------------------

export interface RouteAccess {
  method: string;
  path: string;
  rule: AccessRule | null;
}

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
  slash?: boolean;
}

/** Every /api route of the app with its method and declared rule (null: none was declared). */
export function accessTable(app: Express): RouteAccess[] {
  const out: RouteAccess[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = prefix + layer.route.path;
        if (!path.startsWith('/api/')) continue;
        const first = layer.route.stack[0]?.handle as Partial<Enforcer> | undefined;
        for (const m of Object.keys(layer.route.methods)) {
          if (m === '_all') continue;
          out.push({ method: m.toUpperCase(), path, rule: first?.accessRule ?? null });
        }
      } else if (layer.handle?.stack) {
        const mount = !layer.slash && typeof layer.rawPath === 'string' ? layer.rawPath.replace(/\/$/, '') : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk(((app as unknown as { router: { stack: LayerLike[] } }).router?.stack) ?? [], '');
  return out;
}

/**
 * Mounted before the routes: refuses (403) every /api route that was registered without a rule, so
 * forgetting `route(…)` can never publish data. Built on the first request, when all routes exist.
 */
export function refuseUndeclared(app: Express, log: AppContext['log']): RequestHandler {
  let guard: Router | undefined;
  let empty = false;
  return (req, res, next) => {
    // An empty guard is skipped: leaving a router that matched nothing costs a setImmediate turn.
    if (empty) return next();
    if (!guard) {
      guard = Router();
      for (const r of accessTable(app).filter((e) => e.rule === null)) {
        log.error({ method: r.method, path: r.path }, 'route registered without an access rule: refused');
        guard[r.method.toLowerCase() as Method](r.path, () => {
          throw new HttpError(403, 'forbidden', '该接口未声明访问规则，已拒绝访问', { reason: 'no_access_rule' });
        });
      }
      empty = guard.stack.length === 0;
      if (empty) return next();
    }
    guard(req, res, next);
  };
}
