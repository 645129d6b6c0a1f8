// shihe_candidate (migration 20261201_37), the one definition of a pool member of candidates.sql and
// candidates-village.sql, must stay inlined by PostgreSQL: a function scan per pool member (after a change
// making it STRICT, VOLATILE or more than one SELECT) would slow the hot candidates statement unnoticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.ts';
import { bindNamed, loadSql, type SqlParams } from '../src/db/sql.ts';
import { openTestDatabase } from './helpers.ts';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

async function plan(name: string, params: SqlParams): Promise<string> {
  const { sql, values } = bindNamed(loadSql(name), params);
  const r = await db.knex.raw<{ rows: Record<string, string>[] }>(`EXPLAIN (VERBOSE, COSTS OFF) ${sql}`, values as never);
  return r.rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('shihe_candidate', () => {
  it('is inlined into candidates.sql and candidates-village.sql', async () => {
    const point = await plan('candidates', { lng: 114.06, lat: 32.12, type: 'medical', specialist: true, radius_m: 5000, boundary_m: 200, sliver_m: 1, nearby_limit: 20 });
    const village = await plan('candidates-village', { village_code: '411502001001', specialist: true });
    for (const p of [point, village]) {
      expect(p).toContain('mediators');
      expect(p).not.toMatch(/Function Scan on \S*shihe_candidate/);
    }
  });

  it('gives a distance only from a point', async () => {
    const { rows } = await db.knex.raw<{ rows: { member: { mediator_id: number; tier: number; distance_m: number | null } }[] }>(
      `SELECT c.member FROM (SELECT min(id) AS id FROM mediators WHERE location IS NOT NULL) m
       CROSS JOIN LATERAL (SELECT * FROM shihe_candidate(m.id, 2, 'x', ST_SetSRID(ST_MakePoint(114.06, 32.12), 4326))
                           UNION ALL SELECT * FROM shihe_candidate(m.id, 2, 'x', NULL)) c`);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.member.distance_m).toBeGreaterThan(0);
    expect(rows[1]!.member.distance_m).toBeNull();
    expect(rows[0]!.member.tier).toBe(2);
  });
});
