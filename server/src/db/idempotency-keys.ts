// The table of idempotency keys (migration 20261201_20): claim a key, store the answer, let a key go.
// The claim is one INSERT … ON CONFLICT DO NOTHING, so of two concurrent requests with the same key the
// database lets exactly one through, whatever the timing.
import type { Knex } from 'knex';

export interface StoredKey {
  request_hash: string;
  method: string;
  path: string;
  /** null while the request that claimed the key is still running. */
  response_status: number | null;
  response_body: unknown;
}

export type Claim = { claimed: true } | { claimed: false; existing: StoredKey };

/** Removes the user's keys created before `expiredBefore`, then claims `key` or answers the row that holds it. */
export async function claimKey(
  knex: Knex,
  row: { user_id: number; key: string; method: string; path: string; request_hash: string; created_at: Date },
  expiredBefore: Date,
): Promise<Claim> {
  await knex('idempotency_keys').where('user_id', row.user_id).andWhere('created_at', '<', expiredBefore).delete();
  const inserted = await knex('idempotency_keys').insert(row).onConflict(['user_id', 'key']).ignore().returning('id');
  if (inserted.length) return { claimed: true };
  const existing = await knex('idempotency_keys').where({ user_id: row.user_id, key: row.key })
    .first('request_hash', 'method', 'path', 'response_status', 'response_body');
  // Deleted between the two statements (expired by a concurrent request): claim it afresh.
  if (!existing) return claimKey(knex, row, expiredBefore);
  return { claimed: false, existing: existing as StoredKey };
}

export async function storeAnswer(knex: Knex, userId: number, key: string, status: number, body: unknown): Promise<void> {
  await knex('idempotency_keys').where({ user_id: userId, key }).whereNull('response_status')
    .update({ response_status: status, response_body: body === undefined ? null : JSON.stringify(body) });
}

/** Lets a claimed key go (the request did not complete a write): a retry with it runs again. */
export async function releaseKey(knex: Knex, userId: number, key: string): Promise<void> {
  await knex('idempotency_keys').where({ user_id: userId, key }).whereNull('response_status').delete();
}
