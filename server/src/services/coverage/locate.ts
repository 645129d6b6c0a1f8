// Which village (村/社区) points stand in: the village a hypothetical mediator is responsible for.
import type { Knex } from '../../db/types.ts';
import { runSql } from '../../db/sql.ts';

export async function locateVillages(knex: Knex, pts: { lng: number; lat: number }[]): Promise<{ village_code: string | null; village_name: string | null }[]> {
  if (!pts.length) return [];
  const arr = (xs: number[]) => `{${xs.join(',')}}`;
  const rows = await runSql<{ i: number; village_code: string | null; village_name: string | null }>(knex, 'coverage-locate', {
    lngs: arr(pts.map((p) => p.lng)), lats: arr(pts.map((p) => p.lat)),
  });
  return rows.map((r) => ({ village_code: r.village_code, village_name: r.village_name }));
}
