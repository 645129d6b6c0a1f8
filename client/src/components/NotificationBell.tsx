// The notification centre (通知) in the top bar: a bell with the unread count, opening a list of the
// user's notifications, newest first — a panel under
// the bell on a desk, a full-width sheet on a phone. Tapping one marks it read and opens its case
// (/cases/<id>); 全部已读 marks them all. Texts come from the server and name no party.
// The count is asked again on each change of place, when the window gets the focus back and when the list
// closes — never on a timer: every request renews the session's idle time (SESSION_IDLE_MINUTES), so a
// timer would keep the session of a phone left open on a desk alive until its absolute end.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { createNotificationsClient, type NotificationItem, type NotificationsClient } from '../api/notifications.ts';
import { followLink, usePath } from '../router.ts';
import './notifications.css';

const PAGE_SIZE = 20;

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const defaultClient = createNotificationsClient();

export function NotificationBell({ client = defaultClient }: { client?: NotificationsClient }) {
  const path = usePath();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const refreshCount = useCallback(() => {
    client.unreadCount().then((a) => setUnread(a.unread), () => undefined);
  }, [client]);
  useEffect(refreshCount, [refreshCount, path]);
  useEffect(() => {
    window.addEventListener('focus', refreshCount);
    return () => window.removeEventListener('focus', refreshCount);
  }, [refreshCount]);

  const load = useCallback(async (more: boolean) => {
    setError(null);
    try {
      const page = Math.floor((more ? items?.length ?? 0 : 0) / PAGE_SIZE) + 1;
      const a = await client.list({ page, page_size: PAGE_SIZE });
      setItems((prev) => (more && prev ? [...prev, ...a.items.filter((i) => !prev.some((p) => p.id === i.id))] : a.items));
      setTotal(a.total);
      setUnread(a.unread);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '通知加载失败，请重试');
    }
  }, [client, items]);

  const toggle = () => {
    if (open) { setOpen(false); refreshCount(); return; }
    setOpen(true);
    void load(false);
  };
  const close = () => { setOpen(false); refreshCount(); };

  const markOne = async (n: NotificationItem) => {
    if (n.read_at) return;
    try {
      const read = await client.markRead(n.id);
      setItems((prev) => prev?.map((p) => (p.id === n.id ? read : p)) ?? prev);
      setUnread((u) => Math.max(0, u - 1));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '标记失败，请重试');
    }
  };
  const markAll = async () => {
    try {
      await client.markAllRead();
      const now = new Date().toISOString();
      setItems((prev) => prev?.map((p) => (p.read_at ? p : { ...p, read_at: now })) ?? prev);
      setUnread(0);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '标记失败，请重试');
    }
  };

  return (
    <div className="bell-box">
      <button type="button" className="bell-button" aria-expanded={open} aria-controls="notification-panel" onClick={toggle}
        aria-label={unread ? `通知，${unread} 条未读` : '通知'}>
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden>
          <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zM9.5 19a2.5 2.5 0 0 0 5 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        </svg>
        {unread > 0 && <span className="bell-count" data-testid="bell-count">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <>
          <div className="bell-backdrop" role="presentation" onClick={close} />
          <section id="notification-panel" className="bell-panel" role="dialog" aria-label="通知">
            <header className="bell-head">
              <h2>通知{unread > 0 ? `（${unread} 条未读）` : ''}</h2>
              <button type="button" onClick={() => void markAll()} disabled={unread === 0}>全部已读</button>
              <button type="button" onClick={close}>关闭</button>
            </header>
            {error && <p className="error" role="alert">{error}</p>}
            {items === null && !error && <p className="bell-empty">正在加载…</p>}
            {items?.length === 0 && <p className="bell-empty">暂无通知</p>}
            <ul className="bell-list">
              {items?.map((n) => (
                <li key={n.id} className={n.read_at ? 'read' : 'unread'} data-testid={`notification-${n.id}`}>
                  {n.url ? (
                    <a href={n.url} onClick={(e) => { void markOne(n); setOpen(false); followLink(e, n.url!); }}>
                      <span className="bell-text">{n.text}</span>
                      <span className="bell-time">{when(n.created_at)}{n.read_at ? '' : ' · 未读'}</span>
                    </a>
                  ) : (
                    <button type="button" onClick={() => void markOne(n)}>
                      <span className="bell-text">{n.text}</span>
                      <span className="bell-time">{when(n.created_at)}{n.read_at ? '' : ' · 未读'}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {items && items.length < total && <button type="button" className="bell-more" onClick={() => void load(true)}>加载更多</button>}
          </section>
        </>
      )}
    </div>
  );
}
