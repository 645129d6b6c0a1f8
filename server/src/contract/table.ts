// The compact file format of large generated lists (data/build/cases.json): column names once,
// then one array per row, one row per line. Shared by the data build (writer) and its readers.
export interface Table {
  columns: string[];
  rows: unknown[][];
}

export function toTableText(items: Record<string, unknown>[]): string {
  const columns = Object.keys(items[0] ?? {});
  const rows = items.map((it) => JSON.stringify(columns.map((c) => it[c] ?? null)));
  return `{"columns":${JSON.stringify(columns)},"rows":[\n${rows.join(',\n')}\n]}\n`;
}

export function fromTable<T = Record<string, unknown>>(table: Table): T[] {
  return table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])) as T);
}
