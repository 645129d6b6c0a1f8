// The application shell: the login page until a session exists; then a top bar with the product name, the
// views the user's role may use (the server enforces the same rules), the user and logout. More views are added to VIEWS.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, onSessionEnd } from './api/client.ts';
import { ROLES, type LoginAnswer, type PublicUser, type Role } from '../../server/src/contract/auth.ts';
import { LoginView } from './views/LoginView.tsx';
import { UsersView } from './views/UsersView.tsx';
import { AuditView } from './views/AuditView.tsx';
import { Loading } from './components/StatusMessage.tsx';
import { OverviewView } from './views/OverviewView.tsx';
import { DispatchView } from './views/dispatch/DispatchView.tsx';
import { MyCasesView } from './views/MyCasesView.tsx';
import { RegistryView } from './views/registry/RegistryView.tsx';
import { BoundaryImportView } from './views/registry/BoundaryImportView.tsx';
import { PlanningView } from './views/planning/PlanningView.tsx';
import { AssessmentView } from './views/assessment/AssessmentView.tsx';
import { LeadershipView } from './views/assessment/LeadershipView.tsx';
import { PublicDirectoryView } from './views/public/PublicDirectoryView.tsx';
import { AccessTokens } from './components/AccessTokens.tsx';

interface ViewEntry {
  key: string;
  label: string;
  render(role: Role): ReactNode;
  /** Who sees the view (admin is listed explicitly where it should see it). */
  roles: readonly Role[];
}

// 案件分流 is for dispatchers and admin, 我的案件 for mediators (issue 4); both take the user's `role` as a prop.
export const VIEWS: readonly ViewEntry[] = [
  { key: 'leadership', label: '领导驾驶舱', render: (role) => <LeadershipView role={role} />, roles: ['leader', 'admin'] },
  { key: 'overview', label: '态势总览', render: () => <OverviewView />, roles: ['admin', 'leader', 'dispatcher', 'planner', 'mediator'] },
  { key: 'dispatch', label: '案件分流', render: (role) => <DispatchView role={role} />, roles: ['admin', 'dispatcher'] },
  { key: 'my-cases', label: '我的案件', render: (role) => <MyCasesView role={role} />, roles: ['mediator'] },
  { key: 'planning', label: '覆盖规划', render: (role) => <PlanningView role={role} />, roles: ['admin', 'planner', 'leader'] },
  { key: 'registry', label: '调解名册', render: (role) => <RegistryView role={role} />, roles: ['admin', 'dispatcher', 'planner', 'leader'] },
  { key: 'boundaries', label: '边界导入', render: (role) => <BoundaryImportView role={role} />, roles: ['admin'] },
  { key: 'assessment', label: '考核统计', render: (role) => <AssessmentView role={role} />, roles: ['admin', 'leader', 'dispatcher', 'planner'] },
  { key: 'users', label: '用户管理', render: () => <UsersView />, roles: ['admin'] },
  { key: 'audit', label: '审计日志', render: () => <AuditView />, roles: ['admin'] },
];

export const viewsFor = (role: Role) => VIEWS.filter((v) => v.roles.includes(role));

const SESSION_ENDED = '登录已过期，请重新登录';

/** The public directory (公开名录) is the one page reachable without logging in. */
export const PUBLIC_PATH = '/directory';

export function App() {
  if (typeof window !== 'undefined' && window.location.pathname.startsWith(PUBLIC_PATH)) return <PublicDirectoryView />;
  return <SignedInApp />;
}

function SignedInApp() {
  // undefined: still asking the server whether a session exists (a reload).
  const [user, setUser] = useState<PublicUser | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api.me(ctrl.signal).then((a) => setUser(a?.user ?? null), () => setUser(null));
    return () => ctrl.abort();
  }, []);
  // Any answer that says the session is gone (expired, logged out elsewhere) brings back the login page.
  useEffect(() => onSessionEnd(() => setUser((u) => {
    if (u) setNotice(SESSION_ENDED);
    return null;
  })), []);
  const loggedIn = useCallback((a: LoginAnswer) => { setNotice(null); setUser(a.user); }, []);
  const logout = useCallback(() => {
    api.logout().catch(() => undefined).finally(() => { setNotice(null); setUser(null); });
  }, []);

  if (user === undefined) return <div className="view-center"><Loading text="正在连接…" /></div>;
  if (user === null) return <LoginView onLoggedIn={loggedIn} notice={notice} />;
  return <Shell user={user} onLogout={logout} />;
}

function Shell({ user, onLogout }: { user: PublicUser; onLogout(): void }) {
  const views = viewsFor(user.role);
  const [active, setActive] = useState(views[0]?.key ?? '');
  const view = views.find((v) => v.key === active) ?? views[0];
  const [tokensOpen, setTokensOpen] = useState(false);
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            <svg viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="6" fill="#ffffff" fillOpacity="0.12" />
              <path d="M8 9h16M16 9v14M10 23h12M9 13l-2.5 5h5zM23 13l-2.5 5h5z" stroke="#fff" strokeWidth="1.8" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </span>
          <div className="brand-text">
            <h1>浉河区诉源治理网格地图</h1>
            <span className="brand-sub">信阳市浉河区人民法院 · 人民法院调解平台进乡村、进社区、进网格</span>
          </div>
        </div>
        <nav className="nav" aria-label="功能导航">
          {views.map((v) => (
            <button key={v.key} type="button" className={v.key === active ? 'active' : undefined}
              aria-current={v.key === active ? 'page' : undefined} onClick={() => setActive(v.key)}>
              {v.label}
            </button>
          ))}
        </nav>
        <div className="user-box">
          <span className="user-name">{user.display_name}</span>
          <span className="user-role">{ROLES[user.role]}{user.tribunal_name ? ` · ${user.tribunal_name}` : ''}</span>
          <button type="button" className="logout-button tokens-button" onClick={() => setTokensOpen(true)}>访问令牌</button>
          <button type="button" className="logout-button" onClick={onLogout}>退出登录</button>
        </div>
      </header>
      {tokensOpen && <AccessTokens username={user.username} onClose={() => setTokensOpen(false)} />}
      <main className="content">
        {view ? view.render(user.role) : <div className="view-center">该账号没有可用的功能，请联系管理员。</div>}
      </main>
    </div>
  );
}
