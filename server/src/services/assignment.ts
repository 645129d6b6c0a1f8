// Ranking mediators for a point (preview, a case's candidates) and assigning cases, one by one or
// as the backlog batch. The rule is services/dispatch/rule.ts `rank`, on facts from db/sql/candidates.sql
// (services/dispatch/facts.ts) or, for the batch, db/sql/batch-pool.sql.
import { numberUnnumbered, type Numbering } from './case-numbers.ts';
import type { Knex } from 'knex';
import { runSql } from '../db/sql.ts';
import type { AssignmentTier, BatchReport, Candidate, Excluded, LocatedUnits, PreviewAnswer } from '../contract/cases.ts';
import type { DisputeType } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import { ASSIGNMENT_RULE, isSpecialistType, tierLabel, type AssignmentRule } from './assignment-rule.ts';
import { whereReachable } from './case-scope.ts';
import { factsFromSql, type PoolMediator } from './dispatch/facts.ts';
import { rank, type LocatedFact, type MediatorFact, type Ranking } from './dispatch/rule.ts';
import { SLIVER_TOLERANCE_M } from './locate.ts';
import type { Actor } from './masking.ts';
import { notifyAssigned } from './notifications/notify.ts';

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
    excluded,
    ...(r.boundary_warning ? { boundary_warning: r.boundary_warning } : {}),
    ...(r.advice ? { advice: r.advice } : {}),
  };
}

/** The ranking for a point and a type, from the database's facts (inside a transaction: what it sees). */
export async function rankForPoint(db: Db, lng: number, lat: number, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): Promise<PreviewAnswer> {
  return previewAnswer(rank(await factsFromSql(db, lng, lat, type, rule), type, rule), lng, lat, type);
}

// --- assigning ------------------------------------------------------------------------------------

