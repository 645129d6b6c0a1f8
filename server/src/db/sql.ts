// Spatial SQL lives in sql/*.sql, each opening with its contract. This module loads a file once and
// binds named parameters (`:name`) positionally, so every value is bound and never spliced in.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { REPO_ROOT } from '../config.ts';

// From the repository root, not from this module: `npm start` runs the server from a bundle (server/dist).
const SQL_DIR = path.join(REPO_ROOT, 'server', 'src', 'db', 'sql');
const cache = new Map<string, string>();

/** The text of db/sql/<name>.sql without its comment lines, read once. */
export function loadSql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    // Comments are dropped: they document parameters by name, which must not be bound.
    text = fs
      .readFileSync(path.join(SQL_DIR, `${name}.sql`), 'utf8')
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('--'))
      .join('\n');
    cache.set(name, text);
  }
  return text;
}

export type SqlParams = Record<string, string | number | boolean | null | Date>;

/** A `:name` parameter (not a `::cast`). */
export const NAMED_PARAM = /(?<![:\w]):([a-z_][a-z0-9_]*)/g;

/** `:name` → `?` in order of appearance; `::casts` are left alone. Unknown names are an error. */
export function bindNamed(text: string, params: SqlParams): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const sql = text.replace(NAMED_PARAM, (_m, key: string) => {
    if (!(key in params)) throw new Error(`SQL parameter :${key} has no value`);
    values.push(params[key]);
    return '?';
  });
  return { sql, values };
}

/** Identifiers to put in a template's {{slots}}: from code constants only, never from a request. */
export type SqlIdentifiers = Record<string, string>;

function fill(text: string, idents: SqlIdentifiers): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    const v = idents[key];
    if (v === undefined) throw new Error(`SQL template slot {{${key}}} has no value`);
    return v;
  });
}

export async function runSql<T = Record<string, unknown>>(
  db: Knex | Knex.Transaction,
  name: string,
  params: SqlParams = {},
  idents?: SqlIdentifiers,
): Promise<T[]> {
  const text = idents ? fill(loadSql(name), idents) : loadSql(name);
  const { sql, values } = bindNamed(text, params);
  const result = await db.raw(sql, values as Knex.RawBinding[]);
  return result.rows as T[];
}
