// The dispatch read model: the facts of the assignment rule in memory, so a preview costs no query.
//   units      grids (polygons, in a flatbush index, for locate.ts), the district outline, the names of
//              villages, townships and tribunals               ← coverage_units_seq
//   mediators  every mediator (status, capacity, qualification, location, service areas), the service
//              areas by (level, code), the active ones with a location in a flatbush index (tier 5 KNN)
//                                                              ← coverage_mediators_seq
//   open       open cases per mediator                         ← coverage_cases_seq
// The counters are the sequences the statement triggers of migrations 10 and 20261201_21 bump on every
// write to those tables (villages, grids, townships, tribunals; mediators, mediator_service_areas,
// organisations; cases). `refresh()` reads them in one query and reloads only the layers whose counter
// moved. The process that commits a dispatch write refreshes right after its commit (the next preview
// sees it); every process also refreshes on a timer (`start`, 250 ms), so a write committed by another
// process is seen within a second. A layer loaded while a writer's statement had bumped its counter but
// not yet committed holds the old data under the new number: the loaded counter is therefore the one read
// BEFORE loading, so the next refresh reloads it.
// The facts are exactly those of db/sql/candidates.sql (tested: server/test/dispatch-agreement.test.ts).
import Flatbush from 'flatbush';
import type { Knex } from '../../db/types.ts';
import { runSql } from '../../db/sql.ts';
import type { AssignmentTier, ServiceArea } from '../../contract/cases.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import { approxM, geodesicReduced, reducedLatitude } from '../coverage/geodesic.ts';
import { ASSIGNMENT_RULE, isSpecialistType, type AssignmentRule } from '../assignment-rule.ts';
import { SLIVER_TOLERANCE_M } from '../locate.ts';
import type { PointFacts, PoolMediator, VillageFacts } from './facts.ts';
import { GridIndex, parseWkb, type GridShape } from './locate.ts';
import { round1, type LocatedFact, type NeighbourFact } from './rule.ts';

type Db = Knex | Knex.Transaction;
export interface Versions { units: string; mediators: string; cases: string }

interface GridInfo extends GridShape { name: string; village_code: string; township_code: string }
interface UnitsLayer {
  index: GridIndex;
  villages: Record<string, string>;
  village_townships: Record<string, string>;
  townships: Record<string, { name: string; tribunal_id: number | null }>;
  tribunals: Record<string, string>;
}
interface Med {
  id: number; name: string; kind: string; status: string; capacity: number; specialties: string[];
  organisation: string | null; industry: string | null; lng: number | null; lat: number | null;
  location: PoolMediator['location']; service_areas: ServiceArea[];
  /** The reduced latitude of the location (geodesic.ts), worked out once at load; null without one. */
  reduced: [number, number] | null;
}
/** The point a preview measures from, its reduced latitude worked out once; `estimate`: distances estimated (approxM). */
interface Here { lng: number; lat: number; reduced: [number, number]; estimate: boolean }

/**
 * How far approxM can be from the exact distance: measured at most 2.1e-6 × d over 3 million pairs up to
 * 90 km apart at the district's latitudes (its error is of second order in the span, about
 * (Δλ·sin φ)² / 24); 1e-4 × d + 1 cm leaves a margin of 50. Beyond 100 km no estimate is trusted.
 */
export const estimateError = (d: number) => (d < 100_000 ? 1e-4 * d + 0.01 : Infinity);
interface MediatorsLayer {
  byId: Map<number, Med>;
  /** `${level}:${code}` → mediator ids. */
  byArea: Map<string, number[]>;
  /** Active mediators with a location, indexed by position in `active`. */
  active: Med[];
  tree: Flatbush | null;
}

