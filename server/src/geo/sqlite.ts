// SQLite in WebAssembly (sql.js), loaded once per thread: GeoPackage files are SQLite databases. The
// engine runs in this process (no native module, no GDAL at run time).
import { createRequire } from 'node:module';
import path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

const require = createRequire(import.meta.url);
let engine: Promise<SqlJsStatic> | null = null;

export function sqlite(): Promise<SqlJsStatic> {
  const dir = path.dirname(require.resolve('sql.js'));
  engine ??= initSqlJs({ locateFile: (file) => path.join(dir, file) });
  return engine;
}
