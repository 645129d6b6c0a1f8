// The application shell: the login page until a session exists; then a top bar with the product name, the
// views the user's role may use (the server enforces the same rules), the user and logout. Every view has a
// path (router.ts): `/dispatch`, `/my-cases`, `/cases/12036`, …; `/` sends each role to its own work. The
// views are loaded on first use (React.lazy), so the map library and the charts come only with the views
// that draw them. On phones and tablets the menu is a bottom bar (up to five views) or a collapsible list.
import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { api, onSessionEnd } from './api/client.ts';
import type { LoginAnswer, PublicUser, Role } from '../../server/src/contract/auth.ts';
import { ROLES } from '../../server/src/contract/vocab.ts';
import { LoginView } from './views/LoginView.tsx';
import { Loading } from './components/StatusMessage.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { followLink, navigate, parsePath, usePath, type Route } from './router.ts';
import type { CaseRoute } from './views/case-route.ts';
import { QueueIndicator } from './offline/QueueIndicator.tsx';
import { pendingCount, queueItems, setQueueUser } from './offline/queue.ts';
import { forgetOfflineData } from './offline/register.ts';
import type { MediatorKind } from '../../server/src/contract/vocab.ts';
import type { DocumentKind } from '../../server/src/contract/documents.ts';
import { fetchEarly } from './api/early.ts';
import { dispatchFirstRequests } from './views/dispatch/first-requests.ts';

/**
 * A view loaded on first render: its module (and what only it imports) becomes its own chunk. `preload`
 * fetches it ahead (a pointer over its menu link, an idle moment), so the click need not wait for it.
 */
function lazyView<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loading: Promise<ComponentType<P>> | null = null;
  const once = () => (loading ??= load().catch((e: unknown) => { loading = null; throw e; }));
  // `preload` settles when the code has loaded (or failed to: the view then reports it when it renders).
  return Object.assign(lazy(async () => ({ default: await once() })), { preload: () => once().then(() => undefined, () => undefined) });
}
const LeadershipView = lazyView(() => import('./views/assessment/LeadershipView.tsx').then((m) => m.LeadershipView));
const OverviewView = lazyView(() => import('./views/OverviewView.tsx').then((m) => m.OverviewView));
const DispatchView = lazyView(() => import('./views/dispatch/DispatchView.tsx').then((m) => m.DispatchView));
const MyCasesView = lazyView(() => import('./views/MyCasesView.tsx').then((m) => m.MyCasesView));
const PlanningView = lazyView(() => import('./views/planning/PlanningView.tsx').then((m) => m.PlanningView));
const IntakeView = lazyView(() => import('./views/intake/IntakeView.tsx').then((m) => m.IntakeView));
const RegistryView = lazyView(() => import('./views/registry/RegistryView.tsx').then((m) => m.RegistryView));
const BoundaryImportView = lazyView(() => import('./views/registry/BoundaryImportView.tsx').then((m) => m.BoundaryImportView));
const AssessmentView = lazyView(() => import('./views/assessment/AssessmentView.tsx').then((m) => m.AssessmentView));
const ReportView = lazyView(() => import('./views/field/ReportView.tsx').then((m) => m.ReportView));
const ChangePasswordView = lazyView(() => import('./views/field/ChangePasswordView.tsx').then((m) => m.ChangePasswordView));
const UsersView = lazyView(() => import('./views/UsersView.tsx').then((m) => m.UsersView));
const AuditView = lazyView(() => import('./views/AuditView.tsx').then((m) => m.AuditView));
const AccessTokens = lazyView(() => import('./components/AccessTokens.tsx').then((m) => m.AccessTokens));
const PrintView = lazyView(() => import('./views/documents/PrintView.tsx').then((m) => m.PrintView));
const DocumentTemplatesView = lazyView(() => import('./views/documents/DocumentTemplatesView.tsx').then((m) => m.DocumentTemplatesView));
const PublicDirectoryView = lazyView(() => import('./views/public/PublicDirectoryView.tsx').then((m) => m.PublicDirectoryView));

interface ViewContext {
  role: Role;
  user: PublicUser;
  /** Where the case view is (`/cases/<id>`, `/cases/new` or the view's own path). */
  caseRoute: CaseRoute;
}

interface ViewEntry {
  key: string;
  label: string;
  render(ctx: ViewContext): ReactNode;
  /** Who sees the view (admin is listed explicitly where it should see it). */
  roles: readonly Role[];
  /** The view that opens `/cases/<id>` for these roles; `'create'`: also the new-case form `/cases/new`. */
  cases?: true | 'create';
  /** false: reached by its path and links, not listed in the menu (the admin's menu is full at 1366 px). */
  menu?: false;
}

