// Hot spatial queries as named prepared statements. On the embedded database parsing and analysing a
// large PostGIS query costs far more than running it (candidates.sql: about 25 ms to parse and plan,
// 3 ms to execute), so the statement is parsed once per connection and then only executed.
// The SQL comes from db/sql/*.sql like every other query (same files, same `:name` binding).
import type { Knex } from 'knex';
import { loadSql, NAMED_PARAM, type SqlParams } from './sql.ts';

interface PgConnection { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> }
interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(c: PgConnection): Promise<unknown>;
}

/**
 * A statement's text with `$1…$n` in place of its `:name`s, and the name of each, made once per file:
 * rebuilding an 8 KB text on every call (candidates.sql) allocated enough to make the garbage
 * collector's pauses show in the preview's p99.
 */
const compiled = new Map<string, { text: string; keys: string[] }>();
function compile(name: string) {
  let c = compiled.get(name);
  if (!c) {
    const keys: string[] = [];
    const text = loadSql(name).replace(NAMED_PARAM, (_m, key: string) => `$${keys.push(key)}`);
    compiled.set(name, (c = { text, keys }));
  }
  return c;
}

// Statement names are unique per connection object: the embedded database (pglite-socket) keeps one
// backend for every client connection, so a name prepared by an earlier, closed connection still
// exists there; a new connection preparing the same name would fail and desynchronise the socket.
const connectionIds = new WeakMap<object, string>();
let nextConnection = 0;
const connectionId = (c: object) => {
  let id = connectionIds.get(c);
  if (id === undefined) connectionIds.set(c, (id = `${process.pid}_${++nextConnection}_${Math.random().toString(36).slice(2, 8)}`));
  return id;
};

/**
 * Runs db/sql/<name>.sql as the prepared statement `<name>` on the connection knex (or the
 * transaction) would use. Parameters must be bound in the same order every time (they are: the
 * file fixes it), so one name is one statement.
 */
export async function runPrepared<T = Record<string, unknown>>(db: Knex | Knex.Transaction, name: string, params: SqlParams): Promise<T[]> {
  const { text, keys } = compile(name);
  const values = keys.map((k) => {
    if (!(k in params)) throw new Error(`SQL parameter :${k} has no value`);
    return params[k];
  });
  const client = db.client as unknown as KnexClient;
  const conn = await client.acquireConnection();
  try {
    const result = await conn.query({ name: `shihe_${name}_${connectionId(conn)}`, text, values });
    return result.rows as T[];
  } finally {
    await client.releaseConnection(conn);
  }
}
