// The report form's map: the district's grids, and the point the grid worker tapped (WGS84, the map's own
// coordinates). Loaded only when the map is opened, so the form itself stays small on a phone.
import { useMemo, useState } from 'react';
import { MapView } from '../../map/MapView.tsx';
import type { LayerSpecification, LngLatBBox, SourceSpecification } from '../../map/types.ts';

export interface ReportMapProps {
  point: { lng: number; lat: number } | null;
  onPick: (p: { lng: number; lat: number }) => void;
}

export function ReportMap({ point, onPick }: ReportMapProps) {
  // Opened with a position already taken: start around it (about 2 km); else the whole district.
  const [initial] = useState<LngLatBBox | undefined>(() => (point ? [point.lng - 0.01, point.lat - 0.008, point.lng + 0.01, point.lat + 0.008] : undefined));
  const origin = typeof location !== 'undefined' ? location.origin : '';
  const sources = useMemo<Record<string, SourceSpecification>>(() => ({
    'report-grids': { type: 'vector', tiles: [`${origin}/api/tiles/grids/{z}/{x}/{y}.mvt`], minzoom: 8, maxzoom: 14 },
    'report-point': { type: 'geojson', data: { type: 'FeatureCollection', features: point ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [point.lng, point.lat] } }] : [] } },
  }), [origin, point]);
  const layers = useMemo<LayerSpecification[]>(() => [
    { id: 'report-grids-line', type: 'line', source: 'report-grids', 'source-layer': 'grids', paint: { 'line-color': '#1b3a6b', 'line-width': 0.8, 'line-opacity': 0.6 } },
    { id: 'report-point', type: 'circle', source: 'report-point', paint: { 'circle-radius': 9, 'circle-color': '#c8102e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
  ], []);
  return (
    <div className="report-map" data-testid="report-map">
      <MapView sources={sources} layers={layers} interactiveLayerIds={[]} onMapClick={(p) => onPick(p)} dataReady
        ariaLabel="点选纠纷发生地" {...(initial ? { initialBounds: initial } : {})} />
    </div>
  );
}