// 案件分流 is for dispatchers and admin, 我的案件 for mediators (issue 4); both take the user's `role` as a prop.
export const VIEWS: readonly ViewEntry[] = [
  { key: 'leadership', label: '领导驾驶舱', render: ({ role }) => <LeadershipView role={role} />, roles: ['leader', 'admin'] },
  { key: 'overview', label: '态势总览', render: () => <OverviewView />, roles: ['admin', 'leader', 'dispatcher', 'planner', 'mediator'] },
  { key: 'dispatch', label: '案件分流', render: ({ role, caseRoute }) => <DispatchView role={role} route={caseRoute} onRoute={goCase('dispatch')} />, roles: ['admin', 'dispatcher'], cases: 'create' },
  // Linked from the dispatch view (批量导入 beside 批量分派): a step of dispatching, not a menu entry of its own.
  { key: 'intake', label: '批量导入', render: () => <IntakeView />, roles: ['admin', 'dispatcher'], menu: false },
  { key: 'my-cases', label: '我的案件', render: ({ role, caseRoute, user }) => <MyCasesView role={role} route={caseRoute} onRoute={goCase('my-cases')} unlinked={user.mediator_id === null} />, roles: ['mediator'], cases: true },
  { key: 'report', label: '网格上报', render: ({ user }) => <ReportView user={user} />, roles: ['mediator'] },
  { key: 'planning', label: '覆盖规划', render: ({ role }) => <PlanningView role={role} />, roles: ['admin', 'planner', 'leader'] },
  { key: 'registry', label: '调解名册', render: ({ role }) => <RegistryView role={role} />, roles: ['admin', 'dispatcher', 'planner', 'leader'] },
  { key: 'boundaries', label: '边界导入', render: ({ role }) => <BoundaryImportView role={role} />, roles: ['admin'] },
  { key: 'assessment', label: '考核统计', render: ({ role }) => <AssessmentView role={role} />, roles: ['admin', 'leader', 'dispatcher', 'planner'] },
  { key: 'users', label: '用户管理', render: () => <UsersView />, roles: ['admin'] },
  { key: 'audit', label: '审计日志', render: () => <AuditView />, roles: ['admin'] },
  // Linked from the 文书 section of a case file (views/documents/CaseDocuments.tsx).
  { key: 'document-templates', label: '文书模板', render: () => <DocumentTemplatesView />, roles: ['admin'], menu: false },
];

/** Views whose code is fetched when the pointer or focus reaches their menu link (the map views, the heavy ones). */
const PRELOAD: Partial<Record<string, () => void>> = {
  leadership: LeadershipView.preload, overview: OverviewView.preload, dispatch: DispatchView.preload,
  'my-cases': MyCasesView.preload, planning: PlanningView.preload, registry: RegistryView.preload,
};

/** Where `/` takes a role: its own work; any other role starts on its first view. */
export const ROLE_HOME: Partial<Record<Role, string>> = { dispatcher: 'dispatch', mediator: 'my-cases' };

export const viewsFor = (role: Role) => VIEWS.filter((v) => v.roles.includes(role));

/** A grid worker (网格员: a mediator account linked to a registry mediator of that kind) lands on the report form. */
export function homeOf(role: Role, mediatorKind?: MediatorKind | null): string | null {
  const views = viewsFor(role);
  const own = role === 'mediator' && mediatorKind === 'grid_worker' ? 'report' : ROLE_HOME[role];
  return views.find((v) => v.key === own)?.key ?? views[0]?.key ?? null;
}

/** Case views tell the router where they are: a case, the new-case form, or the view's list. */
function goCase(key: string) {
  return (r: CaseRoute, opts?: { replace?: boolean }) =>
    navigate(r.kind === 'case' ? `/cases/${r.id}` : r.kind === 'new' ? '/cases/new' : `/${key}`, opts);
}

/** The view a route shows to a role, or where to send it instead. */
export function resolveRoute(route: Route, role: Role, mediatorKind?: MediatorKind | null): { view: ViewEntry; caseRoute: CaseRoute } | { redirect: string } | { refused: true } {
  const views = viewsFor(role);
  const home = homeOf(role, mediatorKind);
  switch (route.kind) {
    case 'home':
    case 'directory':
      return home ? { redirect: `/${home}` } : { refused: true };
    case 'view': {
      const view = views.find((v) => v.key === route.key);
      return view ? { view, caseRoute: { kind: 'list' } } : { refused: true };
    }
    case 'case':
    case 'new-case': {
      const view = views.find((v) => (route.kind === 'case' ? v.cases : v.cases === 'create'));
      if (!view) return { refused: true };
      return { view, caseRoute: route.kind === 'case' ? { kind: 'case', id: route.id } : { kind: 'new' } };
    }
    case 'print': // shown without the shell (SignedInApp); here only if a role may not open cases
    case 'unknown':
      return { refused: true };
  }
}

