// Ranking mediators for a point (preview, a case's candidates) and assigning cases, one by one or
// as the backlog batch (services/dispatch/batch.ts). The rule is services/dispatch/rule.ts `rank`, on facts
// from db/sql/candidates.sql (services/dispatch/facts.ts) or from the read model (dispatch/model.ts).
import type { Knex } from '../db/types.ts';
import type { AssignmentTier, Candidate, Excluded, LocatedUnits, LocationPrecision, PreviewAnswer } from '../contract/cases.ts';
import type { DisputeType } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import { ASSIGNMENT_RULE, tierLabel, type AssignmentRule } from './assignment-rule.ts';
import { factsFromSql, villageFactsFromSql, type PoolMediator } from './dispatch/facts.ts';
import { rank, type LocatedFact, type Ranking } from './dispatch/rule.ts';
import type { Actor } from './masking.ts';

type Db = Knex | Knex.Transaction;

export function locatedUnits(l: LocatedFact): LocatedUnits {
  return {
    township: { code: l.township_code, name: l.township_name },
    village: { code: l.village_code, name: l.village_name },
    grid: l.grid_code === null ? null : { code: l.grid_code, name: l.grid_name ?? '' },
    tribunal: l.tribunal_id === null ? null : { id: l.tribunal_id, name: l.tribunal_name ?? '' },
  };
}

export { OUTSIDE_ADVICE } from './dispatch/rule.ts';

/** The rule's ranking as the API answers it (preview, a case's candidates). */
export function previewAnswer(r: Ranking<PoolMediator>, lng: number, lat: number, type: DisputeType): PreviewAnswer {
  if (r.outcome === 'outside_district') return { outcome: 'outside_district', lng, lat, candidates: [], excluded: [], advice: r.advice };
  const candidates: Candidate[] = r.candidates.map((c) => ({
    mediator_id: c.fact.mediator_id,
    name: c.fact.name,
    kind: c.fact.kind,
    organisation: c.fact.organisation,
    tier: c.fact.tier,
    tier_label: tierLabel(c.fact.tier),
    distance_m: c.distance_m,
    open_cases: c.fact.open_cases,
    capacity: c.fact.capacity,
    score: c.score,
    specialty_match: c.match,
    reasons: c.reasons,
    location: c.fact.location,
    service_areas: c.fact.service_areas,
  }));
  const excluded: Excluded[] = r.excluded.map((e) => ({ mediator_id: e.mediator_id, name: e.name, tier: e.tier, reason: e.reason, reason_text: e.reason_text }));
  return {
    outcome: r.outcome,
    lng, lat, dispute_type: type,
    located: locatedUnits(r.located),
    candidates,
    ...(r.more > 0 ? { more: r.more } : {}),
    excluded,
    ...(r.boundary_warning ? { boundary_warning: r.boundary_warning } : {}),
    ...(r.advice ? { advice: r.advice } : {}),
  };
}

/** The ranking for a point and a type, from the database's facts (inside a transaction: what it sees); `limit` candidates listed. */
export async function rankForPoint(db: Db, lng: number, lat: number, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE, limit?: number): Promise<PreviewAnswer> {
  return previewAnswer(rank(await factsFromSql(db, lng, lat, type, rule), type, rule, { limit }), lng, lat, type);
}

/**
 * The ranking for a registered case from the database's facts: by village for a village-only case
 * (candidates-village.sql: no grid tier, no distances), else at its point. Assignment ranks so inside its
 * transaction.
 */
export async function rankForCase(db: Db, c: Pick<CaseLockRow, 'lng' | 'lat' | 'dispute_type' | 'location_precision' | 'village_code'>, rule: AssignmentRule = ASSIGNMENT_RULE): Promise<PreviewAnswer> {
  if (c.location_precision === 'village' && c.village_code !== null) {
    return previewAnswer(rank(await villageFactsFromSql(db, c.village_code, c.dispute_type, rule), c.dispute_type, rule), c.lng, c.lat, c.dispute_type);
  }
  return rankForPoint(db, c.lng, c.lat, c.dispute_type, rule);
}

// --- assigning ------------------------------------------------------------------------------------

export interface CaseLockRow {
  id: number; version: number; status: string; mediator_id: number | null; tribunal_id: number | null;
  dispute_type: DisputeType; lng: number; lat: number; assigned_at: Date | null; deadline_at: Date | null;
  /** `village`: located only to its village (rank by village_code). */
  location_precision: LocationPrecision; village_code: string | null;
}

export interface AssignInput {
  caseRow: CaseLockRow;
  version: number;
  mediatorId: number;
  mode: 'manual' | 'top' | 'batch';
  reason: string | null;
  tier: AssignmentTier | null;
  distance_m: number | null;
  actor: Actor;
  deadlineDays: number;
}

