// The attribute table of an exported layer: one column per property, typed from the values (the layer's
// SQL builds every feature with the same keys), arrays written as text joined with "," — GeoPackage and
// Shapefile have no list type.
export type ColumnType = 'text' | 'integer' | 'real' | 'boolean';
export interface Column { name: string; type: ColumnType }

export function columnsOf(features: GeoJSON.Feature[]): Column[] {
  const types = new Map<string, ColumnType | null>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      const seen = types.get(k) ?? null;
      if (v === null || v === undefined) { if (!types.has(k)) types.set(k, null); continue; }
      let t: ColumnType = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'real') : 'text';
      if (seen && seen !== t) t = (seen === 'integer' && t === 'real') || (seen === 'real' && t === 'integer') ? 'real' : 'text';
      types.set(k, t);
    }
  }
  return [...types.entries()].map(([name, type]) => ({ name, type: type ?? 'text' }));
}

/** A property as the column stores it. */
export function cell(v: unknown, type: ColumnType): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.join(',');
  if (type === 'text') return typeof v === 'object' ? JSON.stringify(v) : String(v);
  return v as number | boolean;
}
