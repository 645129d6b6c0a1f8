// The facts of the assignment rule from the database: db/sql/candidates.sql for one point (one round
// trip). The in-memory model (model.ts) gives the same facts without a query; rule.ts ranks either.
import type { Knex } from '../../db/types.ts';
import { runPrepared } from '../../db/prepared.ts';
import type { ServiceArea } from '../../contract/cases.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import { ASSIGNMENT_RULE, isSpecialistType, type AssignmentRule } from '../assignment-rule.ts';
import { SLIVER_TOLERANCE_M } from '../locate.ts';
import type { DispatchFacts, MediatorFact } from './rule.ts';

type Db = Knex | Knex.Transaction;

/** A pool member as the preview shows it: the rule's facts plus what the dispatcher sees. */
export interface PoolMediator extends MediatorFact {
  kind: string;
  location: { type: 'Point'; coordinates: [number, number] } | null;
  service_areas: ServiceArea[];
}

export type PointFacts = DispatchFacts<PoolMediator> & { neighbours: NonNullable<DispatchFacts['neighbours']> };
/** The facts for a dispute known only to its village: located with grid_code null, no neighbours (rule.ts). */
export type VillageFacts = DispatchFacts<PoolMediator>;

/** The facts for a WGS84 point and a dispute type, from SQL. */
export async function factsFromSql(db: Db, lng: number, lat: number, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): Promise<PointFacts> {
  const [row] = await runPrepared<PointFacts>(db, 'candidates', {
    lng, lat, type, specialist: isSpecialistType(type, rule), radius_m: rule.radius_m, boundary_m: rule.boundary_warning_m,
    sliver_m: SLIVER_TOLERANCE_M, nearby_limit: rule.nearby_limit,
  });
  return row!;
}

/** The facts for a village code and a dispute type, from SQL (db/sql/candidates-village.sql); located null: no such village. */
export async function villageFactsFromSql(db: Db, villageCode: string, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): Promise<VillageFacts> {
  const [row] = await runPrepared<VillageFacts>(db, 'candidates-village', { village_code: villageCode, specialist: isSpecialistType(type, rule) });
  return row!;
}