const SESSION_ENDED = '登录已过期，请重新登录';

/** The public directory (公开名录) is the one page reachable without logging in. */
export function App() {
  const path = usePath();
  if (parsePath(path).kind === 'directory') return <Suspense fallback={<Center />}><PublicDirectoryView /></Suspense>;
  return <SignedInApp />;
}

const Center = () => <div className="view-center"><Loading text="正在加载…" /></div>;

/** The role of the last login on this device (not personal data): which view chunk to fetch early. */
const LAST_ROLE = 'shihe.lastRole';
const loadMyCases = () => import('./views/MyCasesView.tsx');

/**
 * A phone on a slow line: a mediator's 我的案件 or case chunk is fetched alongside /api/auth/me instead of
 * after it (one round trip less before the view is usable). Not 案件分流's: its 30 files would take the
 * browser's six connections to the server ahead of /api/auth/me, which everything else waits for.
 */
function preloadLanding(path: string): void {
  try {
    if (localStorage.getItem(LAST_ROLE) !== 'mediator') return;
  } catch { return; }
  const r = parsePath(path);
  if (r.kind === 'home' || r.kind === 'case' || (r.kind === 'view' && r.key === 'my-cases')) void loadMyCases().catch(() => undefined);
}

/**
 * Once the session is known (a reload, a login), for 案件分流: its code is fetched and, as soon as it has
 * loaded, its first answers are asked for, before React renders the view and creates its map (a third of
 * a second and more of the main thread in software WebGL), not after (api/early.ts). Not beside the code:
 * on a loaded machine answers asked for beside its 30 files held them back (the browser's six connections
 * to the server, the server's one thread), and the view was usable later.
 */
function startLanding(user: PublicUser): void {
  if (user.must_change_password) return;
  let resolved = resolveRoute(parsePath(window.location.pathname), user.role, user.mediator_kind);
  if ('redirect' in resolved) resolved = resolveRoute(parsePath(resolved.redirect), user.role, user.mediator_kind);
  if (!('view' in resolved) || resolved.view.key !== 'dispatch') return;
  void DispatchView.preload().then(() => fetchEarly(dispatchFirstRequests()));
}

function SignedInApp() {
  // undefined: still asking the server whether a session exists (a reload).
  const [user, setUser] = useState<PublicUser | null | undefined>(undefined);
  const path = usePath();
  useState(() => preloadLanding(window.location.pathname));
  useEffect(() => {
    try { if (user) localStorage.setItem(LAST_ROLE, user.role); } catch { /* private mode */ }
  }, [user]);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api.me(ctrl.signal).then((a) => {
      if (a) startLanding(a.user);
      setUser(a?.user ?? null);
    }, () => setUser(null));
    return () => ctrl.abort();
  }, []);
  // Any answer that says the session is gone (expired, logged out elsewhere) brings back the login page.
  useEffect(() => onSessionEnd(() => setUser((u) => {
    if (u) setNotice(SESSION_ENDED);
    return null;
  })), []);
  // The place in the URL survives the login: a link to /cases/12036 opens the case once logged in.
  const loggedIn = useCallback((a: LoginAnswer) => { startLanding(a.user); setNotice(null); setUser(a.user); }, []);
  const logout = useCallback(() => {
    // Unsent writes of the offline queue leave the device with the user: ask first.
    const pending = pendingCount(queueItems());
    if (pending > 0 && !window.confirm(`还有 ${pending} 条记录未发送，退出登录将删除它们。确定退出？`)) return;
    const id = user?.id;
    api.logout().catch(() => undefined).finally(() => {
      if (id !== undefined) void forgetOfflineData(id);
      setNotice(null); setUser(null); navigate('/', { replace: true });
    });
  }, [user]);
  // The offline queue shows and sends only the logged-in user's writes.
  useEffect(() => { void setQueueUser(user?.id ?? null).catch(() => undefined); }, [user]);

  if (user === undefined) return <div className="view-center"><Loading text="正在连接…" /></div>;
  if (user === null) return <LoginView onLoggedIn={loggedIn} notice={notice} />;
  // A generated initial password: the server allows nothing else until it is changed.
  if (user.must_change_password) {
    return <Suspense fallback={<Center />}><ChangePasswordView user={user} onChanged={loggedIn} onLogout={logout} /></Suspense>;
  }
  // A document's print view: the sheet alone, for those who open cases (the server checks the case).
  const r = parsePath(path);
  if (r.kind === 'print' && ['admin', 'dispatcher', 'mediator'].includes(user.role)) {
    return <Suspense fallback={<Center />}><PrintView caseId={r.id} kind={r.doc as DocumentKind} /></Suspense>;
  }
  return <Shell user={user} onLogout={logout} />;
}

