// Which grid, village, township and tribunal a point is in, as a named outcome. The rule is the SQL
// function shihe_locate (migration 20261201_21); its in-memory twin is services/dispatch/locate.ts.
import type { Knex } from '../db/types.ts';
import { runSql } from '../db/sql.ts';

/** A point in the district that falls between cells (a sliver) is given the nearest grid this close. */
export const SLIVER_TOLERANCE_M = 30;

interface Row {
  grid_code: string; grid_name: string; village_code: string; village_name: string;
  township_code: string; township_name: string; tribunal_id: number | null; tribunal_name: string | null;
}

export type LocateResult =
  | {
      outcome: 'located';
      township: { code: string; name: string };
      village: { code: string; name: string };
      grid: { code: string; name: string };
      tribunal: { id: number; name: string } | null;
    }
  | { outcome: 'outside_district' };

export async function locatePoint(knex: Knex | Knex.Transaction, lng: number, lat: number): Promise<LocateResult> {
  const [row] = await runSql<Row>(knex, 'locate', { lng, lat, sliver_m: SLIVER_TOLERANCE_M });
  if (!row) return { outcome: 'outside_district' };
  return {
    outcome: 'located',
    township: { code: row.township_code, name: row.township_name },
    village: { code: row.village_code, name: row.village_name },
    grid: { code: row.grid_code, name: row.grid_name },
    tribunal: row.tribunal_id === null ? null : { id: row.tribunal_id, name: row.tribunal_name ?? '' },
  };
}
