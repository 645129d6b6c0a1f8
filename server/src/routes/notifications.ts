// Notifications (站内通知), thin HTTP: the user's own list, unread count, mark one or all read; the
// admin's SMS outbox (短信发件箱). What creates them: services/notifications/.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { notificationIdParam, notificationsQuery, smsOutboxQuery } from '../contract/notifications.ts';
import { listNotifications, listOutbox, markAllRead, markRead, unreadCount } from '../services/notifications/list.ts';
import { ADMIN, LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

export function notificationRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  route(r, 'get', '/api/notifications', LOGGED_IN, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await listNotifications(knex, req.actor!.id, parse(notificationsQuery, req.query)));
  });
  route(r, 'get', '/api/notifications/unread-count', LOGGED_IN, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ unread: await unreadCount(knex, req.actor!.id) });
  });
  route(r, 'post', '/api/notifications/read-all', LOGGED_IN, async (req, res) => {
    res.json(await markAllRead(knex, req.actor!.id, new Date(ctx.now())));
  });
  route(r, 'post', '/api/notifications/:id/read', LOGGED_IN, async (req, res) => {
    const { id } = parse(notificationIdParam, req.params);
    res.json(await markRead(knex, req.actor!.id, id, new Date(ctx.now())));
  });
  route(r, 'get', '/api/admin/sms-outbox', ADMIN, async (req, res) => {
    res.json(await listOutbox(knex, parse(smsOutboxQuery, req.query)));
  });
  return r;
}
