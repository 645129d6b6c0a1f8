// The client router: paths ↔ routes, where each role lands and what it may open, and that navigate and
// Back (popstate) re-render what the URL says.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { navigate, parsePath, pathOf, useRoute, type Route } from '../src/router.ts';
import { homeOf, resolveRoute } from '../src/App.tsx';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('paths and routes', () => {
  it('parses every kind of path and writes it back the same', () => {
    const cases: [string, Route][] = [
      ['/', { kind: 'home' }],
      ['/dispatch', { kind: 'view', key: 'dispatch' }],
      ['/my-cases/', { kind: 'view', key: 'my-cases' }],
      ['/cases/12036', { kind: 'case', id: 12036 }],
      ['/cases/new', { kind: 'new-case' }],
      ['/directory', { kind: 'directory' }],
    ];
    for (const [path, route] of cases) {
      expect(parsePath(path)).toEqual(route);
      expect(pathOf(route)).toBe(path.replace(/\/$/, '') || '/');
    }
    for (const bad of ['/cases/12a', '/a/b/c', '/Dispatch', '/cases/1/2']) expect(parsePath(bad).kind).toBe('unknown');
  });

  it('sends each role to its own work', () => {
    expect(homeOf('dispatcher')).toBe('dispatch');
    expect(homeOf('mediator')).toBe('my-cases');
    expect(homeOf('leader')).toBe('leadership');
    expect(homeOf('planner')).toBe('overview');
    expect(resolveRoute({ kind: 'home' }, 'mediator')).toEqual({ redirect: '/my-cases' });
  });

  it('opens a case in the role’s case view, and refuses what the role may not use', () => {
    const asKey = (r: ReturnType<typeof resolveRoute>) => ('view' in r ? [r.view.key, r.caseRoute] : r);
    expect(asKey(resolveRoute({ kind: 'case', id: 7 }, 'mediator'))).toEqual(['my-cases', { kind: 'case', id: 7 }]);
    expect(asKey(resolveRoute({ kind: 'case', id: 7 }, 'dispatcher'))).toEqual(['dispatch', { kind: 'case', id: 7 }]);
    expect(asKey(resolveRoute({ kind: 'new-case' }, 'admin'))).toEqual(['dispatch', { kind: 'new' }]);
    expect(resolveRoute({ kind: 'case', id: 7 }, 'leader')).toEqual({ refused: true });
    expect(resolveRoute({ kind: 'new-case' }, 'mediator')).toEqual({ refused: true });
    expect(resolveRoute({ kind: 'view', key: 'users' }, 'dispatcher')).toEqual({ refused: true });
    expect(resolveRoute({ kind: 'unknown', path: '/x/y' }, 'admin')).toEqual({ refused: true });
  });
});

function Where() {
  const r = useRoute();
  return <p data-testid="where">{pathOf(r)}</p>;
}

describe('navigate and Back', () => {
  it('re-renders on navigate and on popstate; the same path twice adds no entry', async () => {
    render(<Where />);
    expect(screen.getByTestId('where').textContent).toBe('/');
    const before = window.history.length;
    act(() => navigate('/cases/5'));
    expect(screen.getByTestId('where').textContent).toBe('/cases/5');
    act(() => navigate('/cases/5'));
    expect(window.history.length).toBe(before + 1);
    act(() => navigate({ kind: 'view', key: 'dispatch' }, { replace: true }));
    expect(window.location.pathname).toBe('/dispatch');
    expect(window.history.length).toBe(before + 1);
    // Back: the browser changes the URL and fires popstate.
    act(() => {
      window.history.replaceState(null, '', '/my-cases');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(screen.getByTestId('where').textContent).toBe('/my-cases');
  });
});
