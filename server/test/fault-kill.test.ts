// The server process SIGKILLed at random (seeded) moments while it registers cases, assigns them one
// by one and runs the backlog batch; after every kill it is started again on the same data and must
// start cleanly, still hold every change it acknowledged (2xx), and hold nothing half-written.
// On the embedded database (a data folder of its own) by default; on PostgreSQL (a database of its own
// next to TEST_DATABASE_URL's) when the server tests run there. FAULT_KILLS (per kind) and FAULT_SEED
// change the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { readCases } from './helpers.ts';
import { call, checkInvariants, cutByKill, killAndRestart, login, ownStore, seeded, startTimed, type OwnStore, type ServerProcess, type Session } from './fault-helpers.ts';

const PG = process.env.TEST_DATABASE_URL;
// An embedded restart costs about 5 s (PGlite and PostGIS start), a PostgreSQL one about 2 s.
const KILLS = Number(process.env.FAULT_KILLS ?? (PG ? 15 : 5));
const SEED = Number(process.env.FAULT_SEED ?? 20261201);
const rand = seeded(SEED);
const KINDS = ['create', 'assign', 'batch'] as const;
type Kind = (typeof KINDS)[number];

let store: OwnStore;
let env: Record<string, string>;
let srv: ServerProcess;
let session: Session;
let pgDb: Database | undefined;
let batchMs = 100;
let createMs = 50;
const window: Partial<Record<Kind, number>> = {};
const restarts: number[] = [];
const stats: Record<Kind, { kills: number; inFlight: number; acked: number; cut: number; cutCommitted: number }> = {
  create: { kills: 0, inFlight: 0, acked: 0, cut: 0, cutCommitted: 0 },
  assign: { kills: 0, inFlight: 0, acked: 0, cut: 0, cutCommitted: 0 },
  batch: { kills: 0, inFlight: 0, acked: 0, cut: 0, cutCommitted: 0 },
};

/** Points of the demo cases: inside the district, anywhere in it. */
const POINTS = readCases<{ location: [number, number] }>().map((c) => c.location);
let serial = 0;
const newCase = () => {
  const [lng, lat] = POINTS[Math.floor(rand() * POINTS.length)]!;
  return { title: `故障测试-${SEED}-${++serial}`, dispute_type: rand() < 0.5 ? 'neighbour' : 'marriage_family', lng, lat, parties: [{ name: '演示当事人', role: 'applicant' }] };
};

const start = () => startTimed(env, restarts);

async function create(s: ServerProcess): Promise<{ id: number; title: string }> {
  const body = newCase();
  const res = await call(s.base, session, 'POST', '/api/cases', body);
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: number }).id, title: body.title };
}

interface Acks {
  created: { id: number; title: string }[];
  assigned: { id: number; mediator_id: number; version: number }[];
}

