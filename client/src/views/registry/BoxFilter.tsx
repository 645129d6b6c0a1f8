// "Only inside a box on the map" (框选范围), the bbox filter of GET /api/mediators and /api/organisations:
// the user clicks 框选范围, then two corners on the map; 清除范围 drops it. MapView reports clicks, not the
// viewport, so the box is drawn by the user rather than following the current view.
import { useState } from 'react';
import type { LngLatBBox } from '../../map/types.ts';
import { boxOf } from './organisation-layer.ts';

export interface BoxFilter {
  box: LngLatBBox | null;
  corner: { lng: number; lat: number } | null;
  picking: boolean;
  /** Feed every map click here first; true when the click was a corner (do not select under it). */
  click(lngLat: { lng: number; lat: number }): boolean;
  start(): void;
  clear(): void;
}

export function useBoxFilter(onChange: () => void): BoxFilter {
  const [box, setBox] = useState<LngLatBBox | null>(null);
  const [corner, setCorner] = useState<{ lng: number; lat: number } | null>(null);
  const [picking, setPicking] = useState(false);
  return {
    box, corner, picking,
    click(p) {
      if (!picking) return false;
      if (!corner) {
        setCorner(p);
        return true;
      }
      const b = boxOf(corner, p);
      setCorner(null);
      setPicking(false);
      // Two clicks on one spot make no box: ignore it, keep the old filter.
      if (b[0] === b[2] || b[1] === b[3]) return true;
      setBox(b);
      onChange();
      return true;
    },
    start() { setPicking(true); setCorner(null); },
    clear() { setBox(null); setCorner(null); setPicking(false); onChange(); },
  };
}

export function BoxFilterControl({ filter }: { filter: BoxFilter }) {
  return (
    <span className="registry-box-filter">
      {filter.picking
        ? <span className="registry-hint" role="status">{filter.corner ? '请在地图上点击另一个角' : '请在地图上点击范围的一个角'}</span>
        : <button type="button" className="secondary-button small" onClick={filter.start}>{filter.box ? '重新框选' : '框选地图范围'}</button>}
      {(filter.box || filter.picking) && <button type="button" className="link-button" onClick={filter.clear}>{filter.box ? '清除范围' : '取消'}</button>}
      {filter.box && <span className="tag" title={filter.box.join(', ')}>仅显示框内</span>}
    </span>
  );
}
