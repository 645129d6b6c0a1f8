// One MapLibre map for the app's life instead of one per view. Creating a map costs a WebGL context, the
// compilation of every shader program its layers use and a fresh worker pool that parses the worker script
// again: in software WebGL (court PCs without a GPU driver, the browser tests) that was most of a view's
// opening. A view that unmounts parks its map here (detached from the page, its own layers removed); the
// next view takes it back and re-parents it, so programs, context and workers are reused.
import * as maplibregl from 'maplibre-gl';
import { baseStyle } from './style.ts';
import { LOCAL_IDEOGRAPH_FONT_FAMILY } from './glyphs.ts';
import type { LngLatBBox } from './types.ts';

export interface MapPlacement {
  bounds: LngLatBBox;
  padding: number | maplibregl.PaddingOptions;
}

/** Parked maps waiting for a view; one is enough (views show one map at a time), more are removed. */
const parked: maplibregl.Map[] = [];
const MAX_PARKED = 1;
const FIT = { maxZoom: 11 } as const;
/** Maps whose base style has loaded: only those can be handed over without a 'load' event to wait for. */
const styleLoaded = new WeakSet<maplibregl.Map>();

function createMap(element: HTMLElement, at: MapPlacement): maplibregl.Map {
  const map = new maplibregl.Map({
    container: element,
    style: baseStyle(),
    bounds: at.bounds,
    fitBoundsOptions: { padding: at.padding, ...FIT },
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONT_FAMILY,
    attributionControl: false,
    // Labels appear at once: no 300 ms fade before the map is complete (and idle).
    fadeDuration: 0,
    dragRotate: false,
    pitchWithRotate: false,
    maxZoom: 17,
    minZoom: 6,
    locale: {
      'NavigationControl.ZoomIn': '放大',
      'NavigationControl.ZoomOut': '缩小',
      'NavigationControl.ResetBearing': '重置方向',
    },
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');
  map.once('load', () => styleLoaded.add(map));
  return map;
}

/**
 * A map drawn inside `host`, framed on `at`: a parked one re-parented (`reused`: its style is already
 * loaded, no 'load' event will come), else a new one.
 */
export function acquireMap(host: HTMLElement, at: MapPlacement): { map: maplibregl.Map; reused: boolean } {
  const map = parked.pop();
  if (map) {
    host.appendChild(map.getContainer());
    map.resize();
    map.fitBounds(at.bounds, { padding: at.padding, ...FIT, duration: 0 });
    return { map, reused: true };
  }
  // The element MapLibre draws into belongs to the map, not to the view, so it can move between views.
  const element = document.createElement('div');
  element.className = 'map-pool-element';
  host.appendChild(element);
  return { map: createMap(element, at), reused: false };
}

/**
 * Gives a map back once its view has removed its own sources, layers, images and listeners: it leaves the
 * page and waits for the next view (or is removed if one already waits).
 */
export function releaseMap(map: maplibregl.Map): void {
  map.stop();
  if (!map.dragPan.isEnabled()) map.dragPan.enable();
  map.getCanvas().style.cursor = '';
  map.getContainer().remove();
  if (parked.length < MAX_PARKED && styleLoaded.has(map)) parked.push(map);
  else map.remove();
}
