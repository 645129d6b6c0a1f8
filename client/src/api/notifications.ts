// Typed client for notifications (/api/notifications) and the admin's SMS outbox (/api/admin/sms-outbox).
// Types come from server/src/contract/notifications.ts; writes carry the session's CSRF token.
import { createJsonRequest, query, type FetchLike } from './client.ts';
import type { NotificationItem, NotificationPage, SmsOutboxItem, SmsStatus } from '../../../server/src/contract/notifications.ts';

export type { NotificationItem, NotificationPage, SmsOutboxItem, SmsStatus };

export interface NotificationsClient {
  list(q: { page?: number; page_size?: number; unread?: boolean }, signal?: AbortSignal): Promise<NotificationPage>;
  unreadCount(signal?: AbortSignal): Promise<{ unread: number }>;
  markRead(id: number): Promise<NotificationItem>;
  markAllRead(): Promise<{ updated: number; unread: number }>;
  outbox(q: { page?: number; page_size?: number; status?: SmsStatus }, signal?: AbortSignal): Promise<{ total: number; items: SmsOutboxItem[] }>;
}

export function createNotificationsClient(opts: { baseUrl?: string; fetch?: FetchLike } = {}): NotificationsClient {
  const request = createJsonRequest(opts);
  return {
    list: (q, signal) => request('GET', `/api/notifications${query({ page: q.page, page_size: q.page_size, unread: q.unread === undefined ? undefined : String(q.unread) })}`, undefined, signal),
    unreadCount: (signal) => request('GET', '/api/notifications/unread-count', undefined, signal),
    markRead: (id) => request('POST', `/api/notifications/${id}/read`),
    markAllRead: () => request('POST', '/api/notifications/read-all'),
    outbox: (q, signal) => request('GET', `/api/admin/sms-outbox${query({ page: q.page, page_size: q.page_size, status: q.status })}`, undefined, signal),
  };
}
