// The backlog batch (POST /api/assign/batch): every pending case the actor reaches, oldest first, takes
// its top candidate by the one rule (rule.ts rank), in ONE transaction. The facts come from the read
// model (model.ts: the same locate, pools, tiers, distances and open counts as a preview); the database
// still decides:
//   1. read   the pending cases (one query: id, version, point, type) — the only facts not in the model;
//   2. allocate in memory, oldest first: the model's facts with the cases given so far added to the
//             open counts (`taken`), so no mediator goes over capacity and a later case sees the places
//             earlier ones took; a lean pool first (no tier 5, of tiers 3 and 4 only the qualified), the
//             full pool only when the lean one cannot decide;
//   3. lock   the cases it assigns, then the mediators it assigns to (FOR UPDATE, id order, one statement
//             each: the order of a single assignment, case then mediator, so the two never deadlock),
//             then re-check from the database (one statement, db/sql/batch-recheck.sql, a snapshot after
//             the lock): each
//             mediator's status, capacity and open cases must be the model's, each case still pending at
//             the version read; a case whose facts changed is left pending (`facts_changed`), never
//             assigned on stale facts. If the registry (service areas, qualification, locations) changed
//             since the model was taken, the transaction is given up and the batch runs again on a fresh
//             model (at most twice more; then 409 `dispatch_busy`);
//   4. write  ONE statement (db/sql/batch-write.sql), which again updates a case only at its version, and
//             gives a case without a number the one taken for it just before (case-numbers.ts
//             takeNumbers: the cases are locked, so every number taken is written - no gap).
// A stale model can cost a case a retry (the next batch), never a wrong assignment. The same result as the
// case-by-case reference on SQL (server/test/dispatch-oracle.ts; server/test/dispatch-batch.test.ts).
import type { Knex } from '../../db/types.ts';
import type { AssignmentTier, BatchReport } from '../../contract/cases.ts';
import { runSql } from '../../db/sql.ts';
import { HttpError } from '../../errors.ts';
import { ASSIGNMENT_RULE, isSpecialistType, type AssignmentRule } from '../assignment-rule.ts';
import { whereReachable } from '../case-scope.ts';
import { numberArrays, takeNumbers, type CaseNumber, type Numbering } from '../case-numbers.ts';
import type { Actor } from '../masking.ts';
import { notifyAssigned } from '../notifications/notify.ts';
import { dispatchModel, transactionId, type DispatchModel, type OpenChange } from './model.ts';
import { rank } from './rule.ts';
import type { DisputeType } from '../../contract/vocab.ts';

export type BatchPhase = 'read' | 'allocate' | 'lock' | 'write';

export interface BatchOptions {
  limit?: number;
  /** Only these cases (still: pending and in the actor's reach), e.g. a bulk intake's; absent: the whole backlog. */
  caseIds?: number[];
  deadlineDays: number;
  /** Cases entering the court's flow get their case numbers (services/case-numbers.ts). */
  numbering?: Numbering;
  /** Called as each phase ends (the benchmark times them). */
  onPhase?: (phase: BatchPhase) => void;
  /** The read model to allocate on; absent: this database's (dispatchModel), brought up to date first. */
  model?: DispatchModel;
}

type OpenDelta = Map<number, number>;

const OUTSIDE = '案件位置不在本区范围内，请核对位置后手动分派';
const CHANGED = '分派期间该案件或所选调解员的情况有变化（他人分派、状态或容量调整），本次未分派，请重新批量分派或手动分派';

class StaleRegistry extends Error {}

export interface Pending { id: number; version: number; mediator_id: number | null; dispute_type: DisputeType; lng: number; lat: number; location_precision: string; village_code: string | null }
export interface Pick { c: Pending; mediator_id: number; tier: AssignmentTier; distance_m: number | null }

/**
 * Runs the batch; `onDone` writes the audit row in the same transaction. Returns the report and what the
 * committed batch changed in the open counts (preview.ts afterDispatchCommit applies it to the model).
 */
export async function runBatch(
  knex: Knex,
  actor: Actor,
  opts: BatchOptions,
  onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>,
  rule: AssignmentRule = ASSIGNMENT_RULE,
): Promise<{ report: BatchReport; change: OpenChange }> {
  for (let attempt = 0; ; attempt++) {
    const model = attempt === 0 && opts.model ? opts.model : await dispatchModel(knex).refresh();
    try {
      return await knex.transaction((trx) => once(trx, model, actor, opts, onDone, rule));
    } catch (e) {
      if (!(e instanceof StaleRegistry)) throw e;
      if (attempt >= 2) throw new HttpError(409, 'dispatch_busy', '调解员名册或网格正在修改，批量分派未执行，请稍后重试');
    }
  }
}

