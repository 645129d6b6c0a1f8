// 下载 GIS 文件: a layer as a GeoPackage or a zipped Shapefile for QGIS / ArcGIS, in CGCS2000 or WGS84
// degrees or the 114°E Gauss-Krüger zone; the Shapefile's text in GBK or UTF-8. The server decides what
// the user may see in it (the same masking as the screen).
import { useState } from 'react';
import { EXPORT_CRS_CHOICES, EXPORT_ENCODINGS, EXPORT_FORMATS } from '../../../server/src/contract/export.ts';
import { exportUrl, type ExportChoice } from '../api/export.ts';

/** `filters`: the layer's property filters the link carries (the case queue's status, township, …);
 *  `note`: a line shown under the choices (what the file leaves out). */
export function GisDownload(props: { layers: Record<string, string>; layer?: string; filters?: Record<string, string>; note?: string }) {
  const keys = Object.keys(props.layers);
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<ExportChoice>({ layer: props.layer ?? keys[0]!, format: 'gpkg', crs: '4490' as unknown as ExportChoice['crs'], encoding: 'gbk' });
  const layer = props.layer && !open ? props.layer : choice.layer;
  const set = (p: Partial<ExportChoice>) => setChoice((c) => ({ ...c, layer, ...p }));
  if (!open) return <button type="button" className="small" onClick={() => { setChoice((c) => ({ ...c, layer })); setOpen(true); }} data-testid="gis-download-open">下载 GIS 文件</button>;
  return (
    <div className="gis-download" role="group" aria-label="下载 GIS 文件" data-testid="gis-download">
      <select aria-label="图层" value={choice.layer} onChange={(e) => set({ layer: e.target.value })}>
        {keys.map((k) => <option key={k} value={k}>{props.layers[k]}</option>)}
      </select>
      <select aria-label="格式" value={choice.format} onChange={(e) => set({ format: e.target.value as ExportChoice['format'] })}>
        {Object.entries(EXPORT_FORMATS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select>
      <select aria-label="坐标系" value={String(choice.crs)} onChange={(e) => set({ crs: e.target.value as unknown as ExportChoice['crs'] })}>
        {Object.entries(EXPORT_CRS_CHOICES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select>
      {choice.format === 'shp' && (
        <select aria-label="编码" value={choice.encoding} onChange={(e) => set({ encoding: e.target.value as ExportChoice['encoding'] })}>
          {Object.entries(EXPORT_ENCODINGS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
      )}
      <a className="primary-button small" href={exportUrl({ ...choice, ...(props.filters ? { filters: props.filters } : {}) })} download data-testid="gis-download-link">下载</a>
      <button type="button" className="small" onClick={() => setOpen(false)}>收起</button>
      {props.note && <p className="muted small" data-testid="gis-download-note">{props.note}</p>}
    </div>
  );
}
