// A GeoPackage (QGIS's default format: a SQLite database, read with sql.js in the upload worker) → the
// features of its one feature table, with the CRS its gpkg_spatial_ref_sys names. The feature count is
// read before any row, the vertices are counted while each geometry is decoded (geo/wkb.ts budget).
import { HttpError } from '../../errors.ts';
import { readWkb } from '../../geo/wkb.ts';
import { sqlite } from '../../geo/sqlite.ts';
import { limitError, type UploadLimits } from '../uploads/limits.ts';
import { crsFromPrj } from './crs.ts';
import type { ReadFile } from './read-file.ts';

const SUPPORTED = (code: number) => code === 4326 || code === 4490 || (code >= 4513 && code <= 4554);

/** The WKB inside a GeoPackage geometry blob (after "GP", version, flags, srs_id and the envelope). */
export function gpkgWkb(blob: Uint8Array): Uint8Array | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return null;
  const flags = blob[3]!;
  if (flags & 0x10) return null; // an empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 7] ?? 0;
  return blob.subarray(8 + envelope);
}

export async function readGeoPackage(buf: Buffer, limits: UploadLimits, bad: (m: string, d?: unknown) => HttpError): Promise<ReadFile> {
  const SQL = await sqlite();
  let db;
  try {
    db = new SQL.Database(buf);
    db.exec('SELECT 1 FROM sqlite_master LIMIT 1');
  } catch (e) {
    throw bad(`GeoPackage 无法打开：${(e as Error).message}`);
  }
  try {
    const rows = (sql: string, params: unknown[] = []) => {
      const r = db.exec(sql, params)[0];
      return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
    };
    let layers: Record<string, unknown>[];
    try {
      layers = rows(`SELECT g.table_name, g.column_name, g.srs_id FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name WHERE c.data_type = 'features'`);
    } catch {
      throw bad('这是 SQLite 文件，但不是 GeoPackage（没有 gpkg_geometry_columns 表）');
    }
    if (layers.length === 0) throw bad('GeoPackage 中没有要素图层');
    if (layers.length > 1) throw bad(`GeoPackage 中有 ${layers.length} 个图层（${layers.map((l) => l.table_name).join('、')}）：请每次只导入一个图层`);
    const { table_name: table, column_name: column, srs_id: srsId } = layers[0] as { table_name: string; column_name: string; srs_id: number };
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const count = Number(rows(`SELECT count(*) AS n FROM ${q(table)}`)[0]?.n ?? 0);
    if (count > limits.maxFeatures) throw limitError('UPLOAD_MAX_FEATURES', '要素数', limits.maxFeatures, count);

    const srs = rows('SELECT organization, organization_coordsys_id, definition, srs_name FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0] as
      { organization: string | null; organization_coordsys_id: number; definition: string | null; srs_name: string | null } | undefined;
    let crs: ReadFile['crs'] = null;
    if (srs && srsId > 0) {
      const code = Number(srs.organization_coordsys_id);
      if (String(srs.organization).toUpperCase() === 'EPSG' && SUPPORTED(code)) crs = { used: `EPSG:${code}`, source: 'prj', note: null };
      else crs = { used: crsFromPrj(srs.definition ?? srs.srs_name ?? ''), source: 'prj', note: null };
    }

    const budget = { left: limits.maxVertices, onBudget: (): never => { throw limitError('UPLOAD_MAX_VERTICES', '顶点数', limits.maxVertices, limits.maxVertices + 1, { atLeast: true }); } };
    const features: GeoJSON.Feature[] = [];
    const st = db.prepare(`SELECT * FROM ${q(table)}`);
    try {
      while (st.step()) {
        const row = st.getAsObject();
        const blob = row[column];
        let geometry: GeoJSON.Geometry | null = null;
        if (blob instanceof Uint8Array) {
          const wkb = gpkgWkb(blob);
          try {
            geometry = wkb ? readWkb(wkb, budget) : null;
          } catch (e) {
            if (e instanceof HttpError) throw e;
            throw bad(`GeoPackage 第 ${features.length + 1} 个要素的几何无法解析：${(e as Error).message}`);
          }
        }
        const properties: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) if (k !== column && !(v instanceof Uint8Array)) properties[k] = v;
        features.push({ type: 'Feature', geometry: geometry as GeoJSON.Geometry, properties });
      }
    } finally {
      st.free();
    }
    return { format: 'geopackage', features, crs };
  } finally {
    db.close();
  }
}