/**
 * A turn of the event loop, taken every 2,000 rows of a build: the other routes answer while the model is
 * built (at province scale the loops below ran 4–5 s without a break; server/bench/start-model.ts).
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function loadUnits(knex: Db): Promise<UnitsLayer> {
  const rows = await runSql<{ kind: string; code: string; name: string; village_code: string; township_code: string; wkb: Uint8Array }>(knex, 'dispatch-model-grids', {});
  const grids: GridInfo[] = [];
  const district = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % 2000 === 1999) await turn();
    const r = rows[i]!;
    const shape = parseWkb(r.wkb);
    if (r.kind === 'district') district.push(shape);
    else grids.push({ code: r.code, shape, name: r.name, village_code: r.village_code, township_code: r.township_code });
  }
  const [p] = await runSql<Omit<UnitsLayer, 'index'>>(knex, 'dispatch-model-places', {});
  return { index: new GridIndex(grids, district), ...p! };
}

async function loadMediators(knex: Db): Promise<MediatorsLayer> {
  const rows = await runSql<Med>(knex, 'dispatch-model-mediators', {});
  const byId = new Map<number, Med>();
  const byArea = new Map<string, number[]>();
  const active: Med[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % 2000 === 1999) await turn();
    const m = rows[i]!;
    m.reduced = m.lat === null ? null : reducedLatitude(m.lat);
    byId.set(m.id, m);
    for (const s of m.service_areas) {
      const k = `${s.level}:${s.code}`;
      const list = byArea.get(k);
      if (list) list.push(m.id); else byArea.set(k, [m.id]);
    }
    if (m.status === 'active' && m.lng !== null && m.lat !== null) active.push(m);
  }
  let tree: Flatbush | null = null;
  if (active.length) {
    tree = new Flatbush(active.length);
    for (const m of active) tree.add(m.lng!, m.lat!, m.lng!, m.lat!);
    tree.finish();
  }
  return { byId, byArea, active, tree };
}

/** A PostgreSQL snapshot (`pg_current_snapshot()`): which transactions a read saw as committed. */
export interface Snapshot { xmin: bigint; xmax: bigint; xip: Set<bigint> }
export function parseSnapshot(text: string): Snapshot {
  const [xmin, xmax, xip] = text.split(':');
  return { xmin: BigInt(xmin!), xmax: BigInt(xmax!), xip: new Set(xip ? xip.split(',').map((x) => BigInt(x)) : []) };
}
/** Did a read with snapshot `s` see transaction `xid` (committed)? */
export const sees = (s: Snapshot, xid: bigint) => xid < s.xmin || (xid < s.xmax && !s.xip.has(xid));

/** What a committed dispatch write changed in the open counts: its transaction and the change per mediator. */
export interface OpenChange { xid: string; delta: Map<number, number> }

/** Inside a write's transaction: its id, for applyOpen after the commit. */
export async function transactionId(trx: Knex.Transaction): Promise<string> {
  return ((await trx.raw(`SELECT pg_current_xact_id()::text AS xid`)).rows[0] as { xid: string }).xid;
}

export interface OpenLayer { counts: Map<number, number>; snap: Snapshot }

async function loadOpen(knex: Db): Promise<OpenLayer> {
  const rows = await runSql<{ mediator_id: number | null; n: number; snap: string }>(knex, 'dispatch-model-open', {});
  const counts = new Map<number, number>();
  for (const r of rows) if (r.mediator_id !== null) counts.set(r.mediator_id, r.n);
  return { counts, snap: parseSnapshot(rows[0]!.snap) };
}

export async function readVersions(knex: Db): Promise<Versions> {
  return (await knex.raw(`SELECT
    (SELECT last_value || '/' || is_called FROM coverage_units_seq) AS units,
    (SELECT last_value || '/' || is_called FROM coverage_mediators_seq) AS mediators,
    (SELECT last_value || '/' || is_called FROM coverage_cases_seq) AS cases`)).rows[0] as Versions;
}

/** One consistent set of layers; facts() is synchronous and allocation-light. */
export class DispatchModel {
  constructor(readonly versions: Versions, readonly units: UnitsLayer, readonly mediators: MediatorsLayer, readonly openLayer: OpenLayer) {}

