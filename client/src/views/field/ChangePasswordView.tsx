// 修改初始密码: shown instead of the app while the account still has its generated initial password
// (users.must_change_password); the server refuses every other request until then.
import { useState, type FormEvent } from 'react';
import type { LoginAnswer, PublicUser } from '../../../../server/src/contract/auth.ts';
import { newPassword } from '../../../../server/src/contract/auth.ts';
import { ApiError } from '../../api/client.ts';
import { fieldApi, type FieldClient } from '../../api/field.ts';
import './field.css';

export interface ChangePasswordViewProps {
  user: PublicUser;
  onChanged: (answer: LoginAnswer) => void;
  onLogout: () => void;
  client?: FieldClient;
}

export function ChangePasswordView({ user, onChanged, onLogout, client = fieldApi }: ChangePasswordViewProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const checked = newPassword.safeParse(next);
    if (!checked.success) return setError(checked.error.issues[0]!.message);
    if (next !== again) return setError('两次输入的新密码不一致');
    if (next === current) return setError('新密码不能与初始密码相同');
    setBusy(true);
    try {
      onChanged(await client.changePassword(current, next));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '修改失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-page change-password">
      <form className="panel field-card" onSubmit={submit} noValidate aria-label="修改初始密码">
        <h2 className="admin-title">请先修改初始密码</h2>
        <p>{user.display_name}（{user.username}），您好：您的账号由管理员创建，首次登录须把初始密码改为只有您自己知道的新密码。</p>
        <label className="field">
          <span className="field-label">初始密码</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label className="field">
          <span className="field-label">新密码（至少 10 位，含字母和数字）</span>
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label className="field">
          <span className="field-label">再次输入新密码</span>
          <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </label>
        {error && <p className="login-error" role="alert">{error}</p>}
        <div className="form-actions">
          <button type="button" className="secondary-button" onClick={onLogout}>退出登录</button>
          <button type="submit" className="primary-button" disabled={busy}>{busy ? '正在保存…' : '修改密码'}</button>
        </div>
      </form>
    </div>
  );
}
