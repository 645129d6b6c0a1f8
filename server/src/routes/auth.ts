// Login, logout, and who is logged in. A login always starts a new session (a session id that
// existed before login is dropped: no fixation) and answers the session's CSRF token.
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppContext } from '../app.ts';
import { changePasswordBody, loginBody, type LoginAnswer } from '../contract/auth.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { spendVerifyTime, verifyPassword } from '../services/passwords.ts';
import { createSession, destroySession, purgeExpiredSessions } from '../services/sessions.ts';
import { changeOwnPassword, findLoginUser, markLogin, toPublicUser } from '../services/users.ts';
import { ANONYMOUS, LOGGED_IN, readCookie, whilePasswordPending, route, sessionCookieName, sessionCookieOptions, sessionSettings } from './access.ts';
import { parse } from './validate.ts';

const typedUsername = (req: Request) => (typeof req.body?.username === 'string' ? req.body.username.trim().toLowerCase().slice(0, 100) : '');

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const settings = sessionSettings(ctx);
  const cookie = sessionCookieName(ctx.config);
  const windowMs = ctx.config.LOGIN_RATE_WINDOW_MINUTES * 60_000;
  const minutes = Math.ceil(ctx.config.LOGIN_RATE_WINDOW_MINUTES);

  // Failed attempts count, per IP address and per username; a successful login does not.
  const limiter = (keyed: 'ip' | 'username') =>
    rateLimit({
      windowMs,
      limit: ctx.config.LOGIN_RATE_LIMIT,
      skipSuccessfulRequests: true,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...(keyed === 'username'
        ? { keyGenerator: (req: Request) => `user:${typedUsername(req)}`, skip: (req: Request) => !typedUsername(req) }
        : {}),
      handler: async (req, _res, next) => {
        try {
          await audit(req, 'auth.login', null, { reason: 'rate_limited', limited_by: keyed }, { outcome: 'failure', username: typedUsername(req) || null });
          next(new HttpError(429, 'rate_limited', `登录尝试过于频繁，请 ${minutes} 分钟后再试`, { limited_by: keyed, window_minutes: minutes }));
        } catch (err) {
          next(err);
        }
      },
    });

  route(r, 'post', '/api/auth/login', ANONYMOUS, limiter('ip'), limiter('username'), async (req, res) => {
    const b = parse(loginBody, req.body ?? {}, 'invalid_input', '登录信息不完整');
    const user = await findLoginUser(ctx.db.knex, b.username);
    let ok = false;
    if (user) ok = await verifyPassword(user.password_hash, b.password);
    else await spendVerifyTime(b.password); // an unknown name takes as long as a wrong password
    if (!user || !ok || !user.active) {
      const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive';
      await audit(req, 'auth.login', user ? { type: 'user', id: user.id } : null, { reason }, { outcome: 'failure', username: b.username });
      throw new HttpError(401, 'invalid_credentials', '用户名或密码错误');
    }
    // A new session id at every login; the one the browser came with (if any) ends here.
    const previous = readCookie(req, cookie);
    if (previous) await destroySession(ctx.db.knex, settings, previous);
    await purgeExpiredSessions(ctx.db.knex, settings);
    const session = await createSession(ctx.db.knex, settings, user.id, { ip: req.ip, userAgent: req.get('user-agent') });
    await markLogin(ctx.db.knex, user.id);
    // A stale cookie the session middleware already cleared in this answer: the new session replaces
    // that clear, so the browser gets one Set-Cookie of this name (the new session), not two.
    const earlier = res.getHeader('set-cookie');
    const kept = (Array.isArray(earlier) ? earlier : earlier === undefined ? [] : [String(earlier)]).filter((c) => !c.startsWith(`${cookie}=`));
    if (kept.length) res.setHeader('set-cookie', kept);
    else res.removeHeader('set-cookie');
    res.cookie(cookie, session.id, sessionCookieOptions(ctx.config));
    const pub = toPublicUser(user);
    req.actor = { id: pub.id, username: pub.username, role: pub.role, tribunal_id: pub.tribunal_id, mediator_id: pub.mediator_id, must_change_password: pub.must_change_password };
    await audit(req, 'auth.login', { type: 'user', id: user.id });
    const answer: LoginAnswer = { user: pub, csrfToken: session.csrfToken };
    res.json(answer);
  });

  route(r, 'post', '/api/auth/logout', whilePasswordPending(LOGGED_IN), async (req, res) => {
    const id = readCookie(req, cookie);
    if (id) await destroySession(ctx.db.knex, settings, id);
    res.clearCookie(cookie, sessionCookieOptions(ctx.config));
    await audit(req, 'auth.logout', { type: 'user', id: req.actor!.id });
    res.json({ ok: true });
  });

  // The current user and the session's CSRF token (a reloaded page has lost the login answer).
  route(r, 'get', '/api/auth/me', whilePasswordPending(LOGGED_IN), (req, res) => {
    // The CSRF token belongs to a browser session; a personal access token has none.
    if (!req.authSession) throw new HttpError(403, 'session_required', '访问令牌不能用于查询登录会话，请在网页中登录', null);
    const answer: LoginAnswer = { user: req.authSession!.user, csrfToken: req.authSession!.csrfToken };
    res.json(answer);
  });

  // The user's own password change; the one request (with me and logout) a session with a generated
  // password may make. The session stays; the user's other sessions end (services/users.ts).
  route(r, 'post', '/api/auth/password', whilePasswordPending(LOGGED_IN), async (req, res) => {
    if (!req.authSession) throw new HttpError(403, 'session_required', '访问令牌不能用于修改密码，请在网页中登录', null);
    const b = parse(changePasswordBody, req.body ?? {});
    const outcome = await changeOwnPassword(ctx.db.knex, req.actor!.id, b, req.authSession.idHash, (trx) =>
      audit(req, 'user.password_change', { type: 'user', id: req.actor!.id }, { was_required: Boolean(req.actor!.must_change_password) }, { trx }));
    if (outcome === 'wrong_password') throw new HttpError(400, 'wrong_password', '当前密码不正确', null);
    const answer: LoginAnswer = { user: { ...req.authSession.user, must_change_password: false }, csrfToken: req.authSession.csrfToken };
    res.json(answer);
  });

  return r;
}
