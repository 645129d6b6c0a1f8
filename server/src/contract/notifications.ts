// Notifications (站内通知) and the SMS outbox (短信发件箱): the requests and answers of /api/notifications
// and /api/admin/sms-outbox, shared by the server (validation) and the client (types).
import { z } from 'zod';
import { blankAsMissing, idParam, paging } from './fields.ts';

/** What a notification is about. Texts name the case number and type only, never a party. */
export const NOTIFICATION_KINDS = {
  assigned: '新分派案件',
  unassigned: '案件已改派',
  deadline_soon: '期限将至',
  overdue: '案件超期',
  guidance_answered: '法官指导答复',
  supervision: '督办意见',
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const SMS_STATUSES = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  logged: '仅记录（未配置短信网关）',
} as const;
export type SmsStatus = keyof typeof SMS_STATUSES;

/** GET /api/notifications: the user's own, newest first; `unread=true` for the unread only. */
export const notificationsQuery = z.object({
  unread: blankAsMissing(z.enum(['true', 'false'], { error: 'unread 应为 true 或 false' }).transform((v) => v === 'true')),
  ...paging(20, 100),
});
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export const notificationIdParam = idParam('通知编号');

/** GET /api/admin/sms-outbox (admin). */
export const smsOutboxQuery = z.object({
  status: blankAsMissing(z.enum(Object.keys(SMS_STATUSES) as [SmsStatus, ...SmsStatus[]], { error: '状态无效' })),
  ...paging(50, 200),
});
export type SmsOutboxQuery = z.infer<typeof smsOutboxQuery>;

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  case_id: number | null;
  /** Where it leads in the client (`/cases/12036`), or null. */
  url: string | null;
  text: string;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPage {
  total: number;
  unread: number;
  items: NotificationItem[];
}

export interface SmsOutboxItem {
  id: number;
  notification_id: number | null;
  user_id: number | null;
  username: string | null;
  phone: string;
  text: string;
  status: SmsStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string | null;
  done_at: string | null;
}
