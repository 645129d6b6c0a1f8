// 短信发件箱 (admin, a tab of 审计日志): every SMS the notifications queued, with its status — sent, waiting
// for a retry, failed, or only logged because no gateway (SMS_URL_TEMPLATE) is configured.
import { useState } from 'react';
import { createNotificationsClient, type NotificationsClient, type SmsStatus } from '../api/notifications.ts';
import { SMS_STATUSES } from '../../../server/src/contract/notifications.ts';
import { useFetched } from './useFetched.ts';
import { ErrorMessage, Loading } from '../components/StatusMessage.tsx';

const PAGE_SIZE = 50;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');

export function SmsOutboxView({ client = createNotificationsClient() }: { client?: NotificationsClient }) {
  const [status, setStatus] = useState<SmsStatus | ''>('');
  const [page, setPage] = useState(1);
  const box = useFetched(`${status}:${page}`, (signal) => client.outbox({ status: status || undefined, page, page_size: PAGE_SIZE }, signal));
  const pages = box.data ? Math.max(1, Math.ceil(box.data.total / PAGE_SIZE)) : 1;
  return (
    <section className="panel admin-section">
      <h2 className="admin-title">短信发件箱</h2>
      <p className="hint">通知会同时以短信发给已关联调解员名册且有手机号的账号。未配置短信网关（SMS_URL_TEMPLATE）时，短信只记入日志并在此列为“仅记录”。短信内容只含案件编号和类型，不含当事人信息。</p>
      <form className="admin-form admin-filter" onSubmit={(e) => e.preventDefault()}>
        <label>状态
          <select value={status} onChange={(e) => { setStatus(e.target.value as SmsStatus | ''); setPage(1); }}>
            <option value="">全部</option>
            {Object.entries(SMS_STATUSES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </label>
      </form>
      {box.error && <ErrorMessage message={box.error.message} onRetry={box.reload} />}
      {!box.data && !box.error && <Loading text="正在加载短信发件箱…" />}
      {box.data && (
        <>
          <p className="admin-count">共 {box.data.total} 条 · 第 {page} / {pages} 页</p>
          <table className="admin-table">
            <thead><tr><th>编号</th><th>时间</th><th>收件账号</th><th>手机号</th><th>内容</th><th>状态</th><th>尝试次数</th><th>下次尝试</th><th>错误</th></tr></thead>
            <tbody>
              {box.data.items.map((m) => (
                <tr key={m.id} data-testid={`sms-${m.id}`}>
                  <td>{m.id}</td><td>{time(m.created_at)}</td><td>{m.username ?? '—'}</td><td>{m.phone}</td>
                  <td className="admin-details">{m.text}</td><td className={`sms-${m.status}`}>{SMS_STATUSES[m.status] ?? m.status}</td>
                  <td>{m.attempts}</td><td>{m.status === 'pending' ? time(m.next_attempt_at) : '—'}</td><td>{m.last_error ?? ''}</td>
                </tr>
              ))}
              {box.data.items.length === 0 && <tr><td colSpan={9}>没有短信</td></tr>}
            </tbody>
          </table>
          <div className="admin-pager">
            <button type="button" className="link-button" disabled={page <= 1} onClick={() => setPage(page - 1)}>上一页</button>
            <button type="button" className="link-button" disabled={page >= pages} onClick={() => setPage(page + 1)}>下一页</button>
          </div>
        </>
      )}
    </section>
  );
}