/** One kind's load until `stop` is aborted; every answer the client saw is recorded. */
async function workload(kind: Kind, s: ServerProcess, prepared: number[], stop: AbortSignal, acks: Acks, pending: { n: number }) {
  const track = async <T>(p: Promise<T>) => { pending.n++; try { return await p; } finally { pending.n--; } };
  if (kind === 'create') {
    const worker = async () => {
      while (!stop.aborted) {
        const body = newCase();
        const res = await track(call(s.base, session, 'POST', '/api/cases', body, stop));
        if (res.status === 201) acks.created.push({ id: (res.body as { id: number }).id, title: body.title });
        else throw new Error(`create answered ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  } else if (kind === 'assign') {
    const queue = [...prepared];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && !stop.aborted; id = queue.shift()) {
        const res = await track(call(s.base, session, 'POST', `/api/cases/${id}/assign`, { version: 1 }, stop));
        if (res.status === 200) {
          const b = res.body as { mediator_id: number; version: number };
          acks.assigned.push({ id, mediator_id: b.mediator_id, version: b.version });
        } else if (res.status !== 422 && res.status !== 409) throw new Error(`assign answered ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all([worker(), worker()]);
  } else {
    const res = await track(call(s.base, session, 'POST', '/api/assign/batch', { confirm: true }, stop));
    if (res.status !== 200) throw new Error(`batch answered ${res.status} ${JSON.stringify(res.body)}`);
    for (const a of (res.body as { assigned: { case_id: number; mediator_id: number }[] }).assigned) acks.assigned.push({ id: a.case_id, mediator_id: a.mediator_id, version: 2 });
  }
}

/** Every acknowledged change is there after the restart, whole. */
async function verifyAcks(s: ServerProcess, acks: Acks): Promise<string[]> {
  const bad: string[] = [];
  for (const c of acks.created) {
    const res = await call(s.base, session, 'GET', `/api/cases/${c.id}`);
    const d = res.body as { title: string; parties: unknown[]; timeline: { kind: string }[] };
    if (res.status !== 200) bad.push(`acknowledged case ${c.id} missing: ${res.status}`);
    else if (d.title !== c.title || d.parties.length !== 1 || !d.timeline.some((e) => e.kind === 'created')) bad.push(`acknowledged case ${c.id} incomplete`);
  }
  for (const a of acks.assigned) {
    const res = await call(s.base, session, 'GET', `/api/cases/${a.id}`);
    const d = res.body as { mediator_id: number; version: number; assignments: unknown[]; timeline: { kind: string }[] };
    if (res.status !== 200 || d.mediator_id !== a.mediator_id || d.version < a.version || !d.assignments.length || !d.timeline.some((e) => e.kind === 'assigned')) {
      bad.push(`acknowledged assignment of case ${a.id} to ${a.mediator_id} lost: ${res.status} ${JSON.stringify(d).slice(0, 200)}`);
    }
  }
  return bad;
}

beforeAll(async () => {
  // A database of its own (in the same cluster on PostgreSQL): the shared test database stays as other files expect it.
  store = await ownStore('fault');
  ({ env, pgDb } = store);
  srv = await start(); // first start: migrations and the district load
  session = await login(srv.base, 'dispatcher');
  // The demo backlog first, so a batch under test holds only this file's cases; then a batch's duration.
  await call(srv.base, session, 'POST', '/api/assign/batch', { confirm: true });
  let t0 = performance.now();
  for (let i = 0; i < 15; i++) await create(srv);
  createMs = (performance.now() - t0) / 15;
  t0 = performance.now();
  const res = await call(srv.base, session, 'POST', '/api/assign/batch', { confirm: true });
  expect(res.status).toBe(200);
  batchMs = Math.max(20, performance.now() - t0);
}); // the server project's hookTimeout

afterAll(async () => {
  await srv?.stop();
  await store?.dispose();
  const total = Object.values(stats).reduce((n, s) => n + s.kills, 0);
  console.log(`fault-kill (${PG ? 'postgres' : 'embedded'}, seed ${SEED}): ${total} kills survived; per kind ${JSON.stringify(stats)}; restart ${Math.round(Math.min(...restarts))}–${Math.round(Math.max(...restarts))} ms; batch ~${Math.round(batchMs)} ms, create ~${Math.round(createMs)} ms`);
});

describe(`SIGKILL at random moments (${PG ? 'PostgreSQL' : 'embedded'} database)`, () => {
  for (const kind of KINDS) {
    it(`${kind}: ${KILLS} kills, each change acknowledged before the kill is kept, nothing half-written`, async () => {
      const failures: string[] = [];
      for (let i = 0; i < KILLS; i++) {
        const prepared: number[] = [];
        if (kind === 'assign') for (let k = 0, n = 3 + Math.floor(rand() * 4); k < n; k++) prepared.push((await create(srv)).id);
        if (kind === 'batch') for (let k = 0, n = 8 + Math.floor(rand() * 12); k < n; k++) prepared.push((await create(srv)).id);
        const acks: Acks = { created: [], assigned: [] };
        const pending = { n: 0 };
        const stop = new AbortController();
        // Anywhere in the work: some kills land before the first answer, some between answers, some after.
        // The window adapts (a restarted server answers slower at first): wider while no kill came after
        // an answer, narrower when the work finished before the kill.
        window[kind] ??= kind === 'batch' ? Math.max(3 * batchMs, 60) : kind === 'assign' ? prepared.length * createMs * 2 : 5 * createMs;
        const delay = rand() * window[kind]!;
        const work = workload(kind, srv, prepared, stop.signal, acks, pending).catch((err: Error) => {
          if (!cutByKill(err)) failures.push(`${kind}: ${err.message}`);
        });
        let inFlight = 0;
        srv = await killAndRestart({ srv, env, restarts, delay, stop, work, atKill: () => { inFlight = pending.n; }, failures, label: `after kill ${i}` });
        stats[kind].kills++;
        const answered = acks.created.length + acks.assigned.length;
        if (!answered) window[kind]! *= 1.8;
        else if (!inFlight) window[kind]! *= 0.7;
        if (inFlight) stats[kind].inFlight++;
        stats[kind].acked += acks.created.length + acks.assigned.length;
        failures.push(...(await verifyAcks(srv, acks)).map((f) => `${kind} kill ${i}: ${f}`));
        // The prepared cases whose assignment was not acknowledged: either assigned whole or still pending.
        const unacked = prepared.filter((id) => !acks.assigned.some((a) => a.id === id));
        stats[kind].cut += inFlight;
        for (const id of unacked) {
          const d = (await call(srv.base, session, 'GET', `/api/cases/${id}`)).body as { status: string; mediator_id: number | null; assignments: unknown[] };
          if (d.mediator_id !== null) stats[kind].cutCommitted++;
          if ((d.mediator_id === null) !== (d.assignments.length === 0) || (d.mediator_id === null) !== (d.status === 'pending')) failures.push(`${kind} kill ${i}: case ${id} half-assigned: ${JSON.stringify(d).slice(0, 200)}`);
        }
        if (pgDb) failures.push(...(await checkInvariants(pgDb.knex)).map((f) => `${kind} kill ${i}: ${f}`));
      }
      expect(failures).toEqual([]);
      expect(stats[kind].kills).toBe(KILLS);
    }, 120_000 + KILLS * 60_000); // time-outs only catch a hang: a restart on a busy machine is slow
  }

  it('the whole database is consistent afterwards (every case, assignment, event and audit row)', async () => {
    if (pgDb) {
      expect(await checkInvariants(pgDb.knex)).toEqual([]);
      return;
    }
    await srv.stop();
    // The folder is closed: open it here and read it directly.
    const db = await openDatabase({ dataDir: env.DATA_DIR });
    try {
      expect(await checkInvariants(db.knex)).toEqual([]);
      const [{ n }] = (await db.knex.raw(`SELECT count(*)::int AS n FROM cases WHERE created_by IS NOT NULL`)).rows as [{ n: number }];
      expect(n).toBeGreaterThan(KILLS);
    } finally {
      await db.close();
    }
    srv = await start();
  }, 400_000);
});
