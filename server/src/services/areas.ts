// Areas with their thematic figures, as GeoJSON text straight from PostGIS (no parse/serialise here).
import type { Knex } from 'knex';
import type { AreaLevel } from '../contract/vocab.ts';
import type { PeriodFilter } from '../contract/queries.ts';
import { runSql } from '../db/sql.ts';
import { toBounds } from './period.ts';

export async function areasGeoJson(knex: Knex, level: AreaLevel, filter: PeriodFilter): Promise<string> {
  const { from, to } = toBounds(filter);
  const [row] = await runSql<{ fc: string }>(knex, `areas-${level}`, { from, to, type: filter.type ?? null });
  return row!.fc;
}
