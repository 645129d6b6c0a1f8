// shpjs ships no types: the two functions we use.
declare module 'shpjs' {
  export function parseShp(shp: DataView | ArrayBuffer | Uint8Array, prj?: string | false): GeoJSON.Geometry[];
  export function parseDbf(dbf: DataView | ArrayBuffer | Uint8Array, cpg?: string): Record<string, unknown>[];
}
