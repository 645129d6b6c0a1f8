// Areas with their thematic figures, as GeoJSON text straight from PostGIS (no parse/serialise here).
import type { Knex } from '../db/types.ts';
import type { AreaLevel } from '../contract/vocab.ts';
import type { PeriodFilter } from '../contract/queries.ts';
import { runSql } from '../db/sql.ts';
import { toBounds } from './period.ts';
import { HttpError } from '../errors.ts';

export async function areasGeoJson(knex: Knex, level: AreaLevel, filter: PeriodFilter & { bbox?: [number, number, number, number] }): Promise<string> {
  const { from, to } = toBounds(filter);
  const b = filter.bbox;
  if (b && (b[0] > b[2] || b[1] > b[3])) throw new HttpError(400, 'invalid_input', 'bbox 的最小值大于最大值：应为 最小经度,最小纬度,最大经度,最大纬度', { bbox: b });
  const [row] = await runSql<{ fc: string }>(knex, `areas-${level}`, {
    from, to, type: filter.type ?? null, bbox_w: b?.[0] ?? null, bbox_s: b?.[1] ?? null, bbox_e: b?.[2] ?? null, bbox_n: b?.[3] ?? null,
  });
  return row!.fc;
}
