// sql.js ships no types: the part we use (SQLite compiled to WebAssembly, for GeoPackage files).
declare module 'sql.js' {
  export interface QueryExecResult { columns: string[]; values: unknown[][] }
  export interface Statement {
    bind(values?: unknown[]): boolean;
    step(): boolean;
    get(): unknown[];
    getAsObject(): Record<string, unknown>;
    run(values?: unknown[]): void;
    reset(): void;
    free(): boolean;
  }
  export interface Database {
    exec(sql: string, params?: unknown[]): QueryExecResult[];
    run(sql: string, params?: unknown[]): Database;
    prepare(sql: string): Statement;
    export(): Uint8Array;
    close(): void;
  }
  export interface SqlJsStatic { Database: new (data?: Uint8Array) => Database }
  export default function initSqlJs(config?: { locateFile?: (file: string) => string }): Promise<SqlJsStatic>;
}
