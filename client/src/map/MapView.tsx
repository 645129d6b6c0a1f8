// The only owner of the imperative MapLibre map. Components declare sources and layers; this reconciles them.
import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSONSource, LayerSpecification, SourceSpecification, VectorTileSource } from 'maplibre-gl';
import { acquireMap, releaseMap } from './map-pool.ts';
import type { CameraTarget, LngLatBBox, MapFeatureHit, PatternImage } from './types.ts';

// Without this the bundled page cannot start MapLibre's worker and never draws.
maplibregl.setWorkerUrl(workerUrl);
// The worker starts (and fetches and parses its 146 KB script) as soon as this chunk runs, while the view
// renders and the map is created, not when the first source is added. (Not where there are no workers: the
// unit tests' jsdom, where the attempt would end in an unhandled rejection.)
if (typeof Worker !== 'undefined') maplibregl.prewarm();

declare global {
  interface Window {
    /** Test hook: the map instance, for queryRenderedFeatures in browser tests. */
    __map?: maplibregl.Map;
  }
}

export interface MapViewProps {
  sources: Record<string, SourceSpecification>;
  /** Style layers, bottom to top (above the background). */
  layers: LayerSpecification[];
  images?: Record<string, PatternImage>;
  /** Layers whose features answer hover and click; the topmost hit wins. */
  interactiveLayerIds: readonly string[];
  onHover?: (hit: MapFeatureHit | null, point: { x: number; y: number }) => void;
  onSelect?: (hit: MapFeatureHit | null) => void;
  /** Every click with where it fell (WGS84) and the topmost interactive feature hit, if any. */
  onMapClick?: (lngLat: { lng: number; lat: number }, hit: MapFeatureHit | null) => void;
  /**
   * Layers whose features can be dragged with the mouse (optional; none by default). A mouse press on
   * one of them starts a drag instead of panning the map: `onFeatureDrag` gets 'start', then 'move' for
   * every mouse move, then 'end' on release; the map does not pan meanwhile. A drag that never moved is
   * still a click. Touch and keyboard users need another way (the view's own "select, then click").
   */
  draggableLayerIds?: readonly string[];
  onFeatureDrag?: (hit: MapFeatureHit, lngLat: { lng: number; lat: number }, phase: 'start' | 'move' | 'end') => void;
  /** Feature given the `selected` feature-state. */
  selected?: { source: string; id: string } | null;
  initialBounds?: LngLatBBox;
  /** Padding of the initial view (as a later camera target's, so that one need not move the map). */
  initialPadding?: CameraTarget['padding'];
  camera?: CameraTarget | null;
  /** True once the view has handed over all the data it wants drawn; drives the mapReady test hook. */
  dataReady: boolean;
  /** Called each time the map has drawn the data handed over while `dataReady` (the map went idle). */
  onDrawn?: () => void;
  ariaLabel?: string;
}

type FeatureKey = { source: string; id: string | number };

const DEFAULT_BOUNDS: LngLatBBox = [113.75, 31.85, 114.35, 32.42];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function syncImages(map: maplibregl.Map, images: Record<string, PatternImage>): void {
  for (const [name, img] of Object.entries(images)) {
    if (!map.hasImage(name)) map.addImage(name, img, { pixelRatio: 2 });
  }
}

function syncSources(map: maplibregl.Map, prev: Record<string, SourceSpecification>, next: Record<string, SourceSpecification>): void {
  for (const [id, spec] of Object.entries(next)) {
    const existing = map.getSource(id);
    const old = prev[id];
    if (!existing) {
      map.addSource(id, spec);
      continue;
    }
    if (old === spec) continue;
    if (spec.type === 'geojson' && old?.type === 'geojson') {
      if (old.data !== spec.data) (existing as GeoJSONSource).setData(spec.data as never);
    } else if (spec.type === 'vector' && old?.type === 'vector' && spec.tiles && !same(old.tiles, spec.tiles)) {
      (existing as VectorTileSource).setTiles(spec.tiles);
    } else if (!same(old, spec)) {
      // Anything else changed: rebuild the source with its layers.
      const style = map.getStyle();
      const dependents = (style.layers ?? []).filter((l) => 'source' in l && l.source === id);
      for (const l of dependents) map.removeLayer(l.id);
      map.removeSource(id);
      map.addSource(id, spec);
      for (const l of dependents) map.addLayer(l);
    }
  }
}

