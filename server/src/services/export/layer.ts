// GET /api/export/:layer: a layer as a GeoPackage or a zipped Shapefile, in CGCS2000 / WGS84 degrees or
// the 114°E Gauss-Krüger zone. The features are read through the OGC API's collections
// (services/ogc/), so a file holds what that actor reads there and in the app: the same layers per role,
// phones masked by role, cases only in the actor's scope (services/case-scope.ts) and, for the roles that
// see no case location, as counts per grid (services/masking.ts casePointMode); the same property
// filters, bbox and datetime.
import type { Knex } from '../../db/types.ts';
import { EXPORT_PARAMS, type ExportQuery } from '../../contract/export.ts';
import { HttpError } from '../../errors.ts';
import { reproject } from '../boundaries/crs.ts';
import type { Actor } from '../masking.ts';
import { collectionFor } from '../ogc/collections.ts';
import { allFeatures, checkParameters, itemsFilter } from '../ogc/items.ts';
import { EXPORT_CRS, fromWgs84 } from './crs.ts';
import { geopackage } from './gpkg.ts';
import { shapefileZip } from './shapefile.ts';

export interface ExportFile { fileName: string; contentType: string; body: Buffer; features: number }

export async function exportLayer(knex: Knex, actor: Actor, layer: string, q: ExportQuery, rawQuery: Record<string, unknown>): Promise<ExportFile> {
  const c = collectionFor(actor, layer);
  if (!c) throw new HttpError(404, 'layer_not_found', `没有名为 ${layer.slice(0, 40)} 的图层（或您的账号无权导出）`, { layer: layer.slice(0, 40) });
  checkParameters(rawQuery, [...EXPORT_PARAMS, ...Object.keys(c.filters)]);
  const { where, params } = itemsFilter(actor, c, q, rawQuery);
  let features = await allFeatures(knex, actor, c, where, params);
  const crs = EXPORT_CRS[q.crs];
  const t = fromWgs84(q.crs);
  if (t) features = features.map((f) => ({ ...f, geometry: f.geometry ? reproject(f.geometry, t) : f.geometry }));
  const kind = c.geometry === 'point' ? 'point' : 'polygon';
  const suffix = `${layer}_${q.crs}`;
  if (q.format === 'gpkg') {
    const body = await geopackage({ name: layer, title: c.title, description: c.description }, features, kind, crs);
    return { fileName: `${suffix}.gpkg`, contentType: 'application/geopackage+sqlite3', body, features: features.length };
  }
  return { fileName: `${suffix}_${q.encoding}.zip`, contentType: 'application/zip', body: shapefileZip(layer, features, kind, crs.esriWkt, q.encoding), features: features.length };
}
