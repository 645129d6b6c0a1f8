// The coordinate systems a layer is exported in, with the WKT a GeoPackage (OGC WKT1, its
// gpkg_spatial_ref_sys) and a Shapefile (.prj, ESRI WKT as ArcGIS and GDAL write it) name them by.
// Xinyang (浉河区, about 113.6°–114.4°E) lies in the CGCS2000 3-degree Gauss-Krüger zone 38, central
// meridian 114°E: EPSG:4547 (false easting 500 km) or EPSG:4526 (the zone number 38 in front: 38,500 km).
// The projection is the import's own (boundaries/crs.ts gaussKruger, proj4 on GRS80), so an export read
// back lands where it came from. CGCS2000 geographic is written with the stored WGS84 numbers (they
// differ by centimetres here; PostGIS and GDAL define no shift between them either).
import proj4 from 'proj4';
import { gaussKruger, type Transform } from '../boundaries/crs.ts';

export const EXPORT_CRS_CODES = ['4490', '4326', '4547', '4526'] as const;
export type ExportCrs = (typeof EXPORT_CRS_CODES)[number];

const GCS_CGCS = 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const OGC_CGCS = 'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]';
const gkEsri = (name: string, fe: number) => `PROJCS["${name}",${GCS_CGCS},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe.toFixed(1)}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
const gkOgc = (name: string, fe: number, code: string) => `PROJCS["${name}",${OGC_CGCS},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",114],PARAMETER["scale_factor",1],PARAMETER["false_easting",${fe}],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","${code}"]]`;

export interface ExportCrsDef { srid: number; name: string; label: string; ogcWkt: string; esriWkt: string; projected: boolean }

export const EXPORT_CRS: Record<ExportCrs, ExportCrsDef> = {
  4490: { srid: 4490, name: 'China Geodetic Coordinate System 2000', label: 'CGCS2000 经纬度', ogcWkt: OGC_CGCS, esriWkt: GCS_CGCS, projected: false },
  4326: {
    srid: 4326, name: 'WGS 84', label: 'WGS84 经纬度', projected: false,
    ogcWkt: 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]',
    esriWkt: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  },
  4547: {
    srid: 4547, name: 'CGCS2000 / 3-degree Gauss-Kruger CM 114E', label: 'CGCS2000 3 度带 中央经线 114°E', projected: true,
    ogcWkt: gkOgc('CGCS2000 / 3-degree Gauss-Kruger CM 114E', 500000, '4547'), esriWkt: gkEsri('CGCS2000_3_Degree_GK_CM_114E', 500000),
  },
  4526: {
    srid: 4526, name: 'CGCS2000 / 3-degree Gauss-Kruger zone 38', label: 'CGCS2000 3 度带 第 38 带', projected: true,
    ogcWkt: gkOgc('CGCS2000 / 3-degree Gauss-Kruger zone 38', 38500000, '4526'), esriWkt: gkEsri('CGCS2000_3_Degree_GK_Zone_38', 38500000),
  },
};

/** WGS84 degrees → the export CRS (metres rounded to 1 mm, degrees left as stored). */
export function fromWgs84(crs: ExportCrs): Transform | null {
  const gk = gaussKruger(Number(crs));
  if (!gk) return null;
  const p = proj4('EPSG:4326', gk.def);
  return (xy) => { const [x, y] = p.forward([xy[0]!, xy[1]!]) as [number, number]; return [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]; };
}
