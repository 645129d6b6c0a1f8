// Ranking mediators for a point (preview, a case's candidates) and assigning cases, one by one or
// as the backlog batch. The rule is services/assignment-rule.ts; the SQL is db/sql/candidates.sql.
import type { Knex } from 'knex';
import { runPrepared } from '../db/prepared.ts';
import { runSql } from '../db/sql.ts';
import type { AssignmentTier, BatchReport, BoundaryWarning, Candidate, Excluded, ExclusionReason, LocatedUnits, PreviewAnswer, ServiceArea } from '../contract/cases.ts';
import type { DisputeType } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import {
  ASSIGNMENT_RULE, candidateReasons, exclusionText, formatDistance, isSpecialistType, noEligibleAdvice, ruleParams, tierLabel, type AssignmentRule,
} from './assignment-rule.ts';
import { SLIVER_TOLERANCE_M } from './locate.ts';
import type { Actor } from './masking.ts';
import { notifyAssigned } from './notifications/notify.ts';

type Db = Knex | Knex.Transaction;

export interface CandidatesRow {
  located: {
    grid_code: string; grid_name: string; village_code: string; village_name: string;
    township_code: string; township_name: string; tribunal_id: number | null; tribunal_name: string | null;
  } | null;
  candidates: {
    mediator_id: number; name: string; kind: string; organisation: string | null; organisation_industry: string | null;
    specialties: string[]; tier: AssignmentTier; match: 0 | 1 | 2; fallback: boolean; distance_m: number | null;
    open_cases: number; capacity: number; score: number; unit_name: string | null;
    location: { type: 'Point'; coordinates: [number, number] } | null;
    service_areas: ServiceArea[];
  }[];
  excluded: { mediator_id: number; name: string; tier: AssignmentTier; reason: ExclusionReason; open_cases: number; capacity: number }[];
  neighbours: { code: string; name: string; village_code: string; village_name: string; township_code: string; township_name: string; distance_m: number }[];
}

/**
 * The candidates SQL for a WGS84 point, unformatted: one round trip. Exported for the benchmark
 * (server/bench/), which times it against the HTTP preview that wraps it.
 */
export async function candidatesRaw(db: Db, lng: number, lat: number, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): Promise<CandidatesRow> {
  const [row] = await runPrepared<CandidatesRow>(db, 'candidates', { lng, lat, sliver_m: SLIVER_TOLERANCE_M, ...ruleParams(type, rule) });
  return row!;
}

function boundaryWarning(row: CandidatesRow): BoundaryWarning | undefined {
  const here = row.located!;
  if (!row.neighbours.length) return undefined;
  const out: BoundaryWarning['neighbours'] = [];
  const seen = new Set<string>();
  const add = (level: 'grid' | 'village' | 'township', code: string, name: string, d: number) => {
    if (seen.has(`${level}:${code}`)) return;
    seen.add(`${level}:${code}`);
    out.push({ level, code, name, distance_m: d });
  };
  for (const n of row.neighbours) {
    add('grid', n.code, n.name, n.distance_m);
    if (n.village_code !== here.village_code) add('village', n.village_code, n.village_name, n.distance_m);
    if (n.township_code !== here.township_code) add('township', n.township_code, n.township_name, n.distance_m);
  }
  const near = out.filter((n) => n.level !== 'grid' || !out.some((o) => o.level === 'village' && n.code.startsWith(o.code)));
  const list = near.map((n) => `${n.name}（约 ${formatDistance(n.distance_m)}）`).join('、');
  return {
    message: `该位置靠近边界，距相邻的${list}不足 ${ASSIGNMENT_RULE.boundary_warning_m} 米：请核实纠纷发生地属于${here.grid_name}（${here.village_name}）还是相邻单元`,
    neighbours: out,
  };
}

export function locatedUnits(l: NonNullable<CandidatesRow['located']>): LocatedUnits {
  return {
    township: { code: l.township_code, name: l.township_name },
    village: { code: l.village_code, name: l.village_name },
    grid: { code: l.grid_code, name: l.grid_name },
    tribunal: l.tribunal_id === null ? null : { id: l.tribunal_id, name: l.tribunal_name ?? '' },
  };
}

export const OUTSIDE_ADVICE = '该位置不在浉河区范围内：请核对坐标（高德、腾讯地图的坐标须选择 GCJ-02 坐标系）或改用地址定位；辖区外的纠纷请告知当事人向属地法院或调解组织申请。';

