// How precisely a case is located (contract/cases.ts LOCATION_PRECISIONS): a case registered from an address
// matched only to a village has no grid and is drawn hollow at the village's point. The tag says so in the
// lists and the case file; a dispatcher sets the exact point on the map (POST /api/cases/:id/location).
import type { LocationPrecision } from '../../../../server/src/contract/cases.ts';
import { locationPrecisionText } from '../../../../server/src/contract/cases.ts';

/** "位置：仅到村（社区）" for a village-only case; nothing for a point. */
export function PrecisionTag({ precision, id }: { precision: LocationPrecision | undefined; id?: number }) {
  if (precision !== 'village') return null;
  return (
    <span className="tag precision-tag" data-testid={id === undefined ? 'precision-tag' : `precision-tag-${id}`} title="按村（社区）排序分派；网格未确定，地图上以空心点标在村（社区）代表点">
      {locationPrecisionText(precision)}
    </span>
  );
}

/**
 * The dispatcher's way to the exact point: a button that arms the map (the next click sets the point), and
 * while armed what to do. Shown for an open village-only case only.
 */
export function SetPointControl({ placing, busy, onPlacing }: { placing: boolean; busy: boolean; onPlacing: (on: boolean) => void }) {
  return (
    <div className="set-point" data-testid="set-point">
      {placing ? (
        <>
          <span className="muted">请在地图上点击纠纷发生地，设定准确位置</span>
          <button type="button" className="secondary-button small" onClick={() => onPlacing(false)}>取消</button>
        </>
      ) : (
        <button type="button" className="secondary-button small" disabled={busy} onClick={() => onPlacing(true)} data-testid="set-point-start">在地图上设定位置</button>
      )}
    </div>
  );
}
