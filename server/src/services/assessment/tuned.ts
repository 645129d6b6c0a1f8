// Reads of big aggregates with planner settings that suit them (used by the dashboard and the tables).
import type { Knex } from '../../db/types.ts';
import { runSql, type SqlIdentifiers, type SqlParams } from '../../db/sql.ts';

/**
 * A read in its own transaction with planner settings for big aggregates: JIT off (PostgreSQL spends
 * about 0.7 s compiling these over a million cases and saves less) and, for the case aggregate, sorts
 * off so the ~30,000 groups are hashed in parallel instead of sorted by text keys (1.6 s → 0.55 s at
 * province scale). SET LOCAL ends with the transaction; PGlite accepts both settings.
 */
export function readTuned<T>(knex: Knex, name: string, params: SqlParams, opts: { noSort?: boolean; idents?: SqlIdentifiers } = {}): Promise<T[]> {
  return knex.transaction(async (trx) => {
    await trx.raw(opts.noSort ? 'SET LOCAL jit = off; SET LOCAL enable_sort = off' : 'SET LOCAL jit = off');
    return runSql<T>(trx, name, params, opts.idents);
  });
}
