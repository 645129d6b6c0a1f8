// User administration (admin only): list, create, change role / active / tribunal / password.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { bulkMediatorAccountsBody, createUserBody, mediatorOptionsQuery, updateUserBody, userIdParam } from '../contract/auth.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { createMediatorAccounts, mediatorOptions } from '../services/mediator-accounts.ts';
import { createUser, getUser, listUsers, updateUser, type UserOutcome } from '../services/users.ts';
import { ADMIN, route } from './access.ts';
import { parse } from './validate.ts';

function refuse(o: Exclude<UserOutcome, { outcome: 'ok' }>, id?: number): never {
  switch (o.outcome) {
    case 'username_taken': throw new HttpError(409, 'username_taken', '该用户名已被使用');
    case 'not_found': throw new HttpError(404, 'user_not_found', `没有编号为 ${id} 的用户`);
    case 'unknown_tribunal': throw new HttpError(400, 'unknown_tribunal', '所选法庭不存在');
    case 'unknown_mediator': throw new HttpError(400, 'unknown_mediator', '所选调解员不存在');
    case 'last_admin': throw new HttpError(409, 'last_admin', '不能停用或降级最后一个系统管理员');
    case 'mediator_taken':
      throw new HttpError(409, 'mediator_has_account', `该名册调解员已关联账号${o.username ? `“${o.username}”` : ''}：一名调解员只能有一个账号，请先解除原账号的关联或直接使用原账号`, { mediator_id: o.mediator_id, username: o.username || null });
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
      audit(req, 'user.create', { type: 'user', id: user.id }, { username: user.username, role: user.role, tribunal_id: user.tribunal_id, mediator_id: user.mediator_id }, { trx }),
    );
    if (result.outcome !== 'ok') refuse(result);
    res.status(201).json(result.user);
  });

  route(r, 'patch', '/api/users/:id', ADMIN, async (req, res) => {
    const { id } = parse(userIdParam, req.params);
    const b = parse(updateUserBody, req.body ?? {});
    const { password, phone, ...changed } = b;
    const before = b.mediator_id !== undefined ? await getUser(ctx.db.knex, id) : null;
    const result = await updateUser(ctx.db.knex, id, b, async (trx, user) => {
      await audit(req, 'user.update', { type: 'user', id: user.id }, { ...changed, ...(password ? { password_reset: true } : {}), ...(phone !== undefined ? { phone_changed: true } : {}) }, { trx });
      if (before && before.mediator_id !== user.mediator_id) {
        await audit(req, 'user.link_mediator', { type: 'user', id: user.id }, { mediator_id: user.mediator_id, previous_mediator_id: before.mediator_id }, { trx });
      }
    });
    if (result.outcome !== 'ok') refuse(result, id);
    res.json(result.user);
  });

  // The account picker: registry mediators by name, unit or phone, with the account each already has.
  route(r, 'get', '/api/users/mediator-options', ADMIN, async (req, res) => {
    const q = parse(mediatorOptionsQuery, req.query);
    res.json({ items: await mediatorOptions(ctx.db.knex, q) });
  });

  // Accounts for many registry mediators at once; the initial passwords are in this answer only.
  route(r, 'post', '/api/users/mediator-accounts', ADMIN, async (req, res) => {
    const b = parse(bulkMediatorAccountsBody, req.body ?? {});
    const result = await createMediatorAccounts(ctx.db.knex, b.mediator_ids, (trx, a) =>
      audit(req, 'user.create', { type: 'user', id: a.user_id }, { username: a.username, role: 'mediator', mediator_id: a.mediator_id, bulk: true }, { trx }),
    );
    switch (result.outcome) {
      case 'unknown_mediators':
        throw new HttpError(422, 'unknown_mediator', `名册中没有编号为 ${result.ids.join('、')} 的调解员`, { ids: result.ids });
      case 'withdrawn_mediators':
        throw new HttpError(422, 'mediator_withdrawn', `${result.mediators.map((m) => m.name).join('、')} 已退出名册，不能创建账号；请取消选择`, { mediators: result.mediators });
      case 'mediators_have_accounts':
        throw new HttpError(409, 'mediator_has_account', `${result.mediators.map((m) => `${m.name}（账号 ${m.username}）`).join('、')} 已有账号：一名调解员只能有一个账号，请取消选择后再创建`, { mediators: result.mediators });
    }
    res.setHeader('Cache-Control', 'no-store'); // the passwords must not stay in any cache
    res.status(201).json({ items: result.items });
  });

  return r;
}
