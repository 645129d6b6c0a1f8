// The notification centre: the bell shows the unread count; opening it lists the notifications; tapping
// one marks it read and goes to its case (/cases/<id>); 全部已读 marks them all and clears the count. The
// admin's SMS outbox lists messages with their status.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NotificationItem, NotificationsClient } from '../src/api/notifications.ts';
import { NotificationBell } from '../src/components/NotificationBell.tsx';

afterEach(() => { cleanup(); window.history.replaceState(null, '', '/'); });

const N = (id: number, read = false): NotificationItem => ({
  id, kind: 'assigned', case_id: 12000 + id, url: `/cases/${12000 + id}`, text: `您有新的调解案件（案件${12000 + id}，类型：邻里纠纷），请登录平台查看。`,
  created_at: '2026-12-01T02:00:00Z', read_at: read ? '2026-12-01T03:00:00Z' : null,
});

function fakeClient(items: NotificationItem[]): NotificationsClient & { markRead: ReturnType<typeof vi.fn>; markAllRead: ReturnType<typeof vi.fn> } {
  const unread = () => items.filter((i) => !i.read_at).length;
  return {
    list: vi.fn(async () => ({ total: items.length, unread: unread(), items })),
    unreadCount: vi.fn(async () => ({ unread: unread() })),
    markRead: vi.fn(async (id: number) => {
      const i = items.find((x) => x.id === id)!;
      i.read_at = '2026-12-02T00:00:00Z';
      return { ...i };
    }),
    markAllRead: vi.fn(async () => {
      const n = unread();
      for (const i of items) i.read_at ??= '2026-12-02T00:00:00Z';
      return { updated: n, unread: 0 };
    }),
    outbox: vi.fn(),
  };
}

describe('NotificationBell', () => {
  it('shows the unread count, lists the notifications, opens a case and marks it read', async () => {
    const client = fakeClient([N(2), N(1, true)]);
    render(<NotificationBell client={client} />);
    await waitFor(() => expect(screen.getByTestId('bell-count').textContent).toBe('1'));
    fireEvent.click(screen.getByRole('button', { name: '通知，1 条未读' }));
    const link = await screen.findByRole('link', { name: /案件12002/ });
    expect(link.getAttribute('href')).toBe('/cases/12002');
    expect(screen.getByTestId('notification-2').className).toBe('unread');
    expect(screen.getByTestId('notification-1').className).toBe('read');
    fireEvent.click(link);
    await waitFor(() => expect(client.markRead).toHaveBeenCalledWith(2));
    expect(window.location.pathname).toBe('/cases/12002');
    await waitFor(() => expect(screen.queryByTestId('bell-count')).toBeNull());
    expect(screen.queryByRole('dialog', { name: '通知' })).toBeNull();
  });

  it('marks all read', async () => {
    const client = fakeClient([N(3), N(4), N(5)]);
    render(<NotificationBell client={client} />);
    await waitFor(() => expect(screen.getByTestId('bell-count').textContent).toBe('3'));
    fireEvent.click(screen.getByRole('button', { name: /通知/ }));
    await screen.findByRole('dialog', { name: '通知' });
    fireEvent.click(screen.getByRole('button', { name: '全部已读' }));
    await waitFor(() => expect(client.markAllRead).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByTestId('bell-count')).toBeNull());
    expect(screen.getAllByRole('listitem').every((li) => li.className === 'read')).toBe(true);
    expect((screen.getByRole('button', { name: '全部已读' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says so when there is nothing', async () => {
    render(<NotificationBell client={fakeClient([])} />);
    fireEvent.click(screen.getByRole('button', { name: '通知' }));
    expect(await screen.findByText('暂无通知')).toBeTruthy();
  });
});

describe('SmsOutboxView (admin)', () => {
  it('lists the outbox with each message\'s status and filters by status', async () => {
    const { SmsOutboxView } = await import('../src/views/SmsOutboxView.tsx');
    const outbox = vi.fn(async (q: { status?: string }) => ({
      total: 1,
      items: [{
        id: 7, notification_id: 3, user_id: 5, username: 'mediator', phone: '13700000001', text: '您有新的调解案件（案件12036，类型：邻里纠纷），请登录平台查看。',
        status: (q.status ?? 'logged') as 'logged', attempts: 1, last_error: null, created_at: '2026-12-01T02:00:00Z', next_attempt_at: null, done_at: '2026-12-01T02:00:05Z',
      }],
    }));
    const client = { ...fakeClient([]), outbox } as unknown as NotificationsClient;
    render(<SmsOutboxView client={client} />);
    expect(await screen.findByText('仅记录（未配置短信网关）', { selector: 'td' })).toBeTruthy();
    expect(screen.getByTestId('sms-7').textContent).toContain('案件12036');
    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'failed' } });
    await waitFor(() => expect(outbox).toHaveBeenLastCalledWith({ status: 'failed', page: 1, page_size: 50 }, expect.anything()));
  });
});