/** Up to this many views fit a phone's bottom bar; more go into a collapsible menu. */
const BOTTOM_BAR_MAX = 5;

function Shell({ user, onLogout }: { user: PublicUser; onLogout(): void }) {
  const views = viewsFor(user.role).filter((v) => v.menu !== false);
  const path = usePath();
  const resolved = resolveRoute(parsePath(path), user.role, user.mediator_kind);
  const redirect = 'redirect' in resolved ? resolved.redirect : null;
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  const active = 'view' in resolved ? resolved.view : null;
  const bottomBar = views.length <= BOTTOM_BAR_MAX;
  useEffect(() => {
    document.title = active ? `${active.label} · 浉河区诉源治理网格地图` : '浉河区诉源治理网格地图';
  }, [active]);
  const home = homeOf(user.role, user.mediator_kind);
  const [tokensOpen, setTokensOpen] = useState(false);
  // 案件分流 is a dispatcher's daily work: its code is fetched in the first idle moment wherever they start.
  const mayDispatch = views.some((v) => v.key === 'dispatch');
  useEffect(() => {
    if (!mayDispatch) return;
    const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 1500));
    idle(() => PRELOAD.dispatch?.());
  }, [mayDispatch]);
  return (
    <div className={`app${bottomBar ? ' has-bottom-nav' : ''}`}>
      <header className="topbar">
        <a className="brand" href={home ? `/${home}` : '/'} onClick={(e) => followLink(e, home ? `/${home}` : '/')} aria-label="首页">
          <span className="brand-mark" aria-hidden>
            <svg viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="6" fill="#ffffff" fillOpacity="0.12" />
              <path d="M8 9h16M16 9v14M10 23h12M9 13l-2.5 5h5zM23 13l-2.5 5h5z" stroke="#fff" strokeWidth="1.8" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </span>
          <span className="brand-text">
            <h1>浉河区诉源治理网格地图</h1>
            <span className="brand-sub">信阳市浉河区人民法院 · 人民法院调解平台进乡村、进社区、进网格</span>
          </span>
        </a>
        <nav id="main-nav" className={`nav ${bottomBar ? 'nav-bottom' : 'nav-collapsible'}${menuOpen ? ' open' : ''}`} aria-label="功能导航">
          {views.map((v) => (
            <a key={v.key} href={`/${v.key}`} className={v === active ? 'active' : undefined}
              aria-current={v === active ? 'page' : undefined} onClick={(e) => followLink(e, `/${v.key}`)}
              onPointerEnter={PRELOAD[v.key]} onFocus={PRELOAD[v.key]}>
              {v.label}
            </a>
          ))}
        </nav>
        <div className="user-box">
          <QueueIndicator />
          <NotificationBell />
          <span className="user-name">{user.display_name}</span>
          <span className="user-role">{ROLES[user.role]}{user.tribunal_name ? ` · ${user.tribunal_name}` : ''}</span>
          <button type="button" className="logout-button tokens-button" onClick={() => setTokensOpen(true)}>访问令牌</button>
          {!bottomBar && (
            <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((o) => !o)}>
              {menuOpen ? '收起菜单' : '菜单'}
            </button>
          )}
          <button type="button" className="logout-button" onClick={onLogout}>退出登录</button>
        </div>
      </header>
      {tokensOpen && <Suspense fallback={null}><AccessTokens username={user.username} onClose={() => setTokensOpen(false)} /></Suspense>}
      <main className="content">
        {'view' in resolved ? (
          <Suspense fallback={<Center />}>{resolved.view.render({ role: user.role, user, caseRoute: resolved.caseRoute })}</Suspense>
        ) : 'refused' in resolved ? (
          <div className="view-center view-refused" role="alert">
            <p>{views.length ? '此页面不存在，或您的账号无权查看。' : '该账号没有可用的功能，请联系管理员。'}</p>
            {home && <a className="secondary-button" href={`/${home}`} onClick={(e) => followLink(e, `/${home}`)}>返回首页</a>}
          </div>
        ) : <Center />}
      </main>
    </div>
  );
}
