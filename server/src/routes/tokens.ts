// Personal access tokens of the logged-in user (个人设置 · 访问令牌), thin HTTP: list, create (the token
// is in this one answer only), revoke. Managed from a logged-in browser session only: a token cannot
// mint or revoke tokens (a stolen read-write token must not be able to outlive its own revocation).
import { Router, type Request } from 'express';
import type { AppContext } from '../app.ts';
import { createTokenBody, tokenIdParam } from '../contract/tokens.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { createToken, listTokens, revokeToken, type TokenAuditor } from '../services/tokens.ts';
import { LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

const auditor = (req: Request): TokenAuditor => (trx, action, id, details) => audit(req, action, { type: 'access_token', id }, details, { trx });

function sessionOnly(req: Request): number {
  if (req.accessToken) throw new HttpError(403, 'session_required', '访问令牌只能在登录后的网页中管理，不能用令牌本身来管理', null);
  return req.actor!.id;
}

export function tokenRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  route(r, 'get', '/api/auth/tokens', LOGGED_IN, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await listTokens(knex, sessionOnly(req)));
  });
  route(r, 'post', '/api/auth/tokens', LOGGED_IN, async (req, res) => {
    const userId = sessionOnly(req);
    const b = parse(createTokenBody, req.body ?? {}, 'invalid_input', '访问令牌的设置有误');
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(await createToken(knex, ctx.config.SESSION_SECRET, userId, b, auditor(req)));
  });
  route(r, 'delete', '/api/auth/tokens/:id', LOGGED_IN, async (req, res) => {
    const userId = sessionOnly(req);
    const { id } = parse(tokenIdParam, req.params, 'invalid_input', '令牌编号无效');
    res.json(await revokeToken(knex, userId, id, auditor(req)));
  });
  return r;
}
