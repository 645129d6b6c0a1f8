// 用户管理 (admin): accounts, roles, tribunal scope, activation and password resets.
import { useState, type FormEvent } from 'react';
import { api as defaultApi, ApiError, type AdminUser, type ApiClient } from '../api/client.ts';
import { ROLES, type Role } from '../../../server/src/contract/auth.ts';
import { useFetched } from './useFetched.ts';
import { registryApi } from '../api/registry.ts';
import { ErrorMessage, Loading } from '../components/StatusMessage.tsx';
import { MediatorPicker } from './field/MediatorPicker.tsx';
import { MediatorAccounts } from './field/MediatorAccounts.tsx';
import { MEDIATOR_KINDS } from '../../../server/src/contract/vocab.ts';

const ROLE_KEYS = Object.keys(ROLES) as Role[];

export function UsersView({ client = defaultApi, tribunals: loadTribunals = (signal) => registryApi.tribunals(signal) }: {
  client?: ApiClient;
  /** The tribunals a user can be scoped to (picked by name). */
  tribunals?: (signal: AbortSignal) => Promise<{ items: { id: number; name: string }[] }>;
}) {
  const [reload, setReload] = useState(0);
  const tribunals = useFetched('tribunals', loadTribunals);
  const users = useFetched(`users|${reload}`, (signal) => client.users(signal));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [linking, setLinking] = useState<AdminUser | null>(null);
  const [form, setForm] = useState({ username: '', display_name: '', role: 'leader' as Role, password: '', tribunal_id: '' });

  const act = async (what: () => Promise<unknown>, ok: string) => {
    setMessage(null);
    try {
      await what();
      setMessage({ kind: 'ok', text: ok });
      setReload((n) => n + 1);
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.message : '操作失败' });
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(() => client.createUser({
      username: form.username, display_name: form.display_name, role: form.role, password: form.password,
      tribunal_id: form.tribunal_id ? Number(form.tribunal_id) : null,
    }), `已创建用户 ${form.username}`).then(() => setForm((f) => ({ ...f, username: '', display_name: '', password: '' })));
  };

  const resetPassword = (u: AdminUser) => {
    const password = window.prompt(`为 ${u.display_name}（${u.username}）设置新密码（至少 10 位，含字母和数字）：`);
    if (password) void act(() => client.updateUser(u.id, { password }), `已重设 ${u.username} 的密码`);
  };

  // The phone is checked by the server (contract/fields.ts phone); an empty answer clears it.
  const setPhone = (u: AdminUser) => {
    const phone = window.prompt(`${u.display_name}（${u.username}）的联系电话（手机 11 位，或固话“区号-号码”；留空即清除）：`, u.phone ?? '');
    if (phone !== null) void act(() => client.updateUser(u.id, { phone: phone.trim() || null }), phone.trim() ? `已设置 ${u.username} 的电话` : `已清除 ${u.username} 的电话`);
  };

  return (
    <div className="admin-page">
      <section className="panel admin-section">
        <h2 className="admin-title">用户管理</h2>
        {message && <p className={message.kind === 'ok' ? 'admin-ok' : 'login-error'} role="status">{message.text}</p>}
        {users.error && <ErrorMessage message={users.error.message} onRetry={users.reload} />}
        {!users.data && !users.error && <Loading text="正在加载用户…" />}
        {users.data && (
          <table className="admin-table">
            <thead>
              <tr><th>用户名</th><th>姓名</th><th>角色</th><th>辖区</th><th>名册调解员</th><th>状态</th><th>最近登录</th><th>操作</th></tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                  <td>{u.username}{u.is_demo && <span className="tag">演示</span>}</td>
                  <td>{u.display_name}{u.phone && <div className="muted small" data-testid={`user-phone-${u.id}`}>{u.phone}</div>}</td>
                  <td>
                    <select aria-label={`${u.username} 的角色`} value={u.role}
                      onChange={(e) => void act(() => client.updateUser(u.id, { role: e.target.value as Role }), `已修改 ${u.username} 的角色`)}>
                      {ROLE_KEYS.map((r) => <option key={r} value={r}>{ROLES[r]}</option>)}
                    </select>
                  </td>
                  <td>{u.tribunal_name ?? '全区'}</td>
                  <td data-testid={`user-mediator-${u.id}`}>
                    {u.mediator_id !== null
                      ? <>{u.mediator_name ?? `#${u.mediator_id}`}{u.mediator_kind ? <span className="tag">{MEDIATOR_KINDS[u.mediator_kind]}</span> : null}</>
                      : u.role === 'mediator' ? <span className="login-error">未关联</span> : '—'}
                    {u.must_change_password && <span className="tag">待改初始密码</span>}
                  </td>
                  <td>{u.active ? '启用' : '已停用'}</td>
                  <td>{u.last_login_at ? new Date(u.last_login_at).toLocaleString('zh-CN') : '—'}</td>
                  <td className="admin-actions">
                    <button type="button" className="link-button" onClick={() => resetPassword(u)}>重设密码</button>
                    <button type="button" className="link-button" onClick={() => setPhone(u)}>{u.phone ? '修改电话' : '设置电话'}</button>
                    {u.role === 'mediator' && (
                      <button type="button" className="link-button" onClick={() => setLinking(u)}>{u.mediator_id === null ? '关联名册' : '更换关联'}</button>
                    )}
                    {u.mediator_id !== null && (
                      <button type="button" className="link-button"
                        onClick={() => void act(() => client.updateUser(u.id, { mediator_id: null }), `已解除 ${u.username} 与名册的关联`)}>解除关联</button>
                    )}
                    <button type="button" className="link-button"
                      onClick={() => void act(() => client.updateUser(u.id, { active: !u.active }), u.active ? `已停用 ${u.username}` : `已启用 ${u.username}`)}>
                      {u.active ? '停用' : '启用'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {linking && (
        <section className="panel admin-section" aria-label="关联名册调解员">
          <h3 className="admin-title">为 {linking.display_name}（{linking.username}）关联名册调解员</h3>
          <p className="muted">按姓名、单位或电话查找本人；一名调解员只能关联一个账号。关联后该账号需重新登录。</p>
          <MediatorPicker forUserId={linking.id} selected={linking.mediator_id !== null ? [linking.mediator_id] : []}
            onPick={(m) => void act(() => client.updateUser(linking.id, { mediator_id: m.id }), `已将 ${linking.username} 关联到 ${m.name}`).then(() => setLinking(null))} />
          <button type="button" className="secondary-button" onClick={() => setLinking(null)}>取消</button>
        </section>
      )}
      <section className="panel admin-section">
        <h3 className="admin-title">批量创建调解员账号</h3>
        <MediatorAccounts onCreated={() => setReload((n) => n + 1)} />
      </section>
      <section className="panel admin-section">
        <h3 className="admin-title">新建用户</h3>
        <form className="admin-form" onSubmit={create}>
          <label>用户名<input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required /></label>
          <label>姓名<input value={form.display_name} onChange={(e) => setForm({ ...form, display_name: e.target.value })} required /></label>
          <label>角色
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLE_KEYS.map((r) => <option key={r} value={r}>{ROLES[r]}</option>)}
            </select>
          </label>
          <label>限定法庭
            <select value={form.tribunal_id} onChange={(e) => setForm({ ...form, tribunal_id: e.target.value })} data-testid="user-tribunal">
              <option value="">不限（全区）</option>
              {(tribunals.data?.items ?? []).map((t) => <option key={t.id} value={String(t.id)}>{t.name}</option>)}
            </select>
          </label>
          <label>初始密码<input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required /></label>
          <button type="submit" className="primary-button">创建</button>
        </form>
      </section>
    </div>
  );
}
