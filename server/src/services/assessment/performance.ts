// Performance statistics per unit (奖惩考核): one SQL template (db/sql/assessment-performance.sql),
// the unit of each dimension given by the code constants below. Definitions: contract DEFINITIONS.
import type { Knex } from '../../db/types.ts';
import { DEFINITIONS, type PerformanceAnswer, type PerformanceDimension, type PerformanceRow, type TrendPoint } from '../../contract/assessment.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import { runSql, type SqlIdentifiers } from '../../db/sql.ts';
import { readTuned } from './tuned.ts';
import { windowsOf } from './periods.ts';

const MEDIATOR_JOIN = 'LEFT JOIN mediators m ON m.id = c.mediator_id';
const JUDGE_JOIN = 'JOIN (SELECT DISTINCT case_id, judge_id FROM guidance_requests WHERE judge_id IS NOT NULL) gj ON gj.case_id = c.id';

/** Identifiers per dimension: code constants only (never from a request). */
export const DIMENSION_SQL: Record<PerformanceDimension, SqlIdentifiers> = {
  mediator: {
    key: 'c.mediator_id', join: '', gkey: 'c.mediator_id', gjoin: '',
    units: `SELECT m.id AS k, m.name, o.name AS parent_name, NULL::int AS population, (m.status = 'active') AS listed
            FROM mediators m LEFT JOIN organisations o ON o.id = m.organisation_id`,
  },
  organisation: {
    key: 'm.organisation_id', join: MEDIATOR_JOIN, gkey: 'm.organisation_id', gjoin: MEDIATOR_JOIN,
    units: `SELECT o.id AS k, o.name, tw.name AS parent_name, NULL::int AS population, TRUE AS listed
            FROM organisations o LEFT JOIN townships tw ON tw.code = o.township_code`,
  },
  township: {
    key: 'c.township_code', join: '', gkey: 'c.township_code', gjoin: '',
    units: `SELECT tw.code AS k, tw.name, t.name AS parent_name, tw.population_est AS population, TRUE AS listed
            FROM townships tw LEFT JOIN tribunals t ON t.id = tw.tribunal_id`,
  },
  village: {
    key: 'c.village_code', join: '', gkey: 'c.village_code', gjoin: '',
    units: `SELECT v.code AS k, v.display_name AS name, tw.name AS parent_name, v.population_est AS population, TRUE AS listed
            FROM villages v JOIN townships tw ON tw.code = v.township_code`,
  },
  tribunal: {
    key: 'c.tribunal_id', join: '', gkey: 'c.tribunal_id', gjoin: '',
    units: `SELECT t.id AS k, t.name, NULL::text AS parent_name,
                   (SELECT sum(tw.population_est) FROM townships tw WHERE tw.tribunal_id = t.id) AS population, TRUE AS listed
            FROM tribunals t`,
  },
  judge: {
    key: 'gj.judge_id', join: JUDGE_JOIN, gkey: 'gr.judge_id', gjoin: '',
    units: `SELECT j.id AS k, j.name, concat_ws(' · ', t.name, j.department) AS parent_name, NULL::int AS population, j.active AS listed
            FROM judges j LEFT JOIN tribunals t ON t.id = j.tribunal_id`,
  },
};

export interface PerformanceFilter {
  from?: string;
  to?: string;
  type?: DisputeType;
}

export async function performance(
  knex: Knex, dimension: PerformanceDimension, f: PerformanceFilter, anchor: string, days: number,
): Promise<PerformanceAnswer> {
  const w = windowsOf(f, anchor);
  const rows = await readTuned<PerformanceRow>(knex, 'assessment-performance',
    { from: w.from, to: w.to, type: f.type ?? null, days, asof: w.asof }, { idents: DIMENSION_SQL[dimension] });
  return { dimension, period: w.period, rows, definitions: DEFINITIONS };
}

export async function trend(
  knex: Knex, f: PerformanceFilter & { dimension?: PerformanceDimension; id?: string }, anchor: string,
): Promise<{ period: { from: string; to: string }; months: TrendPoint[] }> {
  const w = windowsOf(f, anchor);
  const idents = f.dimension ? DIMENSION_SQL[f.dimension] : { key: 'NULL', join: '' };
  const months = await runSql<TrendPoint>(knex, 'assessment-trend',
    { from: w.from, to: w.to, type: f.type ?? null, id: f.id ?? null }, { key: idents.key!, join: idents.join! });
  return { period: w.period, months };
}
