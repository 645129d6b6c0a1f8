// The backlog batch on the read model (services/dispatch/batch.ts) agrees with the case-by-case SQL
// oracle (dispatch-oracle.ts: the candidates SQL and assignInTrx for each case, oldest first): the same
// report (who got which case, at which tier; who was left and why) and the same assignment rows —
// on the district's points with tight capacities, and after random sequences of assignments, status
// changes, leave and registry edits. A model taken before a concurrent change costs the changed cases
// a retry (left pending, `facts_changed`), never a wrong assignment; a registry change since the model
// makes the batch run again on a fresh one. Writes happen in transactions that are rolled back.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import type { BatchReport } from '../src/contract/cases.ts';
import { batchAssign } from '../src/services/dispatch/batch.ts';
import { assignCase } from '../src/services/dispatch/assign.ts';
import { backlogBatch } from '../src/services/dispatch/preview.ts';
import { DispatchModelHolder, parseSnapshot, sees, transactionId } from '../src/services/dispatch/model.ts';
import type { Actor } from '../src/services/masking.ts';
import { batchAssignOneByOne } from './dispatch-oracle.ts';
import { openTestDatabase } from './helpers.ts';
import { rng } from './dispatch-agreement-helpers.ts';

const TYPES = Object.keys(DISPUTE_TYPES) as DisputeType[];
const noop = async () => undefined;

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

