// The application shell: a top bar with the product name and a nav of views. More views are added to VIEWS.
import { useState, type ComponentType } from 'react';
import { OverviewView } from './views/OverviewView.tsx';

interface ViewEntry {
  key: string;
  label: string;
  component: ComponentType;
}

export const VIEWS: readonly ViewEntry[] = [{ key: 'overview', label: '态势总览', component: OverviewView }];

export function App() {
  const [active, setActive] = useState(VIEWS[0]!.key);
  const view = VIEWS.find((v) => v.key === active) ?? VIEWS[0]!;
  const View = view.component;
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
          {VIEWS.map((v) => (
            <button key={v.key} type="button" className={v.key === active ? 'active' : undefined}
              aria-current={v.key === active ? 'page' : undefined} onClick={() => setActive(v.key)}>
              {v.label}
            </button>
          ))}
        </nav>
      </header>
      <main className="content">
        <View />
      </main>
    </div>
  );
}