async function once(trx: Knex.Transaction, model: DispatchModel, actor: Actor, opts: BatchOptions, onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>, rule: AssignmentRule) {
  const q = whereReachable(trx('cases as c'), actor).where('c.status', 'pending');
  if (opts.caseIds) q.whereRaw('c.id = ANY (CAST(? AS int[]))', [`{${opts.caseIds.map((x) => Math.trunc(x)).join(',')}}`]);
  const pending = (await q
    .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }])
    .limit(opts.limit ?? 10_000)
    .select('c.id', 'c.version', 'c.mediator_id', 'c.dispute_type', trx.raw('ST_X(c.location) AS lng'), trx.raw('ST_Y(c.location) AS lat'), 'c.location_precision', 'c.village_code')) as Pending[];
  opts.onPhase?.('read');
  const report: BatchReport = { assigned: [], left: [], counts: { pending: pending.length, assigned: 0, left: 0 } };
  const { taken, picks, leftAt } = allocate(model, pending, rule);
  // the open counts the allocation used (this process may apply a commit of its own to the model meanwhile)
  const openUsed = new Map([...taken.keys()].map((id) => [id, model.open.get(id) ?? 0]));
  opts.onPhase?.('allocate');
  let done: Pick[] = [];
  if (picks.length) {
    const medIds = `{${[...taken.keys()].sort((a, b) => a - b).join(',')}}`;
    const caseIds = `{${picks.map((p) => p.c.id).sort((a, b) => a - b).join(',')}}`;
    await trx.raw(`SELECT id FROM cases WHERE id = ANY (CAST(? AS int[])) ORDER BY id FOR UPDATE`, [caseIds]);
    await trx.raw(`SELECT id FROM mediators WHERE id = ANY (CAST(? AS int[])) ORDER BY id FOR UPDATE`, [medIds]);
    const rows = await runSql<{ kind: 'm' | 'c' | 'v'; id: number; status: string; capacity: number; open: number; version: number; unnumbered: boolean; units: string; mediators_v: string }>(
      trx, 'batch-recheck', { mediator_ids: medIds, case_ids: caseIds });
    const v = rows[0]!;
    if (v.units !== model.versions.units || v.mediators_v !== model.versions.mediators) throw new StaleRegistry();
    const changedMed = new Set<number>(taken.keys());
    const sameCase = new Set<number>();
    const unnumbered = new Set<number>();
    const pickOf = new Map(picks.map((p) => [p.c.id, p]));
    for (const r of rows) {
      if (r.kind === 'm') {
        const m = model.mediators.byId.get(r.id);
        const open = openUsed.get(r.id);
        // exactly the facts the allocation used, and room for all the batch gives it
        if (m && r.status === m.status && r.capacity === m.capacity && r.open === open && r.status === 'active' && r.open + taken.get(r.id)! <= r.capacity) changedMed.delete(r.id);
      } else if (r.kind === 'c') {
        const p = pickOf.get(r.id);
        if (p && r.status === 'pending' && r.version === p.c.version) sameCase.add(r.id);
        if (r.unnumbered) unnumbered.add(r.id);
      }
    }
    done = picks.filter((p) => sameCase.has(p.c.id) && !changedMed.has(p.mediator_id));
    opts.onPhase?.('lock');
    if (done.length) {
      // the numbers, oldest first (`done` is in the order read), taken once for the cases without one
      const need = opts.numbering ? done.filter((d) => unnumbered.has(d.c.id)) : [];
      const numbers = need.length ? await takeNumbers(trx, need.length, opts.numbering!) : [];
      const numberOf = new Map<number, CaseNumber>(need.map((d, i) => [d.c.id, numbers[i]!]));
      const arr = (xs: (number | null)[]) => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;
      const [w] = await runSql<{ updated: number[] }>(trx, 'batch-write', {
        case_ids: arr(done.map((d) => d.c.id)), versions: arr(done.map((d) => d.c.version)), mediator_ids: arr(done.map((d) => d.mediator_id)),
        previous: arr(done.map((d) => d.c.mediator_id)), tiers: arr(done.map((d) => d.tier)), distances: arr(done.map((d) => d.distance_m)),
        ...numberArrays(done.map((d) => numberOf.get(d.c.id) ?? null)),
        deadline_days: opts.deadlineDays, actor_id: actor.id, actor_name: actor.username,
      });
      const updated = new Set(w!.updated);
      // the cases are locked and re-checked: each is updated; a number taken and not written would be a gap
      if (need.some((d) => !updated.has(d.c.id))) throw new Error('batch: a numbered case was not written (locked and re-checked before)');
      done = done.filter((d) => updated.has(d.c.id));
      await notifyAssigned(trx, done.map((d) => ({ case_id: d.c.id, mediator_id: d.mediator_id, previous_mediator_id: d.c.mediator_id })));
    }
    const kept = new Set(done.map((d) => d.c.id));
    for (const p of picks) if (!kept.has(p.c.id)) leftAt.set(p.c.id, { case_id: p.c.id, reason: 'facts_changed', message: CHANGED });
  }
  opts.onPhase?.('write');
  const assignedAt = new Map(done.map((d) => [d.c.id, d]));
  for (const c of pending) {
    const d = assignedAt.get(c.id);
    if (d) report.assigned.push({ case_id: c.id, mediator_id: d.mediator_id, tier: d.tier });
    else report.left.push(leftAt.get(c.id)!);
  }
  report.counts.assigned = report.assigned.length;
  report.counts.left = report.left.length;
  await onDone(trx, report);
  const delta: OpenDelta = new Map();
  for (const d of done) {
    delta.set(d.mediator_id, (delta.get(d.mediator_id) ?? 0) + 1);
    if (d.c.mediator_id !== null) delta.set(d.c.mediator_id, (delta.get(d.c.mediator_id) ?? 0) - 1);
  }
  return { report, change: { xid: await transactionId(trx), delta } };
}

