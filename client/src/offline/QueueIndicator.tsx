// 待发送 N 条: the offline queue in the top bar, and its list with each item's state. A conflict or failure
// stays with the server's message until the user removes it.
import './queue.css';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { flush, pendingCount, queueItems, removeItem, STATE_LABELS, subscribeQueue } from './queue.ts';

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine !== false);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  return online;
}

export function QueueIndicator() {
  const items = useSyncExternalStore(subscribeQueue, queueItems, queueItems);
  const online = useOnline();
  const [open, setOpen] = useState(false);
  const pending = pendingCount(items);
  const trouble = items.filter((i) => i.state === 'conflict' || i.state === 'failed').length;
  if (!items.length && online) return null;
  const text = pending ? `待发送 ${pending} 条` : trouble ? `${trouble} 条未能发送` : online ? '已全部发送' : '离线';
  return (
    <div className="queue-box">
      <button type="button" className={`queue-button${trouble ? ' queue-trouble' : ''}${online ? '' : ' queue-offline'}`}
        aria-expanded={open} aria-controls="queue-list" data-testid="queue-indicator" onClick={() => setOpen((o) => !o)}>
        {!online && <span className="queue-dot" aria-hidden />}{online ? text : `离线 · ${text}`}
      </button>
      {open && (
        <div id="queue-list" className="queue-list" role="region" aria-label="待发送队列">
          <div className="queue-head">
            <b>待发送队列</b>
            <span className="muted">{online ? '已联网' : '当前离线，联网后自动发送'}</span>
            {online && pending > 0 && <button type="button" className="secondary-button" onClick={() => void flush()}>立即发送</button>}
          </div>
          {!items.length && <p className="muted">没有待发送的记录。</p>}
          <ul>
            {items.map((i) => (
              <li key={i.key} className={`queue-item queue-${i.state}`} data-testid="queue-item" data-state={i.state}>
                <span className="queue-label">{i.label}</span>
                <span className="queue-state">{STATE_LABELS[i.state]}</span>
                <span className="muted queue-time">{new Date(i.createdAt).toLocaleString('zh-CN', { hour12: false })}</span>
                {i.message && <span className="queue-message" role="alert">{i.message}</span>}
                {(i.state === 'sent' || i.state === 'conflict' || i.state === 'failed') && (
                  <button type="button" className="link-button" onClick={() => void removeItem(i.key)}>{i.state === 'sent' ? '移除' : '知道了，删除'}</button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
