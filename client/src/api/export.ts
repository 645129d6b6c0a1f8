// The layer export links (GET /api/export/:layer): a plain download link, so the browser's session
// cookie authenticates it and the file streams to disk without passing through script memory.
import type { EXPORT_CRS_CHOICES, EXPORT_ENCODINGS, EXPORT_FORMATS } from '../../../server/src/contract/export.ts';

export interface ExportChoice {
  layer: string;
  format: keyof typeof EXPORT_FORMATS;
  crs: keyof typeof EXPORT_CRS_CHOICES;
  encoding: keyof typeof EXPORT_ENCODINGS;
  /** The layer's property filters (township_code, status, …), as the OGC API takes them. */
  filters?: Record<string, string>;
}

export function exportUrl(c: ExportChoice): string {
  const q = new URLSearchParams({ format: c.format, crs: String(c.crs), ...(c.format === 'shp' ? { encoding: c.encoding } : {}), ...c.filters });
  return `/api/export/${encodeURIComponent(c.layer)}?${q.toString()}`;
}