export interface AssignDone { id: number; version: number; mediator_id: number; status: 'assigned' | 'mediating'; reassigned: boolean; deadline_at: string }

/**
 * Assigns inside the caller's transaction. The mediator row is locked (FOR UPDATE) before its open
 * cases are counted, so two dispatchers cannot both take a mediator's last place; the case is updated
 * only at the version the dispatcher saw (`WHERE version = ?`), so of two concurrent assignments
 * exactly one wins and the other is 409 version_conflict.
 */
export async function assignInTrx(trx: Knex.Transaction, a: AssignInput): Promise<AssignDone> {
  const c = a.caseRow;
  const m = (await trx.raw(`SELECT id, name, status, capacity FROM mediators WHERE id = ? FOR UPDATE`, [a.mediatorId])).rows[0] as
    | { id: number; name: string; status: string; capacity: number } | undefined;
  if (!m) throw new HttpError(422, 'unknown_mediator', `没有编号为 ${a.mediatorId} 的调解员`);
  if (m.status !== 'active') {
    throw new HttpError(422, 'mediator_unavailable', `调解员 ${m.name} 当前${m.status === 'on_leave' ? '休假中' : '已退出'}，不能分派`, { mediator_id: m.id, status: m.status });
  }
  const [{ n }] = (await trx.raw(
    `SELECT count(*)::int AS n FROM cases WHERE mediator_id = ? AND status IN ('pending', 'assigned', 'mediating') AND id <> ?`,
    [m.id, c.id],
  )).rows as [{ n: number }];
  if (n >= m.capacity) {
    throw new HttpError(409, 'mediator_at_capacity', `调解员 ${m.name} 在办案件已满（${n}/${m.capacity} 件），请选择其他调解员`, { mediator_id: m.id, open_cases: n, capacity: m.capacity });
  }
  const reassigned = c.mediator_id !== null;
  const updated = (await trx.raw(
    `UPDATE cases
     SET mediator_id = ?, status = CASE WHEN status = 'pending' THEN 'assigned' ELSE status END,
         assigned_at = coalesce(assigned_at, now()),
         deadline_at = coalesce(deadline_at, now() + make_interval(days => ?)),
         version = version + 1, updated_at = now()
     WHERE id = ? AND version = ? AND status IN ('pending', 'assigned', 'mediating')
     RETURNING id, version, status, mediator_id, deadline_at`,
    [m.id, a.deadlineDays, c.id, a.version],
  )).rows[0] as { id: number; version: number; status: 'assigned' | 'mediating'; mediator_id: number; deadline_at: Date } | undefined;
  if (!updated) throw versionConflict(c.id);
  if (reassigned) await trx('case_assignments').where({ case_id: c.id }).whereNull('replaced_at').update({ replaced_at: trx.fn.now() });
  await trx('case_assignments').insert({
    case_id: c.id, mediator_id: m.id, assigned_by: a.actor.id, mode: a.mode, reason: a.reason, tier: a.tier, distance_m: a.distance_m,
  });
  await trx('case_events').insert({
    case_id: c.id,
    kind: reassigned ? 'reassigned' : 'assigned',
    from_status: c.status,
    to_status: updated.status,
    actor_id: a.actor.id,
    actor_name: a.actor.username,
    details: JSON.stringify({ mediator_id: m.id, mediator_name: m.name, previous_mediator_id: c.mediator_id, mode: a.mode, reason: a.reason, tier: a.tier, distance_m: a.distance_m }),
  });
  return { id: updated.id, version: updated.version, mediator_id: m.id, status: updated.status, reassigned, deadline_at: new Date(updated.deadline_at).toISOString() };
}

export const versionConflict = (id: number) =>
  new HttpError(409, 'version_conflict', `案件 ${id} 已被他人修改（版本已变化），请刷新后重试`, { case_id: id });

/** The case with what assignment needs, read inside the transaction. */
export async function readCaseForUpdate(trx: Db, id: number): Promise<CaseLockRow | undefined> {
  const { rows } = await trx.raw(
    `SELECT id, version, status, mediator_id, tribunal_id, dispute_type, ST_X(location) AS lng, ST_Y(location) AS lat,
            assigned_at, deadline_at, location_precision, village_code
     FROM cases WHERE id = ?`,
    [id],
  );
  return rows[0] as CaseLockRow | undefined;
}

// The backlog batch lives in services/dispatch/batch.ts (on the read model); re-exported here for the
// callers that import it from this module.
export { batchAssign } from './dispatch/batch.ts';
