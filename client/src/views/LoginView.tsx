// 登录: the first screen. Any answer that says the session has ended brings the app back here with a notice.
import { useState, type FormEvent } from 'react';
import { api as defaultApi, ApiError, type ApiClient } from '../api/client.ts';
import type { LoginAnswer } from '../../../server/src/contract/auth.ts';

export interface LoginViewProps {
  client?: Pick<ApiClient, 'login'>;
  onLoggedIn(answer: LoginAnswer): void;
  /** Shown above the form, e.g. 登录已过期，请重新登录. */
  notice?: string | null;
}

export function LoginView({ client = defaultApi, onLoggedIn, notice }: LoginViewProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await client.login(username.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '登录失败，请稍后重试');
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <form className="login-card panel" onSubmit={submit} aria-label="登录" noValidate>
        <div className="login-head">
          <svg viewBox="0 0 32 32" width="40" height="40" aria-hidden>
            <rect width="32" height="32" rx="6" fill="#1b3a6b" />
            <path d="M8 9h16M16 9v14M10 23h12M9 13l-2.5 5h5zM23 13l-2.5 5h5z" stroke="#fff" strokeWidth="1.8" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <div>
            <h2>浉河区诉源治理网格地图</h2>
            <p className="login-sub">信阳市浉河区人民法院 · 工作人员登录</p>
          </div>
        </div>
        {notice && <p className="login-notice" role="status">{notice}</p>}
        <label className="login-field">
          <span>用户名</span>
          <input name="username" autoComplete="username" value={username} autoFocus
            onChange={(e) => setUsername(e.target.value)} disabled={busy} />
        </label>
        <label className="login-field">
          <span>密码</span>
          <input name="password" type="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.target.value)} disabled={busy} />
        </label>
        {error && <p className="login-error" role="alert">{error}</p>}
        <button type="submit" className="primary-button" disabled={busy}>{busy ? '正在登录…' : '登录'}</button>
        <p className="login-foot">系统含当事人等个人信息，仅限授权人员使用；所有登录与查看操作均记录在审计日志中。</p>
        <p className="login-public"><a href="/directory">查看公开名录（参与诉源治理的调解组织和调解员，无需登录）</a></p>
      </form>
    </div>
  );
}