  /**
   * Open cases per mediator. Changed in place by the holder's applyOpen when this process commits a
   * dispatch write (facts() is synchronous, so no ranking sees half a change).
   */
  get open(): Map<number, number> { return this.openLayer.counts; }
  /** The snapshot the open counts were read in. */
  get openSnapshot(): Snapshot { return this.openLayer.snap; }

  /**
   * The facts of candidates.sql for a WGS84 point and a dispute type, from memory. The backlog batch
   * (batch.ts) passes `opts.taken` (the cases it has given each mediator so far, added to the open
   * counts), `opts.neighbours: false` (it gives no boundary warning) and first `opts.lean` — only what
   * decides a case while its nearer tiers have room: tiers 1 and 2 and, for a specialist type, the
   * qualified of tiers 3 and 4 (rank drops the unqualified of tier 4 in any pool); no tier 5 (batch.ts
   * asks for the full pool when these leave it undecided). `opts.nearby: false`: no tier 5 (the batch's
   * second pass for a common type, whose township's mediators outrank any nearby one).
   * `opts.estimate` (the preview): the distances estimated (approxM), `estimate` giving the exact one on
   * demand, so rank works out only those it shows (rule.ts).
   */
  facts(lng: number, lat: number, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE, opts: { taken?: Map<number, number>; neighbours?: boolean; lean?: boolean; nearby?: boolean; estimate?: boolean } = {}): PointFacts {
    const g = this.units.index.locate(lng, lat, SLIVER_TOLERANCE_M) as GridInfo | null;
    if (!g) return { located: null, pool: [], neighbours: [] };
    const t = this.units.townships[g.township_code]!;
    const located: LocatedFact = {
      grid_code: g.code, grid_name: g.name, village_code: g.village_code, village_name: this.units.villages[g.village_code]!,
      township_code: g.township_code, township_name: t.name, tribunal_id: t.tribunal_id,
      tribunal_name: t.tribunal_id === null ? null : (this.units.tribunals[String(t.tribunal_id)] ?? null),
    };
    const specialist = isSpecialistType(type, rule);
    const here: Here = { lng, lat, reduced: reducedLatitude(lat), estimate: opts.estimate === true };
    const pool = this.responsible(located, specialist, here, type, opts);
    // tier 5: the nearby_limit nearest (in degrees, as KNN `<->`) other active mediators in the box of candidates.sql
    const { active, tree } = this.mediators;
    if (tree && !opts.lean && opts.nearby !== false) {
      const dx = rule.radius_m / (110000 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
      const dy = rule.radius_m / 110000;
      for (const i of tree.neighbors(lng, lat, rule.nearby_limit, Math.hypot(dx, dy), (i) => {
        const m = active[i]!;
        if (pool.has(m.id)) return false; // (neighbors() filters before it returns: the pool is still tiers 1–4)
        if (Math.abs(m.lng! - lng) > dx || Math.abs(m.lat! - lat) > dy) return false;
        return !specialist || m.specialties.includes(type) || m.industry === type;
      })) {
        const m = active[i]!;
        pool.set(m.id, this.fact(m, 5, null, here, opts.taken));
      }
    }
    const neighbours: NeighbourFact[] = opts.neighbours === false ? [] : this.units.index.within(lng, lat, rule.boundary_warning_m, g.code)
      .sort((a, b) => a.d - b.d || (a.grid.code < b.grid.code ? -1 : 1))
      .map(({ grid, d }) => {
        const n = grid as GridInfo;
        return {
          code: n.code, name: n.name, village_code: n.village_code, village_name: this.units.villages[n.village_code]!,
          township_code: n.township_code, township_name: this.units.townships[n.township_code]!.name, distance_m: round1(d),
        };
      });
    const facts: PointFacts = { located, pool: [...pool.values()].sort((a, b) => a.mediator_id - b.mediator_id), neighbours };
    if (here.estimate) {
      const byId = this.mediators.byId;
      const exactly: Here = { ...here, estimate: false };
      facts.estimate = { error: estimateError, exact: (f) => distanceOf(byId.get(f.mediator_id)!, exactly)! };
    }
    return facts;
  }

  /**
   * The facts of candidates-village.sql for a village code (a dispute known only to its village), from
   * memory; the backlog batch passes `opts.taken` (a village-only case, batch.ts), as for facts().
   */
  villageFacts(villageCode: string, type: DisputeType, rule: AssignmentRule = ASSIGNMENT_RULE, opts: { taken?: Map<number, number> } = {}): VillageFacts {
    const name = this.units.villages[villageCode];
    const tc = this.units.village_townships[villageCode];
    const t = tc === undefined ? undefined : this.units.townships[tc];
    if (name === undefined || tc === undefined || !t) return { located: null, pool: [] };
    const located: LocatedFact = {
      grid_code: null, grid_name: null, village_code: villageCode, village_name: name, township_code: tc, township_name: t.name,
      tribunal_id: t.tribunal_id, tribunal_name: t.tribunal_id === null ? null : (this.units.tribunals[String(t.tribunal_id)] ?? null),
    };
    const pool = this.responsible(located, isSpecialistType(type, rule), null, type, { taken: opts.taken });
    return { located, pool: [...pool.values()].sort((a, b) => a.mediator_id - b.mediator_id) };
  }

  /**
   * Tiers 1–4 (tier 1 only with a grid), each mediator once at its nearest tier; distances from the point (none without).
   * `opts.lean` (the batch's first pass): of the township's and the district's mediators only the qualified of a specialist type;
   * `opts.taken` added to the open counts.
   */
  private responsible(located: LocatedFact, specialist: boolean, here: Here | null, type: DisputeType, opts: { taken?: Map<number, number>; lean?: boolean }): Map<number, PoolMediator> {
    const { byId, byArea } = this.mediators;
    const pool = new Map<number, PoolMediator>();
    const add = (id: number, tier: AssignmentTier, unit: string | null) => {
      if (pool.has(id)) return;
      const m = byId.get(id);
      if (m) pool.set(id, this.fact(m, tier, unit, here, opts.taken));
    };
    if (located.grid_code !== null) for (const id of byArea.get(`grid:${located.grid_code}`) ?? []) add(id, 1, located.grid_name);
    for (const id of byArea.get(`village:${located.village_code}`) ?? []) add(id, 2, located.village_name);
    const unqualified = (id: number) => { const m = byId.get(id); return !m || !(m.industry === type || m.specialties.includes(type)); };
    for (const id of byArea.get(`township:${located.township_code}`) ?? []) {
      if (opts.lean && (!specialist || unqualified(id))) continue;
      add(id, 3, located.township_name);
    }
    if (specialist) for (const id of byArea.get(`district:${located.township_code.slice(0, 6)}000000`) ?? []) if (!opts.lean || !unqualified(id)) add(id, 4, null);
    return pool;
  }

  private fact(m: Med, tier: AssignmentTier, unit: string | null, here: Here | null, taken?: Map<number, number>): PoolMediator {
    return {
      mediator_id: m.id, name: m.name, kind: m.kind, status: m.status, organisation: m.organisation, organisation_industry: m.industry,
      specialties: m.specialties, tier, unit_name: unit,
      distance_m: distanceOf(m, here),
      open_cases: (this.open.get(m.id) ?? 0) + (taken?.get(m.id) ?? 0), capacity: m.capacity, location: m.location, service_areas: m.service_areas,
    };
  }
}

/**
 * Distance: Vincenty on the spheroid (geodesic.ts geodesicM, the reduced latitudes kept), none without both
 * points; with `here.estimate`, approxM (estimateError says how far it can be from the Vincenty figure).
 */
function distanceOf(m: Med, here: Here | null): number | null {
  if (m.lng === null || m.lat === null || m.reduced === null || here === null) return null;
  if (m.lng === here.lng && m.lat === here.lat) return 0;
  return here.estimate ? approxM(here.lng, here.lat, m.lng, m.lat) : geodesicReduced(here.lng, here.reduced, m.lng, m.reduced);
}

/** Keeps one process's model current: built once, then only the layers whose counter moved. */
export class DispatchModelHolder {
  private model: DispatchModel | null = null;
  private running: Promise<DispatchModel> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** How long the last full build took (ms), for the benchmark and the log. */
  buildMs = 0;
  /** Open-count changes this process committed that a load's snapshot may not have seen (applyOpen). */
  private recent: { xid: bigint; delta: Map<number, number> }[] = [];

