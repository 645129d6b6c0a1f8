// Reading and marking notifications: always the user's own (a notification of another user answers 404
// exactly as a missing one), and the admin's view of the SMS outbox.
import type { Knex } from '../../db/types.ts';
import type { NotificationItem, NotificationKind, NotificationPage, NotificationsQuery, SmsOutboxItem, SmsOutboxQuery, SmsStatus } from '../../contract/notifications.ts';
import { HttpError } from '../../errors.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toItem(r: { id: number; kind: string; case_id: number | null; text: string; created_at: Date; read_at: Date | null }): NotificationItem {
  return {
    id: r.id, kind: r.kind as NotificationKind, case_id: r.case_id, url: r.case_id === null ? null : `/cases/${r.case_id}`,
    text: r.text, created_at: iso(r.created_at)!, read_at: iso(r.read_at),
  };
}

export async function unreadCount(knex: Knex, userId: number): Promise<number> {
  const [{ n }] = (await knex('notifications').where({ user_id: userId }).whereNull('read_at').count({ n: '*' })) as [{ n: number | string }];
  return Number(n);
}

export async function listNotifications(knex: Knex, userId: number, q: NotificationsQuery): Promise<NotificationPage> {
  const base = knex('notifications').where({ user_id: userId });
  if (q.unread) base.whereNull('read_at');
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows = await base.clone().orderBy('id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size)
    .select('id', 'kind', 'case_id', 'text', 'created_at', 'read_at');
  return { total: Number(n), unread: await unreadCount(knex, userId), items: rows.map(toItem) };
}

export async function markRead(knex: Knex, userId: number, id: number, now: Date): Promise<NotificationItem> {
  const [row] = await knex('notifications').where({ id, user_id: userId })
    .update({ read_at: knex.raw('coalesce(read_at, ?)', [now]) })
    .returning(['id', 'kind', 'case_id', 'text', 'created_at', 'read_at']);
  if (!row) throw new HttpError(404, 'notification_not_found', `没有编号为 ${id} 的通知（或它不是您的通知）`, { id });
  return toItem(row);
}

export async function markAllRead(knex: Knex, userId: number, now: Date): Promise<{ updated: number; unread: number }> {
  const updated = await knex('notifications').where({ user_id: userId }).whereNull('read_at').update({ read_at: now });
  return { updated: Number(updated), unread: 0 };
}

export async function listOutbox(knex: Knex, q: SmsOutboxQuery): Promise<{ total: number; items: SmsOutboxItem[] }> {
  const base = knex('sms_outbox as s');
  if (q.status) base.where('s.status', q.status);
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number | string }];
  const rows = (await base.clone().leftJoin('users as u', 'u.id', 's.user_id').orderBy('s.id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size)
    .select('s.id', 's.notification_id', 's.user_id', 'u.username', 's.phone', 's.text', 's.status', 's.attempts', 's.last_error', 's.created_at', 's.next_attempt_at', 's.done_at')) as Record<string, unknown>[];
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id as number, notification_id: (r.notification_id as number) ?? null, user_id: (r.user_id as number) ?? null, username: (r.username as string) ?? null,
      phone: r.phone as string, text: r.text as string, status: r.status as SmsStatus, attempts: r.attempts as number, last_error: (r.last_error as string) ?? null,
      created_at: iso(r.created_at as Date)!, next_attempt_at: iso((r.next_attempt_at as Date) ?? null), done_at: iso((r.done_at as Date) ?? null),
    })),
  };
}
