// Ranking mediators for a point (preview, a case's candidates) and assigning cases, one by one or
// as the backlog batch. The rule is services/assignment-rule.ts; the SQL is db/sql/candidates.sql.
import type { Knex } from 'knex';
import { runPrepared } from '../db/prepared.ts';
import type { AssignmentTier, BatchReport, BoundaryWarning, Candidate, Excluded, ExclusionReason, LocatedUnits, PreviewAnswer } from '../contract/cases.ts';
import type { DisputeType } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import {
  ASSIGNMENT_RULE, candidateReasons, exclusionText, formatDistance, noEligibleAdvice, ruleParams, tierLabel, type AssignmentRule,
} from './assignment-rule.ts';
import { SLIVER_TOLERANCE_M } from './locate.ts';
import type { Actor } from './masking.ts';

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
    reasons: candidateReasons({ ...c, fallback: c.fallback }, type, rule),
    location: c.location,
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

/**
 * The backlog batch: every pending case (of the actor's scope), oldest first, takes its top eligible
 * candidate, in ONE transaction. Each assignment goes through assignInTrx, so capacity is counted in
 * the database as the batch goes (a mediator filled by an earlier case is not offered to a later one).
 */
export async function batchAssign(
  knex: Knex,
  actor: Actor,
  opts: { limit?: number; scope: number | null; deadlineDays: number },
  onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>,
): Promise<BatchReport> {
  return knex.transaction(async (trx) => {
    const pending = (await trx.raw(
      `SELECT id, version, status, mediator_id, tribunal_id, dispute_type, ST_X(location) AS lng, ST_Y(location) AS lat, assigned_at, deadline_at
       FROM cases
       WHERE status = 'pending' AND (CAST(? AS int) IS NULL OR tribunal_id = CAST(? AS int))
       ORDER BY created_at, id
       LIMIT ?
       FOR UPDATE`,
      [opts.scope, opts.scope, opts.limit ?? 10_000],
    )).rows as CaseLockRow[];
    const report: BatchReport = { assigned: [], left: [], counts: { pending: pending.length, assigned: 0, left: 0 } };
    for (const c of pending) {
      const ranked = await candidatesRaw(trx, c.lng, c.lat, c.dispute_type);
      if (!ranked.located) {
        report.left.push({ case_id: c.id, reason: 'outside_district', message: '案件位置不在本区范围内，请核对位置后手动分派' });
        continue;
      }
      const top = ranked.candidates[0];
      if (!top) {
        report.left.push({ case_id: c.id, reason: 'no_eligible_mediator', message: noEligibleAdvice(c.dispute_type, ranked.excluded.length) });
        continue;
      }
      await assignInTrx(trx, {
        caseRow: c, version: c.version, mediatorId: top.mediator_id, mode: 'batch', reason: null,
        tier: top.tier, distance_m: top.distance_m, actor, deadlineDays: opts.deadlineDays,
      });
      report.assigned.push({ case_id: c.id, mediator_id: top.mediator_id, tier: top.tier });
    }
    report.counts.assigned = report.assigned.length;
    report.counts.left = report.left.length;
    await onDone(trx, report);
    return report;
  });
}
