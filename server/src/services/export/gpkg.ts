// A layer as a GeoPackage 1.3 (SQLite through sql.js, written in memory): the required tables
// (gpkg_spatial_ref_sys with its three mandatory rows and the layer's CRS, gpkg_contents,
// gpkg_geometry_columns), one feature table with an integer fid, the geometry as a GeoPackage blob
// ("GP" header with the envelope, then WKB) and one typed column per property.
import { sqlite } from '../../geo/sqlite.ts';
import { writeWkb } from '../../geo/wkb.ts';
import type { ExportCrsDef } from './crs.ts';
import { cell, columnsOf } from './table.ts';

const SQL_TYPE = { text: 'TEXT', integer: 'INTEGER', real: 'DOUBLE', boolean: 'BOOLEAN' } as const;

function envelope(g: GeoJSON.Geometry): number[] {
  const e = [Infinity, -Infinity, Infinity, -Infinity]; // minx, maxx, miny, maxy (GeoPackage order)
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      e[0] = Math.min(e[0]!, c[0]); e[1] = Math.max(e[1]!, c[0]); e[2] = Math.min(e[2]!, c[1] as number); e[3] = Math.max(e[3]!, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => walk((x as GeoJSON.Point).coordinates));
  else walk(g.coordinates);
  return e;
}

/** A GeoPackage geometry blob: "GP", version 0, flags (little-endian, xy envelope), srs_id, envelope, WKB. */
export function gpkgBlob(g: GeoJSON.Geometry, srid: number): Uint8Array {
  const wkb = writeWkb(g);
  const head = Buffer.alloc(8 + 32);
  head.write('GP', 0, 'ascii');
  head.writeUInt8(0, 2);
  head.writeUInt8(0b0000_0011, 3);
  head.writeInt32LE(srid, 4);
  envelope(g).forEach((v, i) => head.writeDoubleLE(v, 8 + 8 * i));
  return Buffer.concat([head, wkb]);
}

export async function geopackage(
  layer: { name: string; title: string; description: string }, features: GeoJSON.Feature[], kind: 'polygon' | 'point', crs: ExportCrsDef,
): Promise<Buffer> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    const columns = columnsOf(features);
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    db.exec(`PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
        srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));`);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run(['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']);
    srs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    srs.run(['WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
    if (crs.srid !== 4326) srs.run([crs.name, crs.srid, 'EPSG', crs.srid, crs.ogcWkt, crs.label]);
    srs.free();

    const geomType = kind === 'polygon' ? 'MULTIPOLYGON' : 'POINT';
    db.exec(`CREATE TABLE ${q(layer.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geomType}${columns.map((c) => `, ${q(c.name)} ${SQL_TYPE[c.type]}`).join('')})`);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    db.exec('BEGIN');
    const ins = db.prepare(`INSERT INTO ${q(layer.name)} (geom${columns.map((c) => `, ${q(c.name)}`).join('')}) VALUES (?${', ?'.repeat(columns.length)})`);
    for (const f of features) {
      let blob: Uint8Array | null = null;
      if (f.geometry) {
        const g = f.geometry.type === 'Polygon' ? { type: 'MultiPolygon' as const, coordinates: [f.geometry.coordinates] } : f.geometry;
        blob = gpkgBlob(g, crs.srid);
        const e = envelope(g);
        box[0] = Math.min(box[0]!, e[0]!); box[1] = Math.min(box[1]!, e[2]!); box[2] = Math.max(box[2]!, e[1]!); box[3] = Math.max(box[3]!, e[3]!);
      }
      ins.run([blob, ...columns.map((c) => { const v = cell(f.properties?.[c.name], c.type); return typeof v === 'boolean' ? (v ? 1 : 0) : v; })]);
    }
    ins.free();
    db.exec('COMMIT');
    const has = Number.isFinite(box[0]!);
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [layer.name, 'features', layer.title, layer.description, new Date().toISOString(), has ? box[0] : null, has ? box[1] : null, has ? box[2] : null, has ? box[3] : null, crs.srid]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)', [layer.name, 'geom', geomType, crs.srid]);
    return Buffer.from(db.export());
  } finally {
    db.close();
  }
}