function syncLayers(map: maplibregl.Map, prev: LayerSpecification[], next: LayerSpecification[]): void {
  const nextIds = new Set(next.map((l) => l.id));
  for (const l of prev) if (!nextIds.has(l.id) && map.getLayer(l.id)) map.removeLayer(l.id);
  const prevById = new Map(prev.map((l) => [l.id, l]));
  next.forEach((spec, i) => {
    if (!map.getLayer(spec.id)) {
      const before = next.slice(i + 1).find((l) => map.getLayer(l.id));
      map.addLayer(spec, before?.id);
      return;
    }
    const old = prevById.get(spec.id);
    if (!old || old === spec) return;
    const oldPaint = (old.paint ?? {}) as Record<string, unknown>;
    const newPaint = (spec.paint ?? {}) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(oldPaint), ...Object.keys(newPaint)])) {
      if (!same(oldPaint[k], newPaint[k])) map.setPaintProperty(spec.id, k as never, newPaint[k] as never);
    }
    const oldLayout = (old.layout ?? {}) as Record<string, unknown>;
    const newLayout = (spec.layout ?? {}) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(oldLayout), ...Object.keys(newLayout)])) {
      if (!same(oldLayout[k], newLayout[k])) map.setLayoutProperty(spec.id, k as never, (newLayout[k] ?? (k === 'visibility' ? 'visible' : undefined)) as never);
    }
    const oldFilter = 'filter' in old ? old.filter : undefined;
    const newFilter = 'filter' in spec ? spec.filter : undefined;
    if (!same(oldFilter, newFilter)) map.setFilter(spec.id, newFilter ?? null);
    if (old.minzoom !== spec.minzoom || old.maxzoom !== spec.maxzoom) {
      map.setLayerZoomRange(spec.id, spec.minzoom ?? 0, spec.maxzoom ?? 24);
    }
  });
}

function setReady(value: boolean): void {
  document.body.dataset.mapReady = value ? 'true' : 'false';
}

