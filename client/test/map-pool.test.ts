// The app keeps one MapLibre map and moves it from view to view (map/map-pool.ts): the next view gets the
// same map, re-parented into its own element and framed on its own bounds; a map whose style never loaded,
// or one more than a view needs, is removed. MapLibre needs WebGL, which happy-dom has not: a stand-in
// records what the pool asks of it (the real map is exercised by the browser tests of every map view).
import { describe, expect, it, vi } from 'vitest';

const made: FakeMap[] = [];

class FakeMap {
  container: HTMLElement;
  removed = false;
  fitted: unknown[] = [];
  resized = 0;
  loadListener: (() => void) | null = null;
  panEnabled = true;
  canvas = document.createElement('canvas');
  dragPan = { isEnabled: () => this.panEnabled, enable: () => { this.panEnabled = true; } };
  touchZoomRotate = { disableRotation: () => undefined };
  constructor(opts: { container: HTMLElement }) {
    this.container = opts.container;
    made.push(this);
  }
  addControl() { return this; }
  once(type: string, fn: () => void) { if (type === 'load') this.loadListener = fn; return this; }
  getContainer() { return this.container; }
  getCanvas() { return this.canvas; }
  resize() { this.resized++; return this; }
  fitBounds(...args: unknown[]) { this.fitted.push(args); return this; }
  stop() { return this; }
  remove() { this.removed = true; }
}

vi.mock('maplibre-gl', () => ({
  Map: FakeMap,
  NavigationControl: class {},
  ScaleControl: class {},
}));

const { acquireMap, releaseMap } = await import('../src/map/map-pool.ts');
const at = { bounds: [113.9, 31.9, 114.2, 32.3] as [number, number, number, number], padding: 24 };

function host(): HTMLElement {
  const el = document.createElement('div');
  document.body.appendChild(el);
  return el;
}

describe('the map pool', () => {
  it('hands the map of a closed view to the next one, moved into its element and framed on its bounds', () => {
    const first = host();
    const a = acquireMap(first, at);
    expect(a.reused).toBe(false);
    expect(first.contains(a.map.getContainer())).toBe(true);
    (a.map as unknown as FakeMap).loadListener!();
    a.map.getCanvas().style.cursor = 'pointer';
    (a.map as unknown as FakeMap).panEnabled = false; // released in the middle of a feature drag
    releaseMap(a.map);
    expect(first.childElementCount).toBe(0);

    const second = host();
    const b = acquireMap(second, { ...at, bounds: [114, 32, 114.1, 32.1] });
    expect(b.reused).toBe(true);
    expect(b.map).toBe(a.map);
    expect(second.contains(b.map.getContainer())).toBe(true);
    const fake = b.map as unknown as FakeMap;
    expect(fake.removed).toBe(false);
    expect(fake.resized).toBe(1);
    expect(fake.fitted.at(-1)).toEqual([[114, 32, 114.1, 32.1], { padding: 24, maxZoom: 11, duration: 0 }]);
    expect(b.map.getCanvas().style.cursor).toBe('');
    expect(b.map.dragPan.isEnabled()).toBe(true);
    releaseMap(b.map);
  });

  it('removes a map whose style never loaded, and a second map while one already waits', () => {
    const early = acquireMap(host(), at); // the pool's parked map from the first test
    const fresh = acquireMap(host(), at);
    expect(fresh.reused).toBe(false);
    releaseMap(early.map);
    releaseMap(fresh.map); // never loaded
    expect((fresh.map as unknown as FakeMap).removed).toBe(true);

    const other = acquireMap(host(), at);
    expect(other.map).toBe(early.map);
    const extra = acquireMap(host(), at);
    (extra.map as unknown as FakeMap).loadListener!();
    releaseMap(other.map);
    releaseMap(extra.map); // one map already waits
    expect((extra.map as unknown as FakeMap).removed).toBe(true);
    expect((other.map as unknown as FakeMap).removed).toBe(false);
  });
});