/** The ranking for a point and a type, as the API answers it. */
export async function rankForPoint(db: Db, lng: number, lat: number, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE): Promise<PreviewAnswer> {
  const row = await candidatesRaw(db, lng, lat, type, rule);
  if (!row.located) return { outcome: 'outside_district', lng, lat, candidates: [], excluded: [], advice: OUTSIDE_ADVICE };
  const candidates: Candidate[] = row.candidates.map((c) => ({
    mediator_id: c.mediator_id,
    name: c.name,
    kind: c.kind,
    organisation: c.organisation,
    tier: c.tier,
    tier_label: tierLabel(c.tier),
    distance_m: c.distance_m,
    open_cases: c.open_cases,
    capacity: c.capacity,
    score: c.score,
    specialty_match: c.match,
    reasons: candidateReasons(c, type, rule),
    location: c.location,
    service_areas: c.service_areas,
  }));
  const excluded: Excluded[] = row.excluded.map((e) => ({
    mediator_id: e.mediator_id, name: e.name, tier: e.tier, reason: e.reason, reason_text: exclusionText(e.reason, e, type),
  }));
  const warning = boundaryWarning(row);
  return {
    outcome: candidates.length ? 'candidates' : 'no_eligible_mediator',
    lng, lat, dispute_type: type,
    located: locatedUnits(row.located),
    candidates,
    excluded,
    ...(warning ? { boundary_warning: warning } : {}),
    ...(candidates.length ? {} : { advice: noEligibleAdvice(type, excluded.length, rule) }),
  };
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

/** Postgres rounds `float8::numeric` at 15 significant digits, then half away from zero. */
const round1 = (x: number) => Math.round(Number((x * 10).toPrecision(15))) / 10;

/**
 * The backlog batch, set-based: every pending case (of the actor's scope), oldest first, takes its
 * top eligible candidate, in ONE transaction. The pending cases are locked (FOR UPDATE); the
 * candidate pools of all of them come from one query (db/sql/batch-pool.sql); the mediators of the
 * pools are locked once (FOR UPDATE, in id order) and their open cases counted after the lock; then
 * the cases are allocated oldest first in memory by the rule of candidates.sql (eligibility, the
 * specialist rule, score, ties), with a counter per mediator, so capacity holds exactly and a
 * mediator filled by an earlier case is not offered to a later one. The lean pool (batch-pool.sql) is
 * fetched for all cases; the full pool at once for those it cannot decide before allocation, and case
 * by case (with the later cases of the township) for those filled out during it. The cases,
 * assignments and events are written by one statement (db/sql/batch-write.sql). Same result as the
 * case-by-case reference server/test/dispatch-oracle.ts.
 */
export async function batchAssign(
  knex: Knex,
  actor: Actor,
  opts: { limit?: number; scope: number | null; deadlineDays: number; /** Called as each phase ends (the benchmark times them). */ onPhase?: (phase: 'read' | 'decide' | 'write') => void },
  onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>,
  rule: AssignmentRule = ASSIGNMENT_RULE,
): Promise<BatchReport> {
  return knex.transaction(async (trx) => {
    const pending = (await trx.raw(
      `SELECT id, version, status, mediator_id, dispute_type, township_code
       FROM cases
       WHERE status = 'pending' AND (CAST(? AS int) IS NULL OR tribunal_id = CAST(? AS int))
       ORDER BY created_at, id
       LIMIT ?
       FOR UPDATE`,
      [opts.scope, opts.scope, opts.limit ?? 10_000],
    )).rows as (Pick<CaseLockRow, 'id' | 'version' | 'status' | 'mediator_id' | 'dispute_type'> & { township_code: string | null })[];
    const townshipOf = new Map(pending.map((c) => [c.id, c.township_code]));
    const report: BatchReport = { assigned: [], left: [], counts: { pending: pending.length, assigned: 0, left: 0 } };
    if (pending.length) {
      // JIT compiling this one query costs more than running it (PostgreSQL; a no-op on PGlite).
      await trx.raw(`SELECT set_config('jit', 'off', true)`);
      type PoolEntry = { mediator_id: number; tier: AssignmentTier; match: number; distance_m: number | null };
      const pools = new Map<number, PoolEntry[]>();
      const full = new Set<number>();
      const unlocated = new Set<number>();
      const meds = new Map<number, { name: string; status: string; capacity: number; open: number }>();
      /** The pools of these cases (lean or full); the new mediators locked (id order) and counted after the lock. */
      const fetchPools = async (ids: number[], lean: boolean) => {
        const rows = await runSql<{ case_id: number; located: boolean; mediator_id: number | null; tier: AssignmentTier; match: number; distance_m: number | null }>(trx, 'batch-pool', {
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
          pools.get(r.case_id)!.push({ mediator_id: r.mediator_id!, tier: r.tier, match: r.match, distance_m: r.distance_m === null ? null : Number(r.distance_m) });
          if (!meds.has(r.mediator_id!)) fresh.add(r.mediator_id!);
        }
        if (!fresh.size) return;
        const idList = `{${[...fresh].sort((a, b) => a - b).join(',')}}`;
        for (const m of (await trx.raw(`SELECT id, name, status, capacity FROM mediators WHERE id = ANY (CAST(? AS int[])) ORDER BY id FOR UPDATE`, [idList])).rows as { id: number; name: string; status: string; capacity: number }[]) {
          meds.set(m.id, { name: m.name, status: m.status, capacity: m.capacity, open: 0 });
        }
        // Counted after the lock (a new snapshot): a concurrent assignment has committed or waits. A
        // mediator new here is in no pool fetched before, so the batch has not given it a case yet.
        for (const r of (await trx.raw(
          `SELECT mediator_id, count(*)::int AS n FROM cases WHERE mediator_id = ANY (CAST(? AS int[])) AND status IN ('pending', 'assigned', 'mediating') GROUP BY mediator_id`,
          [idList],
        )).rows as { mediator_id: number; n: number }[]) meds.get(r.mediator_id)!.open = r.n;
      };
      await fetchPools(pending.map((c) => c.id), true);
      const W = rule.weights;
      const pick = (c: (typeof pending)[number]) => {
        const specialist = isSpecialistType(c.dispute_type, rule);
        let excluded = 0;
        const available: (PoolEntry & { score: number })[] = [];
        for (const e of pools.get(c.id) ?? []) {
          const m = meds.get(e.mediator_id);
          if (!m) continue;
          if (m.status !== 'active' || m.open >= m.capacity) {
            if (e.tier <= 4) excluded++;
            continue;
          }
          const proximity = Math.max(0, 1 - (e.distance_m ?? rule.distance_scale_m) / rule.distance_scale_m);
          const score = round1(W.tier * (6 - e.tier) + W.specialty * e.match + W.distance * proximity + W.load * (1 - m.open / Math.max(m.capacity, 1)));
          available.push({ ...e, score });
        }
        const anyQualified = available.some((a) => a.match > 0);
        let top: (typeof available)[number] | undefined;
        for (const a of available) {
          if (specialist && anyQualified && a.match === 0) continue;
          if (!top || a.score > top.score || (a.score === top.score && (
            (a.distance_m !== null && (top.distance_m === null || a.distance_m < top.distance_m))
            || (a.distance_m === top.distance_m && a.mediator_id < top.mediator_id)))) top = a;
        }
        // The lean pool decides only when what it lacks cannot win: for a specialist type a qualified
        // mediator of tiers 1–4 available (a tier-5 one ranks below it; the unqualified are out); for
        // another type one of tier 1 or 2 (the township's, tier 3, rank below).
        const decided = full.has(c.id) || (top !== undefined && (specialist ? anyQualified : top.tier <= 2));
        return { top, excluded, decided };
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
        let { top, excluded, decided } = pick(c);
        if (!decided) {
          // The full pool, for this case and the later ones of its township (they are likely to need it too).
          const township = townshipOf.get(c.id);
          const later = pending.slice(pending.indexOf(c)).filter((x) => x.id === c.id || (!full.has(x.id) && townshipOf.get(x.id) === township)).map((x) => x.id);
          await fetchPools(later, false);
          ({ top, excluded } = pick(c));
        }
        if (!top) {
          report.left.push({ case_id: c.id, reason: 'no_eligible_mediator', message: noEligibleAdvice(c.dispute_type, excluded, rule) });
          continue;
        }
        const m = meds.get(top.mediator_id)!;
        m.open++;
        done.push({
          case_id: c.id, version: c.version, mediator_id: top.mediator_id, mediator_name: m.name, previous_mediator_id: c.mediator_id,
          from_status: c.status, tier: top.tier, distance_m: top.distance_m === null ? null : round1(top.distance_m),
        });
        report.assigned.push({ case_id: c.id, mediator_id: top.mediator_id, tier: top.tier });
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
    await onDone(trx, report);
    return report;
  });
}
