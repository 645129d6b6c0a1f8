// The map of the bulk intake: frames the chosen row (its place, or the district), shows where the row is
// now and the places its address could mean; a click on the map places the row there, a click on a blue
// point picks that place.
import { useEffect, useMemo, useState } from 'react';
import type { IntakeRow } from '../../../../server/src/contract/intake.ts';
import type { ApiClient } from '../../api/client.ts';
import { MapView } from '../../map/MapView.tsx';
import type { CameraTarget } from '../../map/types.ts';
import { composeLayers } from '../../layers/compose.ts';
import { basemapLayer } from '../../layers/basemap.ts';
import { townshipsLayer } from '../../layers/townships.ts';
import { villagesLayer } from '../../layers/villages.ts';
import { EMPTY_AREAS } from '../../layers/area-style.ts';
import { intakePointsLayer, INTAKE_INTERACTIVE, type IntakePointsData } from '../../layers/intake-points.ts';
import { useFetched } from '../useFetched.ts';

export interface IntakeMapProps {
  client: Pick<ApiClient, 'areas' | 'config'>;
  row: IntakeRow | null;
  onPoint(p: { lng: number; lat: number }): void;
  onPlace(code: string): void;
}

export function IntakeMap({ client, row, onPoint, onPlace }: IntakeMapProps) {
  const config = useFetched('config', (signal) => client.config(signal).catch(() => null));
  const township = useFetched('township', (signal) => client.areas('township', undefined, signal));
  const village = useFetched('village', (signal) => client.areas('village', undefined, signal));
  const [camera, setCamera] = useState<CameraTarget | null>(null);

  const data = useMemo<IntakePointsData>(() => {
    const features: IntakePointsData['features'] = [];
    (row?.location.alternatives ?? []).forEach((a, i) => features.push({ type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: [a.lng, a.lat] }, properties: { kind: 'alternative', code: a.code, rank: i + 1 } }));
    const l = row?.location;
    if (l && l.lng !== null && l.lat !== null) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [l.lng, l.lat] }, properties: { kind: 'row' } });
    return { type: 'FeatureCollection', features };
  }, [row]);

  // A new row: frame its place and alternatives (else leave the view as it is).
  useEffect(() => {
    if (!row) return;
    const pts = data.features.map((f) => f.geometry.coordinates);
    const boxes = [...(row.location.place ? [row.location.place.bbox] : []), ...pts.map(([x, y]) => [x - 0.01, y - 0.01, x + 0.01, y + 0.01] as [number, number, number, number])];
    if (!boxes.length) return;
    const bbox: [number, number, number, number] = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
    setCamera({ bbox, key: Date.now(), maxZoom: 14 });
  }, [row?.row]); // eslint-disable-line react-hooks/exhaustive-deps

  const basemapUrl = (typeof window !== 'undefined' ? window.__APP_CONFIG__?.basemapUrl : null) ?? config.data?.basemap_url ?? null;
  const composed = useMemo(() => composeLayers([
    basemapLayer(basemapUrl),
    townshipsLayer({ data: township.data ?? EMPTY_AREAS, visible: true, thematic: null }),
    villagesLayer({ data: village.data ?? EMPTY_AREAS, visible: true, thematic: null }),
    intakePointsLayer(data),
  ]), [basemapUrl, township.data, village.data, data]);

  return (
    <div className="intake-map">
      <MapView
        sources={composed.sources}
        layers={composed.layers}
        images={composed.images}
        interactiveLayerIds={INTAKE_INTERACTIVE}
        onMapClick={(p, hit) => {
          if (!row) return;
          const code = hit?.properties.code;
          if (typeof code === 'string') onPlace(code);
          else onPoint({ lng: Math.round(p.lng * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6 });
        }}
        camera={camera}
        dataReady={Boolean(township.data && village.data)}
        ariaLabel="批量导入地图：点击地图为所选行定位"
      />
      <div className="map-hint panel">{row ? `第 ${row.row} 行：点击地图放置位置，或点击蓝色地点选定` : '在表格中选择一行后，可在地图上为其定位'}</div>
    </div>
  );
}