  constructor(private readonly knex: Db) {}

  /** The model as it is now (null before the first build ends): previews use it without waiting. */
  get current(): DispatchModel | null { return this.model; }

  /**
   * Brings the model up to date with what is committed now (a refresh running is followed by another,
   * so a caller that committed before calling sees its write).
   */
  refresh(): Promise<DispatchModel> {
    if (this.running) {
      return this.running.then(() => this.refresh());
    }
    this.running = this.load().finally(() => { this.running = null; });
    return this.running;
  }

  private async load(): Promise<DispatchModel> {
    const t = performance.now();
    const v = await readVersions(this.knex);
    const old = this.model;
    if (old && old.versions.units === v.units && old.versions.mediators === v.mediators && old.versions.cases === v.cases) return old;
    // one after the other: inside a transaction (tests) or on the embedded database there is one connection
    const units = old && old.versions.units === v.units ? old.units : await loadUnits(this.knex);
    const mediators = old && old.versions.mediators === v.mediators ? old.mediators : await loadMediators(this.knex);
    let open: OpenLayer;
    if (old && old.versions.cases === v.cases) open = old.openLayer;
    else {
      open = await loadOpen(this.knex);
      // changes this process committed that the read did not see (committed after its snapshot)
      for (const r of this.recent) if (!sees(open.snap, r.xid)) add(open.counts, r.delta);
      this.recent = this.recent.filter((r) => r.xid >= open.snap.xmin);
    }
    this.model = new DispatchModel(v, units, mediators, open);
    if (!old) this.buildMs = performance.now() - t;
    return this.model;
  }