/**
 * Step 2, in memory: each case, oldest first, its top candidate by `rank` on the model's facts with the
 * cases given so far added to the open counts (`taken`). Exported for server/bench/batch-allocate.ts.
 */
export function allocate(model: DispatchModel, pending: Pending[], rule: AssignmentRule = ASSIGNMENT_RULE): { taken: OpenDelta; picks: Pick[]; leftAt: Map<number, BatchReport['left'][number]> } {
  const taken: OpenDelta = new Map();
  const picks: Pick[] = [];
  const leftAt = new Map<number, BatchReport['left'][number]>();
  for (const c of pending) {
    // A village-only case is ranked by its village (its whole pool: tiers 2–4, no distances), as its candidates are.
    const byVillage = c.location_precision === 'village' && c.village_code !== null;
    let r = rank(byVillage ? model.villageFacts(c.village_code!, c.dispute_type, rule, { taken }) : model.facts(c.lng, c.lat, c.dispute_type, rule, { taken, neighbours: false, lean: true, estimate: true }), c.dispute_type, rule, { limit: 1 });
    // A part of the pool decides only when what it lacks cannot win (a nearer tier outranks any farther
    // one: the tier weight is above all the others together). The lean pool: for a specialist type a
    // qualified mediator of tiers 1–4 (a tier-5 one ranks below, the unqualified are out); for a common
    // type one of tier 1 or 2. Then, for a common type, tiers 1–3 without the nearby (tier 5 ranks below
    // the township's). Else the full pool, as a preview has it. Distances are estimated as in a preview
    // (model.ts `estimate`): rank works out exactly only those that can decide the top candidate.
    const specialist = isSpecialistType(c.dispute_type, rule);
    let top = r.outcome === 'outside_district' ? undefined : r.candidates[0];
    if (!byVillage && r.outcome !== 'outside_district' && !(top && (specialist ? top.match > 0 : top.fact.tier <= 2))) {
      if (!specialist) r = rank(model.facts(c.lng, c.lat, c.dispute_type, rule, { taken, neighbours: false, nearby: false, estimate: true }), c.dispute_type, rule, { limit: 1 });
      top = r.outcome === 'outside_district' ? undefined : r.candidates[0];
      if (specialist || !top) r = rank(model.facts(c.lng, c.lat, c.dispute_type, rule, { taken, neighbours: false, estimate: true }), c.dispute_type, rule, { limit: 1 });
    }
    if (r.outcome === 'outside_district') { leftAt.set(c.id, { case_id: c.id, reason: 'outside_district', message: OUTSIDE }); continue; }
    top = r.candidates[0];
    if (!top) { leftAt.set(c.id, { case_id: c.id, reason: 'no_eligible_mediator', message: r.advice ?? '' }); continue; }
    const id = top.fact.mediator_id;
    taken.set(id, (taken.get(id) ?? 0) + 1);
    picks.push({ c, mediator_id: id, tier: top.fact.tier, distance_m: top.distance_m });
  }
  return { taken, picks, leftAt };
}

/**
 * The backlog batch as before (signature kept): `batchAssign(knex, actor, { limit?, caseIds?, deadlineDays,
 * numbering?, onPhase?, model? }, onDone, rule?)` → the report. The route goes through
 * preview.ts backlogBatch, which also brings this process's model up to date.
 */
export async function batchAssign(
  knex: Knex,
  actor: Actor,
  opts: BatchOptions,
  onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>,
  rule: AssignmentRule = ASSIGNMENT_RULE,
): Promise<BatchReport> {
  return (await runBatch(knex, actor, opts, onDone, rule)).report;
}