export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const applied = useRef<{ sources: Record<string, SourceSpecification>; layers: LayerSpecification[] }>({ sources: {}, layers: [] });
  const propsRef = useRef(props);
  propsRef.current = props;
  const appliedImages = useRef(new Set<string>());
  const hovered = useRef<FeatureKey | null>(null);
  const selectedRef = useRef<FeatureKey | null>(null);

  // Take the app's map (or a new one) once; give it back, cleared of this view's data, on unmount.
  useEffect(() => {
    if (!container.current) return;
    const { map, reused } = acquireMap(container.current, {
      bounds: propsRef.current.initialBounds ?? DEFAULT_BOUNDS,
      padding: propsRef.current.initialPadding ?? 24,
    });
    mapRef.current = map;
    window.__map = map;
    setReady(false);
    // Every listener goes through `on`, so that the next view gets the map without this one's.
    const offs: (() => void)[] = [];
    const on = <T extends keyof maplibregl.MapEventType>(type: T, fn: (e: maplibregl.MapEventType[T]) => void) => {
      map.on(type, fn);
      offs.push(() => map.off(type, fn));
    };

    const setHover = (next: FeatureKey | null) => {
      const cur = hovered.current;
      if (cur && (!next || cur.source !== next.source || cur.id !== next.id)) {
        if (map.getSource(cur.source)) map.setFeatureState(cur, { hover: false });
      }
      if (next) map.setFeatureState(next, { hover: true });
      hovered.current = next;
    };

    const hitAt = (point: maplibregl.PointLike): MapFeatureHit | null => {
      const ids = propsRef.current.interactiveLayerIds.filter((id) => map.getLayer(id));
      if (ids.length === 0) return null;
      const f = map.queryRenderedFeatures(point, { layers: ids })[0];
      if (!f) return null;
      return { layerId: f.layer.id, source: f.source, id: f.id, properties: f.properties as Record<string, unknown> };
    };

    // Feature dragging (only when the view asks for it): the press on a draggable feature takes the
    // gesture from dragPan until the mouse is released.
    let dragging: MapFeatureHit | null = null;
    let dragPanWasOn = false;
    on('mousedown', (e) => {
      const ids = (propsRef.current.draggableLayerIds ?? []).filter((id) => map.getLayer(id));
      if (!ids.length || !propsRef.current.onFeatureDrag || e.originalEvent.button !== 0) return;
      const f = map.queryRenderedFeatures(e.point, { layers: ids })[0];
      if (!f) return;
      e.preventDefault();
      dragPanWasOn = map.dragPan.isEnabled();
      map.dragPan.disable();
      dragging = { layerId: f.layer.id, source: f.source, id: f.id, properties: f.properties as Record<string, unknown> };
      map.getCanvas().style.cursor = 'grabbing';
      // 'start' only once the mouse has moved: a press and release in place stays a plain click.
      let started = false;
      let last = { lng: e.lngLat.lng, lat: e.lngLat.lat };
      const move = (ev: maplibregl.MapMouseEvent) => {
        if (!dragging) return;
        if (!started && Math.hypot(ev.point.x - e.point.x, ev.point.y - e.point.y) < 3) return;
        if (!started) { started = true; propsRef.current.onFeatureDrag?.(dragging, last, 'start'); }
        last = { lng: ev.lngLat.lng, lat: ev.lngLat.lat };
        propsRef.current.onFeatureDrag?.(dragging, last, 'move');
      };
      // On the window: the button may be released outside the map.
      const up = () => {
        map.off('mousemove', move);
        const hit = dragging;
        dragging = null;
        if (dragPanWasOn) map.dragPan.enable();
        map.getCanvas().style.cursor = '';
        if (hit && started) propsRef.current.onFeatureDrag?.(hit, last, 'end');
      };
      map.on('mousemove', move);
      window.addEventListener('mouseup', up, { once: true });
    });

    on('mousemove', (e) => {
      if (dragging) return;
      const hit = hitAt(e.point);
      setHover(hit && hit.id !== undefined ? { source: hit.source, id: hit.id } : null);
      map.getCanvas().style.cursor = hit ? 'pointer' : '';
      propsRef.current.onHover?.(hit, { x: e.point.x, y: e.point.y });
    });
    on('mouseout', () => {
      setHover(null);
      propsRef.current.onHover?.(null, { x: 0, y: 0 });
    });
    on('click', (e) => {
      const hit = hitAt(e.point);
      propsRef.current.onSelect?.(hit);
      propsRef.current.onMapClick?.({ lng: e.lngLat.lng, lat: e.lngLat.lat }, hit);
    });
    if (reused) setLoaded(true);
    else on('load', () => setLoaded(true));

    return () => {
      for (const off of offs) off();
      const { sources, layers } = applied.current;
      for (const l of layers) if (map.getLayer(l.id)) map.removeLayer(l.id);
      for (const id of Object.keys(sources)) if (map.getSource(id)) map.removeSource(id);
      for (const name of appliedImages.current) if (map.hasImage(name)) map.removeImage(name);
      applied.current = { sources: {}, layers: [] };
      appliedImages.current = new Set();
      hovered.current = null;
      selectedRef.current = null;
      if (window.__map === map) delete window.__map;
      mapRef.current = null;
      setLoaded(false);
      releaseMap(map);
    };
  }, []);

  // Reconcile declared images, sources and layers.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    syncImages(map, props.images ?? {});
    for (const name of Object.keys(props.images ?? {})) appliedImages.current.add(name);
    const prev = applied.current;
    // Layers of removed sources go first, then sources can be removed.
    const nextIds = new Set(props.layers.map((l) => l.id));
    for (const l of prev.layers) if (!nextIds.has(l.id) && map.getLayer(l.id)) map.removeLayer(l.id);
    syncSources(map, prev.sources, props.sources);
    syncLayers(map, prev.layers, props.layers);
    for (const id of Object.keys(prev.sources)) {
      if (!(id in props.sources) && map.getSource(id)) map.removeSource(id);
    }
    applied.current = { sources: props.sources, layers: props.layers };
  }, [loaded, props.sources, props.layers, props.images]);

  // Selected feature-state.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    const cur = selectedRef.current;
    const next = props.selected ?? null;
    if (cur && map.getSource(cur.source)) map.setFeatureState(cur, { selected: false });
    if (next && map.getSource(next.source)) map.setFeatureState(next, { selected: true });
    selectedRef.current = next;
  }, [loaded, props.selected, props.sources]);

  // Camera commands.
  useEffect(() => {
    const map = mapRef.current;
    const cam = props.camera;
    if (!map || !cam) return;
    const c = map.getContainer();
    const pad = cam.padding ?? { top: 48, right: 48, bottom: 48, left: 48 };
    // Panels wider than the map would leave no room: fall back to a plain margin.
    const fits = pad.left + pad.right < c.clientWidth - 80 && pad.top + pad.bottom < c.clientHeight - 80;
    map.fitBounds(cam.bbox, { padding: fits ? pad : 24, maxZoom: cam.maxZoom ?? 14, duration: cam.instant ? 0 : 800 });
  }, [props.camera]);

  // Test hook: data handed over and the map idle.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    if (!props.dataReady) {
      setReady(false);
      return;
    }
    let cancelled = false;
    const onIdle = () => {
      if (cancelled) return;
      setReady(true);
      propsRef.current.onDrawn?.();
    };
    map.once('idle', onIdle);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', onIdle);
    };
  }, [loaded, props.dataReady, props.sources]);

  return <div ref={container} className="map-canvas" role="region" aria-label={props.ariaLabel ?? '地图'} />;
}
