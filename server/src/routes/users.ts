// User administration (admin only): list, create, change role / active / tribunal / password.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { createUserBody, updateUserBody, userIdParam } from '../contract/auth.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { createUser, listUsers, updateUser, type UserOutcome } from '../services/users.ts';
import { ADMIN, route } from './access.ts';
import { parse } from './validate.ts';

function refuse(o: Exclude<UserOutcome, { outcome: 'ok' }>, id?: number): never {
  switch (o.outcome) {
    case 'username_taken': throw new HttpError(409, 'username_taken', '该用户名已被使用');
    case 'not_found': throw new HttpError(404, 'user_not_found', `没有编号为 ${id} 的用户`);
    case 'unknown_tribunal': throw new HttpError(400, 'unknown_tribunal', '所选法庭不存在');
    case 'unknown_mediator': throw new HttpError(400, 'unknown_mediator', '所选调解员不存在');
    case 'last_admin': throw new HttpError(409, 'last_admin', '不能停用或降级最后一个系统管理员');
  }
}

export function userRoutes(ctx: AppContext): Router {
  const r = Router();

  route(r, 'get', '/api/users', ADMIN, async (_req, res) => {
    res.json({ items: await listUsers(ctx.db.knex) });
  });

  route(r, 'post', '/api/users', ADMIN, async (req, res) => {
    const b = parse(createUserBody, req.body ?? {});
    const result = await createUser(ctx.db.knex, b, (trx, user) =>
      audit(req, 'user.create', { type: 'user', id: user.id }, { username: user.username, role: user.role, tribunal_id: user.tribunal_id }, { trx }),
    );
    if (result.outcome !== 'ok') refuse(result);
    res.status(201).json(result.user);
  });

  route(r, 'patch', '/api/users/:id', ADMIN, async (req, res) => {
    const { id } = parse(userIdParam, req.params);
    const b = parse(updateUserBody, req.body ?? {});
    const { password, ...changed } = b;
    const result = await updateUser(ctx.db.knex, id, b, (trx, user) =>
      audit(req, 'user.update', { type: 'user', id: user.id }, { ...changed, ...(password ? { password_reset: true } : {}) }, { trx }),
    );
    if (result.outcome !== 'ok') refuse(result, id);
    res.json(result.user);
  });

  return r;
}
