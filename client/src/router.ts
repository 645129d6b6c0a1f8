// The client router: one path per view and per case, on the History API (no router package). A path is
// parsed into a Route; App.tsx turns a Route into a view. Reload keeps the place because the server answers
// index.html for every non-/api path; Back works because every change of place is a history entry.
import { useSyncExternalStore } from 'react';

export type Route =
  | { kind: 'home' }
  /** A top-level view by its key in App.tsx's VIEWS (`/dispatch`, `/my-cases`, `/registry`, …). */
  | { kind: 'view'; key: string }
  /** One case (`/cases/12036`), opened in the role's case view (案件分流 or 我的案件). */
  | { kind: 'case'; id: number }
  /** The new-case form (`/cases/new`). */
  | { kind: 'new-case' }
  /** A court document's print view (`/cases/12036/print/delegation_letter`), shown without the app's frame. */
  | { kind: 'print'; id: number; doc: string }
  | { kind: 'directory' }
  | { kind: 'unknown'; path: string };

/** The public directory (公开名录), the one page reachable without logging in. */
export const DIRECTORY_PATH = '/directory';

const VIEW_KEY = /^[a-z][a-z-]*$/;

export function parsePath(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { kind: 'home' };
  if (path === DIRECTORY_PATH) return { kind: 'directory' };
  if (path === '/cases/new') return { kind: 'new-case' };
  const c = /^\/cases\/(\d{1,12})$/.exec(path);
  if (c) return { kind: 'case', id: Number(c[1]) };
  const pr = /^\/cases\/(\d{1,12})\/print\/([a-z_]{1,40})$/.exec(path);
  if (pr) return { kind: 'print', id: Number(pr[1]), doc: pr[2]! };
  const v = /^\/([^/]+)$/.exec(path);
  if (v && VIEW_KEY.test(v[1]!)) return { kind: 'view', key: v[1]! };
  return { kind: 'unknown', path };
}

export function pathOf(route: Route): string {
  switch (route.kind) {
    case 'home': return '/';
    case 'view': return `/${route.key}`;
    case 'case': return `/cases/${route.id}`;
    case 'new-case': return '/cases/new';
    case 'print': return `/cases/${route.id}/print/${route.doc}`;
    case 'directory': return DIRECTORY_PATH;
    case 'unknown': return route.path;
  }
}

// pushState fires no event: navigate() tells the subscribers itself.
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentPath = () => window.location.pathname;

/** Goes to a path: a new history entry, or (replace) in place of this one. The same path twice adds nothing. */
export function navigate(to: string | Route, opts: { replace?: boolean } = {}): void {
  const path = typeof to === 'string' ? to : pathOf(to);
  if (path === window.location.pathname && !opts.replace) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo?.(0, 0);
  notify();
}

/** The current path; the component re-renders when it changes (navigate, Back, Forward). */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function useRoute(): Route {
  return parsePath(usePath());
}

/** For <a href> links: a plain click navigates in the page; a modified click (new tab) is left to the browser. */
export function followLink(e: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; preventDefault(): void }, path: string): void {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
}