export interface CaseLockRow {
  id: number; version: number; status: string; mediator_id: number | null; tribunal_id: number | null;
  dispute_type: DisputeType; lng: number; lat: number; assigned_at: Date | null; deadline_at: Date | null;
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
            assigned_at, deadline_at
     FROM cases WHERE id = ?`,
    [id],
  );
  return rows[0] as CaseLockRow | undefined;
}

/** Any located place: the batch's pools are located already (rank only needs to know it is inside). */
const INSIDE: LocatedFact = { grid_code: '', grid_name: '', village_code: '', village_name: '', township_code: '', township_name: '', tribunal_id: null, tribunal_name: null };

/**
 * The backlog batch, set-based: every pending case the actor reaches (services/case-scope.ts), oldest first, takes its
 * top eligible candidate, in ONE transaction. The pending cases are locked (FOR UPDATE); the
 * candidate pools of all of them come from one query (db/sql/batch-pool.sql); the mediators of the
 * pools are locked once (FOR UPDATE, in id order) and their open cases counted after the lock; then
 * the cases are allocated oldest first in memory by the rule (services/dispatch/rule.ts rank), with a
 * counter per mediator, so capacity holds exactly and a
 * mediator filled by an earlier case is not offered to a later one. The lean pool (batch-pool.sql) is
 * fetched for all cases; the full pool at once for those it cannot decide before allocation, and case
 * by case (with the later cases of the township) for those filled out during it. The cases,
 * assignments and events are written by one statement (db/sql/batch-write.sql). Same result as the
 * case-by-case reference server/test/dispatch-oracle.ts.
 */
export async function batchAssign(
  knex: Knex,
  actor: Actor,
  opts: { limit?: number; deadlineDays: number; /** Cases entering the court's flow get their case numbers (services/case-numbers.ts). */ numbering?: Numbering; /** Called as each phase ends (the benchmark times them). */ onPhase?: (phase: 'read' | 'decide' | 'write') => void },
  onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>,
  rule: AssignmentRule = ASSIGNMENT_RULE,
): Promise<BatchReport> {
  return knex.transaction(async (trx) => {
    const pending = (await whereReachable(trx('cases as c'), actor)
      .where('c.status', 'pending')
      .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }])
      .limit(opts.limit ?? 10_000)
      .forUpdate()
      .select('c.id', 'c.version', 'c.status', 'c.mediator_id', 'c.dispute_type', 'c.township_code')) as (Pick<CaseLockRow, 'id' | 'version' | 'status' | 'mediator_id' | 'dispute_type'> & { township_code: string | null })[];
    const townshipOf = new Map(pending.map((c) => [c.id, c.township_code]));
    const report: BatchReport = { assigned: [], left: [], counts: { pending: pending.length, assigned: 0, left: 0 } };
    if (pending.length) {
      // JIT compiling this one query costs more than running it (PostgreSQL; a no-op on PGlite).
      await trx.raw(`SELECT set_config('jit', 'off', true)`);
      type PoolEntry = { mediator_id: number; tier: AssignmentTier; distance_m: number | null };
      type Med = { name: string; status: string; capacity: number; open: number; specialties: string[]; organisation: string | null; industry: string | null };
      const pools = new Map<number, PoolEntry[]>();
      const full = new Set<number>();
      const unlocated = new Set<number>();
      const meds = new Map<number, Med>();
      /** The pools of these cases (lean or full); the new mediators locked (id order) and counted after the lock. */
      const fetchPools = async (ids: number[], lean: boolean) => {
        const rows = await runSql<{ case_id: number; located: boolean; mediator_id: number | null; tier: AssignmentTier; distance_m: number | null }>(trx, 'batch-pool', {
          ids: `{${ids.join(',')}}`,
          specialist_types: rule.specialist_types.join(','),
          radius_m: rule.radius_m,
          nearby_limit: rule.nearby_limit,
          sliver_m: SLIVER_TOLERANCE_M,
          lean,
        });
        for (const id of ids) { pools.set(id, []); if (!lean) full.add(id); }
        const fresh = new Set<number>();
        for (const r of rows) {
          if (!r.located) { unlocated.add(r.case_id); continue; }
          pools.get(r.case_id)!.push({ mediator_id: r.mediator_id!, tier: r.tier, distance_m: r.distance_m === null ? null : Number(r.distance_m) });
          if (!meds.has(r.mediator_id!)) fresh.add(r.mediator_id!);
        }
        if (!fresh.size) return;
        const idList = `{${[...fresh].sort((a, b) => a - b).join(',')}}`;
        for (const m of (await trx.raw(
          `SELECT m.id, m.name, m.status, m.capacity, m.specialties, o.name AS organisation, o.industry
           FROM mediators m LEFT JOIN organisations o ON o.id = m.organisation_id
           WHERE m.id = ANY (CAST(? AS int[])) ORDER BY m.id FOR UPDATE OF m`, [idList])).rows as (Omit<Med, 'open'> & { id: number })[]) {
          meds.set(m.id, { name: m.name, status: m.status, capacity: m.capacity, open: 0, specialties: m.specialties, organisation: m.organisation, industry: m.industry });
        }
        // Counted after the lock (a new snapshot): a concurrent assignment has committed or waits. A
        // mediator new here is in no pool fetched before, so the batch has not given it a case yet.
        for (const r of (await trx.raw(
          `SELECT mediator_id, count(*)::int AS n FROM cases WHERE mediator_id = ANY (CAST(? AS int[])) AND status IN ('pending', 'assigned', 'mediating') GROUP BY mediator_id`,
          [idList],
        )).rows as { mediator_id: number; n: number }[]) meds.get(r.mediator_id)!.open = r.n;
      };
      await fetchPools(pending.map((c) => c.id), true);
      /** The rule (rank) on the case's pool with the load counted so far; only the top is needed. */
      const pick = (c: (typeof pending)[number]) => {
        const pool: MediatorFact[] = [];
        for (const e of pools.get(c.id) ?? []) {
          const m = meds.get(e.mediator_id);
          if (!m) continue;
          pool.push({
            mediator_id: e.mediator_id, name: m.name, status: m.status, organisation: m.organisation, organisation_industry: m.industry,
            specialties: m.specialties, tier: e.tier, unit_name: null, distance_m: e.distance_m, open_cases: m.open, capacity: m.capacity,
          });
        }
        const r = rank({ located: INSIDE, pool }, c.dispute_type, rule, { limit: 1 });
        const top = r.outcome === 'outside_district' ? undefined : r.candidates[0];
        // The lean pool decides only when what it lacks cannot win: for a specialist type a qualified
        // mediator of tiers 1–4 available (a tier-5 one ranks below it; the unqualified are out); for
        // another type one of tier 1 or 2 (the township's, tier 3, rank below).
        const decided = full.has(c.id) || (top !== undefined && (isSpecialistType(c.dispute_type, rule) ? top.match > 0 : top.fact.tier <= 2));
        return { top, advice: r.advice, decided };
      };
      // Cases the lean pool cannot decide even before anything is allocated (capacity only shrinks as the
      // batch goes, so they stay undecided) get their full pool now, all in one query.
      const undecided = pending.filter((c) => !unlocated.has(c.id) && !pick(c).decided).map((c) => c.id);
      if (undecided.length) await fetchPools(undecided, false);
      opts.onPhase?.('read');
      const done: { case_id: number; version: number; mediator_id: number; mediator_name: string; previous_mediator_id: number | null; from_status: string; tier: AssignmentTier; distance_m: number | null }[] = [];
      for (const c of pending) {
        if (unlocated.has(c.id)) {
          report.left.push({ case_id: c.id, reason: 'outside_district', message: '案件位置不在本区范围内，请核对位置后手动分派' });
          continue;
        }
        let { top, advice, decided } = pick(c);
        if (!decided) {
          // The full pool, for this case and the later ones of its township (they are likely to need it too).
          const township = townshipOf.get(c.id);
          const later = pending.slice(pending.indexOf(c)).filter((x) => x.id === c.id || (!full.has(x.id) && townshipOf.get(x.id) === township)).map((x) => x.id);
          await fetchPools(later, false);
          ({ top, advice } = pick(c));
        }
        if (!top) {
          report.left.push({ case_id: c.id, reason: 'no_eligible_mediator', message: advice ?? '' });
          continue;
        }
        const id = top.fact.mediator_id;
        const m = meds.get(id)!;
        m.open++;
        done.push({
          case_id: c.id, version: c.version, mediator_id: id, mediator_name: m.name, previous_mediator_id: c.mediator_id,
          from_status: c.status, tier: top.fact.tier, distance_m: top.distance_m,
        });
        report.assigned.push({ case_id: c.id, mediator_id: id, tier: top.fact.tier });
      }
      opts.onPhase?.('decide');
      if (done.length) {
        const [w] = await runSql<{ updated: number[] }>(trx, 'batch-write', {
          rows: JSON.stringify(done), deadline_days: opts.deadlineDays, actor_id: actor.id, actor_name: actor.username,
        });
        if (w!.updated.length !== done.length) {
          const got = new Set(w!.updated);
          throw versionConflict(done.find((d) => !got.has(d.case_id))!.case_id);
        }
        await notifyAssigned(trx, done);
      }
      opts.onPhase?.('write');
    }
    report.counts.assigned = report.assigned.length;
    report.counts.left = report.left.length;
    if (opts.numbering) await numberUnnumbered(trx, report.assigned.map((a) => a.case_id), opts.numbering);
    await onDone(trx, report);
    return report;
  });
}