  /**
   * A dispatch write this process committed (transaction `xid`, `pg_current_xact_id()`): its change of
   * open cases per mediator (+1 per case given, −1 per case taken away or closed) is applied to the
   * model at once, without a query, so the next preview sees it. Applied only where the open counts'
   * snapshot did not see the transaction (and remembered, for a load running now whose snapshot may
   * not have seen it). The change counter is left as it is: the timer's refresh still reloads the
   * counts whole (the catch-up for other processes' writes).
   */
  applyOpen(xid: string, delta: Map<number, number>): void {
    const x = BigInt(xid);
    this.recent.push({ xid: x, delta });
    const m = this.model;
    if (m && !sees(m.openSnapshot, x)) add(m.open, delta);
  }

  /** Builds in the background (the first answers of other routes do not wait) and refreshes every `ms`. */
  start(ms = 250, onError?: (err: Error) => void): void {
    if (this.timer) return;
    const tick = () => { this.refresh().catch((e: Error) => onError?.(e)); };
    tick();
    this.timer = setInterval(tick, ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function add(counts: Map<number, number>, delta: Map<number, number>) {
  for (const [id, d] of delta) {
    const n = (counts.get(id) ?? 0) + d;
    if (n > 0) counts.set(id, n); else counts.delete(id);
  }
}

const holders = new WeakMap<Knex, DispatchModelHolder>();
/** The model holder of a database (one per knex instance). */
export function dispatchModel(knex: Knex): DispatchModelHolder {
  let h = holders.get(knex);
  if (!h) holders.set(knex, (h = new DispatchModelHolder(knex)));
  return h;
}
