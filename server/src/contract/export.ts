// GET /api/export/:layer — a layer (or the filtered case layer) as a file for a GIS tool.
import { z } from 'zod';
import { storableString } from './fields.ts';
import { bbox, CRS84, crs, datetime } from './ogc.ts';

export const EXPORT_FORMATS = { gpkg: 'GeoPackage (.gpkg)', shp: 'Shapefile (.zip)' } as const;
export const EXPORT_CRS_CHOICES = {
  4490: 'CGCS2000 经纬度 (EPSG:4490)',
  4326: 'WGS84 经纬度 (EPSG:4326)',
  4547: 'CGCS2000 高斯-克吕格 3 度带 中央经线 114°E (EPSG:4547)',
  4526: 'CGCS2000 高斯-克吕格 3 度带 第 38 带 (EPSG:4526)',
} as const;
export const EXPORT_ENCODINGS = { gbk: 'GBK（ArcGIS、国产 GIS 软件）', 'utf-8': 'UTF-8（QGIS）' } as const;
/** The export parameters; the layer's property filters (as in the OGC API: township_code, status, …) come beside them. */
export const EXPORT_PARAMS = ['format', 'crs', 'encoding', 'bbox', 'bbox-crs', 'datetime'] as const;

export const exportParams = z.object({ layer: storableString('图层', 100) });
export const exportQuery = z.object({
  format: z.enum(['gpkg', 'shp'], { error: 'format 只支持 gpkg、shp' }).optional().default('gpkg'),
  crs: z.enum(['4490', '4326', '4547', '4526'], { error: 'crs 只支持 4490、4326、4547、4526' }).optional().default('4490'),
  encoding: z.enum(['gbk', 'utf-8'], { error: 'encoding 只支持 gbk、utf-8' }).optional().default('gbk'),
  bbox: bbox.optional(),
  'bbox-crs': crs('bbox-crs').optional().default(CRS84),
  datetime: datetime.optional(),
}).catchall(z.string().max(40, '筛选值不超过 40 个字符'));
export type ExportQuery = z.infer<typeof exportQuery>;
