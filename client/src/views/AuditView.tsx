// 审计日志 (admin): who did what, when, from where — read only; its second tab is the SMS outbox (短信发件箱).
import { useState } from 'react';
import { api as defaultApi, type ApiClient, type AuditFilter } from '../api/client.ts';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, ROLES, type AuditOutcome, type Role } from '../../../server/src/contract/auth.ts';
import { useFetched } from './useFetched.ts';
import { ErrorMessage, Loading } from '../components/StatusMessage.tsx';
import { SmsOutboxView } from './SmsOutboxView.tsx';
import { DateField } from '../components/DateField.tsx';
import { navigate } from '../router.ts';

const PAGE_SIZE = 50;

export function AuditView({ client = defaultApi }: { client?: ApiClient }) {
  const [tab, setTab] = useState<'audit' | 'sms'>('audit');
  const TABS = { audit: '审计日志', sms: '短信发件箱' } as const;
  return (
    <div className="admin-page">
      <div className="tabs" role="tablist">
        {(Object.keys(TABS) as (keyof typeof TABS)[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === tab} className={t === tab ? 'active' : undefined} onClick={() => setTab(t)}>{TABS[t]}</button>
        ))}
      </div>
      {tab === 'audit' ? <AuditLog client={client} /> : <SmsOutboxView />}
    </div>
  );
}

function AuditLog({ client }: { client: ApiClient }) {
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({ page: 1 });
  const key = JSON.stringify(filter);
  const log = useFetched(key, (signal) => client.audit({ ...filter, page_size: PAGE_SIZE }, signal));
  const page = filter.page ?? 1;
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <section className="panel admin-section">
        <h2 className="admin-title">审计日志</h2>
        <form className="admin-form admin-filter" onSubmit={(e) => { e.preventDefault(); setFilter({ ...draft, page: 1 }); }}>
          <label>起始日期<DateField label="起始日期" value={draft.from ?? ''} onChange={(v) => setDraft({ ...draft, from: v })} /></label>
          <label>结束日期<DateField label="结束日期" value={draft.to ?? ''} onChange={(v) => setDraft({ ...draft, to: v })} /></label>
          <label>用户名<input value={draft.user ?? ''} onChange={(e) => setDraft({ ...draft, user: e.target.value })} /></label>
          <label>操作
            <select value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
              <option value="">全部</option>
              {Object.entries(AUDIT_ACTIONS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          </label>
          <button type="submit" className="primary-button">查询</button>
        </form>
        {log.error && <ErrorMessage message={log.error.message} onRetry={log.reload} />}
        {!log.data && !log.error && <Loading text="正在加载审计日志…" />}
        {log.data && (
          <>
            <p className="admin-count">共 {log.data.total} 条 · 第 {page} / {pages} 页</p>
            <table className="admin-table">
              <thead>
                <tr><th>时间</th><th>用户</th><th>角色</th><th>操作</th><th>说明</th><th>结果</th><th>IP</th></tr>
              </thead>
              <tbody>
                {log.data.items.map((i) => (
                  <tr key={i.id}>
                    <td>{new Date(i.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td>
                    <td>{i.username ?? '—'}</td>
                    <td>{i.role ? ROLES[i.role as Role] : '—'}</td>
                    <td>{(AUDIT_ACTIONS as Record<string, string>)[i.action] ?? i.action}</td>
                    <td className="admin-details" data-testid="audit-sentence">
                      {i.link ? <a href={i.link} onClick={(e) => { e.preventDefault(); navigate(i.link!); }}>{i.sentence}</a> : (i.sentence ?? '—')}
                    </td>
                    <td className={`outcome-${i.outcome}`}>{AUDIT_OUTCOMES[i.outcome as AuditOutcome] ?? i.outcome}</td>
                    <td>{i.ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="admin-pager">
              <button type="button" className="link-button" disabled={page <= 1} onClick={() => setFilter({ ...filter, page: page - 1 })}>上一页</button>
              <button type="button" className="link-button" disabled={page >= pages} onClick={() => setFilter({ ...filter, page: page + 1 })}>下一页</button>
            </div>
          </>
        )}
      </section>
    </>
  );
}