class Rollback extends Error {}
async function rolledBack(fn: (trx: Knex.Transaction) => Promise<void>) {
  await db.knex.transaction(async (trx) => { await fn(trx); throw new Rollback(); }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
}


interface Box { x0: number; y0: number; x1: number; y1: number }
const boxOf = async (trx: Db) => (await trx.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM grids) s`)).rows[0] as Box;
type Db = Knex | Knex.Transaction;

const actorOf = async (trx: Db): Promise<Actor> =>
  ({ ...(await trx('users').where({ username: 'admin' }).first('id', 'username', 'role')), tribunal_id: null, mediator_id: null }) as Actor;

/**
 * `n` pending cases at seeded points: half anywhere in the district's box (some outside the district),
 * half around one spot (so the mediators there fill up); random types, oldest first in id order.
 */
async function pendingCases(trx: Knex.Transaction, next: () => number, box: Box, n: number): Promise<number[]> {
  const ids: number[] = [];
  const cx = (box.x0 + box.x1) / 2, cy = (box.y0 + box.y1) / 2;
  for (let i = 0; i < n; i++) {
    const spot = i % 2 === 1;
    const lng = spot ? cx + (next() - 0.5) * 0.03 : box.x0 + (box.x1 - box.x0) * next();
    const lat = spot ? cy + (next() - 0.5) * 0.03 : box.y0 + (box.y1 - box.y0) * next();
    const [r] = await trx('cases').insert({
      title: '批量一致性(测试)', dispute_type: TYPES[Math.floor(next() * TYPES.length)], status: 'pending', is_demo: true,
      location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]), created_at: trx.raw(`now() - interval '400 days' + make_interval(secs => ?)`, [i]),
    }).returning('id');
    ids.push((r as { id: number }).id);
  }
  return ids;
}

/** Tight capacities (open cases + 0, 1 or 2) and a few on leave, so capacity and the fallbacks bind. */
async function tighten(trx: Knex.Transaction) {
  await trx.raw(`UPDATE mediators m SET capacity = greatest(1, (SELECT count(*) FROM cases c WHERE c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating')) + m.id % 3),
                                      status = CASE WHEN m.id % 11 = 0 THEN 'on_leave' ELSE m.status END`);
}

const rowsOf = (trx: Db, ids: number[]) =>
  trx('case_assignments').whereIn('case_id', ids).orderBy('case_id').select('case_id', 'mediator_id', 'tier', 'distance_m', 'mode', 'replaced_at');

/** The oracle (in a savepoint, rolled back) and the batch on a model refreshed in the transaction: the same report and rows. */
async function agree(trx: Knex.Transaction, holder: DispatchModelHolder, actor: Actor, ids: number[]): Promise<BatchReport> {
  let reference: BatchReport | undefined;
  let referenceRows: unknown[] = [];
  await trx.transaction(async (t2) => {
    reference = await batchAssignOneByOne(t2 as unknown as Knex, actor, { deadlineDays: 30, caseIds: ids }, noop);
    referenceRows = await rowsOf(t2, ids);
    throw new Rollback();
  }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
  const model = await holder.refresh();
  const report = await batchAssign(trx as unknown as Knex, actor, { deadlineDays: 30, caseIds: ids, model }, noop);
  expect(report).toEqual(reference);
  expect(await rowsOf(trx, ids)).toEqual(referenceRows);
  const over = await trx.raw(`SELECT m.id FROM mediators m JOIN cases c ON c.mediator_id = m.id AND c.status IN ('pending','assigned','mediating')
                              GROUP BY m.id, m.capacity HAVING count(*) > m.capacity AND bool_or(c.id = ANY (CAST(? AS int[])))`, [`{${ids.join(',')}}`]);
  expect(over.rows).toEqual([]);
  return report;
}

describe('backlog batch: the read model agrees with the SQL oracle', () => {
  it('on the district, tight capacities: same report and assignment rows; only the cases given (caseIds)', async () => {
    await rolledBack(async (trx) => {
      const next = rng(15);
      const box = await boxOf(trx);
      await tighten(trx);
      const ids = await pendingCases(trx, next, box, 200);
      const holder = new DispatchModelHolder(trx);
      const report = await agree(trx, holder, await actorOf(trx), ids);
      expect(report.counts.assigned).toBeGreaterThan(20);
      expect(report.left.some((l) => l.reason === 'no_eligible_mediator')).toBe(true);
      expect(report.left.some((l) => l.reason === 'outside_district')).toBe(true);
      expect(report.counts.pending).toBe(ids.length); // the filter: only these, though the demo backlog is pending too
    });
  }, 300_000);

  it('after random sequences of assignments, status changes, leave and registry edits', async () => {
    await rolledBack(async (trx) => {
      const next = rng(16);
      const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
      const box = await boxOf(trx);
      const actor = await actorOf(trx);
      const mediators = ((await trx('mediators').select('id')) as { id: number }[]).map((r) => r.id);
      const grids = ((await trx('grids').select('code')) as { code: string }[]).map((r) => r.code);
      const holder = new DispatchModelHolder(trx);
      await tighten(trx);
      for (let round = 0; round < 3; round++) {
        for (let k = 0; k < 20; k++) {
          const m = pick(mediators);
          switch (Math.floor(next() * 7)) {
            case 0: { // an assignment
              const c = await trx('cases').where({ status: 'pending' }).orderBy('id').offset(Math.floor(next() * 20)).first('id');
              if (c) await trx('cases').where({ id: c.id }).update({ mediator_id: m, status: 'assigned', version: trx.raw('version + 1') });
              break;
            }
            case 1: { // a status change that closes a case
              const c = await trx('cases').whereIn('status', ['assigned', 'mediating']).orderBy('id').offset(Math.floor(next() * 50)).first('id');
              if (c) await trx('cases').where({ id: c.id }).update({ status: pick(['settled', 'failed', 'withdrawn']) });
              break;
            }
            case 2: await trx('mediators').where({ id: m }).update({ status: pick(['on_leave', 'active', 'withdrawn']) }); break;
            case 3: await trx('mediators').where({ id: m }).update({ capacity: 1 + Math.floor(next() * 4) }); break;
            case 4: await trx('mediators').where({ id: m }).update({ specialties: trx.raw('?::text[]', [`{${pick(['medical', 'traffic', 'labour', 'neighbour'])}}`]) }); break;
            case 5: { // a new service area
              const g = pick(grids);
              await trx('mediator_service_areas').insert({ mediator_id: m, level: 'grid', code: g, township_code: `${g.slice(0, 9)}000`, village_code: g.slice(0, 12) }).onConflict().ignore();
              break;
            }
            case 6: await trx('mediators').where({ id: m }).update({
              location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [box.x0 + (box.x1 - box.x0) * next(), box.y0 + (box.y1 - box.y0) * next()]),
            }); break;
          }
        }
        const ids = await pendingCases(trx, next, box, 50);
        const report = await agree(trx, holder, actor, ids);
        expect(report.counts.assigned).toBeGreaterThan(0);
      }
    });
  }, 300_000);
});

describe('backlog batch: the case numbers written with the assignment', () => {
  it('the cases without a number get the next consecutive numbers, oldest first, in the write; a numbered case keeps its number', async () => {
    await rolledBack(async (trx) => {
      const numbering = { court: '豫1502', type: '民诉前调', now: () => Date.parse('2087-03-01T00:00:00Z') };
      await trx('case_number_counters').insert({ year: 2087, next: 41 }).onConflict('year').merge();
      const ids = await pendingCases(trx, rng(17), await boxOf(trx), 40);
      await trx('cases').where({ id: ids[1] }).update({ case_number: '（2087）豫1502民诉前调7号', case_number_year: 2087, case_number_seq: 7 });
      const report = await batchAssign(trx as unknown as Knex, await actorOf(trx), { deadlineDays: 30, caseIds: ids, model: await new DispatchModelHolder(trx).refresh(), numbering }, noop);
      const assigned = new Set(report.assigned.map((a) => a.case_id));
      expect(assigned.has(ids[1]!)).toBe(true);
      expect(assigned.size).toBeGreaterThan(10);
      const rows = (await trx('cases').whereIn('id', ids).orderBy('id').select('id', 'case_number', 'case_number_year', 'case_number_seq')) as
        { id: number; case_number: string | null; case_number_year: number | null; case_number_seq: number | null }[];
      expect(rows.find((r) => r.id === ids[1])!.case_number).toBe('（2087）豫1502民诉前调7号');
      const fresh = rows.filter((r) => r.id !== ids[1]);
      for (const r of fresh) if (!assigned.has(r.id)) expect(r.case_number).toBeNull(); // left pending: not numbered
      const numbered = fresh.filter((r) => assigned.has(r.id)); // ids are in creation order (pendingCases)
      expect(numbered.map((r) => r.case_number_seq)).toEqual(numbered.map((_r, i) => 41 + i));
      for (const r of numbered) expect(r.case_number).toBe(`（2087）豫1502民诉前调${r.case_number_seq}号`);
      expect((await trx('case_number_counters').where({ year: 2087 }).first('next')).next).toBe(41 + numbered.length);
    });
  }, 120_000);
});

describe('backlog batch: a stale model costs a retry, never a wrong assignment', () => {
  it('a mediator whose open cases changed after the model was taken gets none of the batch (its cases left pending); the rest is assigned', async () => {
    await rolledBack(async (trx) => {
      const next = rng(17);
      const box = await boxOf(trx);
      const actor = await actorOf(trx);
      await trx.raw(`UPDATE mediators SET capacity = capacity + 20`);
      const ids = await pendingCases(trx, next, box, 40);
      const model = await new DispatchModelHolder(trx).refresh();
      // What the model would do, in a savepoint (rolled back).
      let planned: BatchReport | undefined;
      await trx.transaction(async (t2) => {
        planned = await batchAssign(t2 as unknown as Knex, actor, { deadlineDays: 30, caseIds: ids, model }, noop);
        throw new Rollback();
      }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
      expect(planned!.counts.assigned).toBeGreaterThan(5);
      // After the model: another dispatcher gives the first planned mediator one more case (an old one, not in the batch).
      const busy = planned!.assigned[0]!.mediator_id;
      const other = await trx('cases').where({ status: 'pending' }).whereNotIn('id', ids).first('id');
      await trx('cases').where({ id: other.id }).update({ mediator_id: busy, status: 'assigned', version: trx.raw('version + 1') });
      const report = await batchAssign(trx as unknown as Knex, actor, { deadlineDays: 30, caseIds: ids, model }, noop);
      const changed = new Set(planned!.assigned.filter((a) => a.mediator_id === busy).map((a) => a.case_id));
      expect(report.assigned).toEqual(planned!.assigned.filter((a) => !changed.has(a.case_id)));
      expect(report.left.filter((l) => l.reason === 'facts_changed').map((l) => l.case_id).sort((a, b) => a - b)).toEqual([...changed].sort((a, b) => a - b));
      expect(Number((await trx('cases').whereIn('id', [...changed]).where({ status: 'pending' }).count({ n: '*' }).first())!.n)).toBe(changed.size);
    });
  }, 300_000);

  it('a registry edit since the model was taken: the batch runs again on a fresh model (= the oracle)', async () => {
    await rolledBack(async (trx) => {
      const next = rng(18);
      const box = await boxOf(trx);
      const actor = await actorOf(trx);
      await tighten(trx);
      const ids = await pendingCases(trx, next, box, 30);
      const stale = await new DispatchModelHolder(trx).refresh();
      // Every active mediator with a location moves a little: the stale model's distances are all wrong.
      await trx.raw(`UPDATE mediators SET location = ST_Translate(location, 0.003, 0) WHERE location IS NOT NULL`);
      let reference: BatchReport | undefined;
      await trx.transaction(async (t2) => {
        reference = await batchAssignOneByOne(t2 as unknown as Knex, actor, { deadlineDays: 30, caseIds: ids }, noop);
        throw new Rollback();
      }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
      const report = await batchAssign(trx as unknown as Knex, actor, { deadlineDays: 30, caseIds: ids, model: stale }, noop);
      expect(report).toEqual(reference);
    });
  }, 300_000);
});

describe('the model after a dispatch write of this process: the change applied, not reloaded', () => {
  it('applyOpen adds the committed change at once, once: a reload whose snapshot saw the commit does not add it again; one that did not see it does', async () => {
    const holder = new DispatchModelHolder(db.knex);
    await holder.refresh();
    const med = ((await db.knex('mediators').where({ status: 'active' }).orderBy('id').first('id')) as { id: number }).id;
    const c = (await db.knex('cases').where({ status: 'pending' }).whereNull('mediator_id').orderBy('id').first('id', 'version')) as { id: number; version: number };
    const before = holder.current!.open.get(med) ?? 0;
    try {
      const xid = await db.knex.transaction(async (trx) => {
        await trx('cases').where({ id: c.id }).update({ mediator_id: med, status: 'assigned' });
        return transactionId(trx);
      });
      holder.applyOpen(xid, new Map([[med, 1]]));
      expect(holder.current!.open.get(med)).toBe(before + 1); // at once, no query
      const reloaded = await holder.refresh(); // the change counter moved: the counts are read whole, and saw the commit
      expect(reloaded).not.toBe(null);
      expect(reloaded.open.get(med)).toBe(before + 1);
      // A change committed after a reload's snapshot (a transaction id it has not seen) is added to that reload.
      const later = String(reloaded.openSnapshot.xmax + 1000n);
      holder.applyOpen(later, new Map([[med, 1]]));
      expect(holder.current!.open.get(med)).toBe(before + 2);
      await db.knex.raw(`SELECT nextval('coverage_cases_seq')`); // force the next refresh to read the counts whole
      expect((await holder.refresh()).open.get(med)).toBe(before + 2);
    } finally {
      await db.knex('cases').where({ id: c.id }).update({ mediator_id: null, status: 'pending', version: c.version });
    }
  });

  it('the snapshot rule: seen below xmin, and below xmax unless in progress', () => {
    const s = parseSnapshot('100:105:101,103');
    expect([99n, 100n, 101n, 102n, 103n, 104n, 105n].map((x) => sees(s, x))).toEqual([true, true, false, true, false, true, false]);
    expect(parseSnapshot('7:7:').xip.size).toBe(0);
  });
});

describe('backlog batch under concurrency: the database decides', () => {
  it('the batch and 20 parallel single assignments of the same cases to one mediator: each case assigned once, capacity held', async () => {
    const knex = db.knex;
    const actor = await actorOf(knex);
    const spot = (await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y, code FROM (SELECT ST_PointOnSurface(geom) AS p, code FROM grids ORDER BY code OFFSET 40 LIMIT 1) s`)).rows[0] as { x: number; y: number; code: string };
    const [m] = await knex('mediators').insert({ name: '测试调解员并发(测试)', kind: 'other', capacity: 5, status: 'active', location: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [spot.x, spot.y]), is_demo: true }).returning('id');
    const mid = (m as { id: number }).id;
    await knex('mediator_service_areas').insert({ mediator_id: mid, level: 'grid', code: spot.code, township_code: `${spot.code.slice(0, 9)}000`, village_code: spot.code.slice(0, 12) });
    const ids: number[] = [];
    try {
      for (let i = 0; i < 25; i++) {
        const [r] = await knex('cases').insert({ title: '并发批量(测试)', dispute_type: 'neighbour', status: 'pending', is_demo: true, location: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [spot.x, spot.y]) }).returning('id');
        ids.push((r as { id: number }).id);
      }
      // numbered in a year of its own: every case assigned, by the batch or singly, has a number, without a gap
      const numbering = { court: '豫1502', type: '民诉前调', now: () => Date.parse('2088-03-01T00:00:00Z') };
      await knex('case_number_counters').where({ year: 2088 }).delete();
      const opts = { deadlineDays: 30, auditor: async () => undefined, numbering };
      const results = await Promise.allSettled([
        backlogBatch(knex, actor, { deadlineDays: 30, caseIds: ids, numbering }, async () => undefined),
        ...ids.slice(0, 20).map((id) => assignCase(knex, actor, id, { version: 1, mediator_id: mid }, opts)),
      ]);
      // the losers are 409s (version, capacity) or the batch's `dispatch_busy`, never a 5xx
      for (const r of results) if (r.status === 'rejected') expect((r.reason as { status?: number }).status, String(r.reason)).toBe(409);
      const rows = await knex.raw(`SELECT c.id, c.status, c.mediator_id, c.version,
                                          (SELECT count(*) FROM case_assignments a WHERE a.case_id = c.id)::int AS assignments,
                                          (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'assigned')::int AS events
                                   FROM cases c WHERE c.id = ANY (CAST(? AS int[]))`, [`{${ids.join(',')}}`]);
      for (const r of rows.rows as { status: string; mediator_id: number | null; version: number; assignments: number; events: number }[]) {
        if (r.status === 'pending') expect(r).toMatchObject({ mediator_id: null, version: 1, assignments: 0, events: 0 });
        else expect(r).toMatchObject({ status: 'assigned', version: 2, assignments: 1, events: 1 });
      }
      const seqs = ((await knex('cases').whereIn('id', ids).where({ status: 'assigned' }).orderBy('case_number_seq').pluck('case_number_seq')) as number[]);
      expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
      expect(Number((await knex('cases').whereIn('id', ids).where({ status: 'pending' }).whereNotNull('case_number').count({ n: '*' }))[0]!.n)).toBe(0);
      const open = Number((await knex('cases').where({ mediator_id: mid }).whereIn('status', ['pending', 'assigned', 'mediating']).count({ n: '*' }))[0]!.n);
      expect(open).toBeGreaterThan(0);
      expect(open).toBeLessThanOrEqual(5);
    } finally {
      await knex('case_number_counters').where({ year: 2088 }).delete();
      await knex('cases').whereIn('id', ids).del();
      await knex('mediator_service_areas').where({ mediator_id: mid }).del();
      await knex('mediators').where({ id: mid }).del();
    }
  }, 120_000);
});
