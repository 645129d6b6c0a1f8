// The server process SIGKILLed at random (seeded) moments while it commits an import: the registry
// Excel import (upload → preview token → commit) and the boundary import (upload → preview → commit).
// After every kill it is started again on the same data and must start cleanly; each import is then
// there whole (every row / every version, geometry_source 'imported', its changed-cases list, its
// audit row, its preview consumed) or not at all (preview still open, nothing written); never part.
// Its own database (PostgreSQL: a database next to TEST_DATABASE_URL's; embedded: its own folder), so
// the shared test database is never touched. FAULT_IMPORT_KILLS (per kind) and FAULT_SEED change the run.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { FIXTURES } from './paths.ts';
import { manyMediators, xlsx } from './fixtures/registry/make.ts';
import { MEDIATOR_COLUMNS } from '../src/contract/registry.ts';
import { call, cutByKill, killAndRestart, login, ownStore, seeded, startTimed, type OwnStore, type ServerProcess, type Session } from './fault-helpers.ts';

const PG = process.env.TEST_DATABASE_URL;
// An embedded restart costs about 5 s, a PostgreSQL one about 2 s: the file stays within a few minutes.
const KILLS = Number(process.env.FAULT_IMPORT_KILLS ?? (PG ? 8 : 4));
const SEED = Number(process.env.FAULT_SEED ?? 20261201);
const ROWS = 3000; // mediators per registry import: a commit long enough to be cut in the middle
const BOUNDARY_FILE = path.join(FIXTURES, 'boundaries', 'grids-swap.geojson');
const BOUNDARY_UNITS = 5;
const VALID_FROM = '2026-12-01';
const rand = seeded(SEED ^ 0x1f);

let store: OwnStore;
let env: Record<string, string>;
let srv: ServerProcess;
let session: Session;
let pgDb: Database | undefined;
let grids: string[] = [];
const commitMs = { registry: 500, boundary: 500 };
/** kills; cut: the commit had not answered when the process died; committed / absent: the outcome of every import. */
const stats = { registry: { kills: 0, cut: 0, committed: 0, absent: 0 }, boundary: { kills: 0, cut: 0, committed: 0, absent: 0 } };
/** Every import this file committed or tried to: checked after each kill (PostgreSQL) and at the end. */
const registryTokens: string[] = [];
const boundaryIds: string[] = [];
const acked = new Set<string>();
const restarts: number[] = [];

const start = () => startTimed(env, restarts);

async function uploadTo(s: ServerProcess, p: string, name: string, data: Uint8Array, fields: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([data as Uint8Array<ArrayBuffer>]), name);
  const res = await fetch(s.base + p, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let fileNo = 0;
/** A registry preview of ROWS new mediators (names and phones of their own); its token. */
async function registryPreview(s: ServerProcess): Promise<string> {
  const k = ++fileNo;
  const rows = manyMediators(ROWS, grids, `示例·故障${k}·`).map((r, i) => ({ ...r, phone: `1${3 + (k % 6)}${String(k % 100).padStart(2, '0')}${String(i + 1).padStart(7, '0')}` }));
  const res = await uploadTo(s, '/api/registry/import/mediators/preview', `故障${k}.xlsx`, await xlsx(MEDIATOR_COLUMNS, rows));
  if (res.status !== 200 || !res.body.committable) throw new Error(`registry preview: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  registryTokens.push(res.body.token as string);
  return res.body.token as string;
}

/**
 * A boundary preview of the grid swap fixture (5 grids, committable without warnings); its id. Each file is
 * shifted east by another 2 cm (2e-7°, far under the 1 m slivers the checks ignore): units whose boundary did
 * not change get no version, so every commit must change all five, whichever of the earlier ones landed.
 */
async function boundaryPreview(s: ServerProcess): Promise<string> {
  const k = ++fileNo;
  const fc = JSON.parse(fs.readFileSync(BOUNDARY_FILE, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon | GeoJSON.Polygon>;
  const shift = (v: unknown): unknown => (typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? [v[0] + k * 2e-7, ...v.slice(1)] : (v as unknown[]).map(shift));
  for (const f of fc.features) f.geometry.coordinates = shift(f.geometry.coordinates) as never;
  const res = await uploadTo(s, '/api/boundaries/imports', 'grids-swap.geojson', new TextEncoder().encode(JSON.stringify(fc)), { level: 'grid' });
  const summary = res.body.summary as { can_commit: boolean; warnings: number; matched: number } | undefined;
  if (res.status !== 201 || !summary?.can_commit || summary.warnings || summary.matched !== BOUNDARY_UNITS) throw new Error(`boundary preview: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  boundaryIds.push(res.body.id as string);
  return res.body.id as string;
}

const commitRegistry = (s: ServerProcess, token: string, signal?: AbortSignal) => call(s.base, session, 'POST', '/api/registry/import/commit', { token }, signal);
const commitBoundary = (s: ServerProcess, id: string, signal?: AbortSignal) => call(s.base, session, 'POST', `/api/boundaries/imports/${id}/commit`, { confirm: true, valid_from: VALID_FROM }, signal);

/** Each import whole or absent; returns the violations (empty: consistent) and counts the outcomes. */
async function checkImports(knex: Knex, count = false): Promise<string[]> {
  const bad: string[] = [];
  const one = async (sql: string, b: unknown[]) => ((await knex.raw(sql, b as Knex.RawBinding[])).rows as Record<string, number>[])[0]!;
  for (const token of registryTokens) {
    const r = await one(`SELECT
        (SELECT count(*) FROM mediators WHERE imported_from = ?)::int AS mediators,
        (SELECT count(*) FROM mediator_service_areas s JOIN mediators m ON m.id = s.mediator_id WHERE m.imported_from = ?)::int AS areas,
        (SELECT count(*) FROM import_previews WHERE token = ?)::int AS previews,
        (SELECT count(*) FROM audit_log WHERE action = 'import.registry' AND target_id = ? AND outcome = 'success')::int AS audits`, [token, token, token, token]);
    const whole = r.mediators === ROWS && r.areas === ROWS && r.previews === 0 && r.audits === 1;
    const none = r.mediators === 0 && r.areas === 0 && r.previews === 1 && r.audits === 0;
    if (!whole && !none) bad.push(`registry import ${token}: part of it: ${JSON.stringify(r)}`);
    if (none && acked.has(token)) bad.push(`registry import ${token}: acknowledged but absent`);
    if (count) stats.registry[whole ? 'committed' : 'absent']++;
  }
  for (const id of boundaryIds) {
    const r = await one(`SELECT
        (SELECT status FROM import_boundary_previews WHERE id = ?) AS status,
        (SELECT (result->>'cases_changed')::int FROM import_boundary_previews WHERE id = ?) AS changed,
        (SELECT count(*) FROM area_boundary_versions WHERE import_id = ? AND geometry_source = 'imported')::int AS versions,
        (SELECT count(*) FROM area_boundary_versions WHERE import_id = ?)::int AS all_versions,
        (SELECT count(*) FROM boundary_case_changes WHERE import_id = ?)::int AS cases,
        (SELECT count(*) FROM audit_log WHERE action = 'import.boundaries' AND target_id = ? AND outcome = 'success' AND details->>'units' IS NOT NULL)::int AS audits`, [id, id, id, id, id, id]);
    const whole = r.status === ('committed' as unknown) && r.versions === BOUNDARY_UNITS && r.all_versions === BOUNDARY_UNITS && r.cases === r.changed && r.audits === 1;
    const none = r.status === ('preview' as unknown) && r.all_versions === 0 && r.cases === 0 && r.audits === 0;
    if (!whole && !none) bad.push(`boundary import ${id}: part of it: ${JSON.stringify(r)}`);
    if (none && acked.has(id)) bad.push(`boundary import ${id}: acknowledged but absent`);
    if (count) stats.boundary[whole ? 'committed' : 'absent']++;
  }
  // The map shows what the versions say: every grid with a current imported version has its geometry
  // and source, one current version per unit.
  for (const g of (await knex.raw(`
      SELECT v.code FROM area_boundary_versions v JOIN grids g ON g.code = v.code
      WHERE v.level = 'grid' AND v.valid_to IS NULL AND v.import_id IS NOT NULL
        AND (g.geometry_source <> 'imported' OR NOT ST_Equals(g.geom, v.geom))`)).rows as { code: string }[]) {
    bad.push(`grid ${g.code}: its geometry is not its current imported version`);
  }
  for (const g of (await knex.raw(`SELECT level, code FROM area_boundary_versions WHERE valid_to IS NULL GROUP BY level, code HAVING count(*) > 1`)).rows as { code: string }[]) {
    bad.push(`${g.code}: more than one current version`);
  }
  return bad;
}

beforeAll(async () => {
  store = await ownStore('fault_import');
  ({ env, pgDb } = store);
  srv = await start(); // first start: migrations and the district load
  session = await login(srv.base, 'admin');
  grids = ['001', '002', '003'].map((n) => `411502001004${n}`); // grids of the swap fixture's village
  // One of each, acknowledged, to time a commit (the kill window is a little more than that).
  let token = await registryPreview(srv);
  let t0 = performance.now();
  let res = await commitRegistry(srv, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  commitMs.registry = performance.now() - t0;
  acked.add(token);
  token = await boundaryPreview(srv);
  t0 = performance.now();
  res = await commitBoundary(srv, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  commitMs.boundary = performance.now() - t0;
  acked.add(token);
}); // the server project's hookTimeout

afterAll(async () => {
  await srv?.stop();
  await store?.dispose();
  console.log(`fault-import (${PG ? 'postgres' : 'embedded'}, seed ${SEED}): ${stats.registry.kills + stats.boundary.kills} kills survived; ${JSON.stringify(stats)}; commit registry (${ROWS} rows) ~${Math.round(commitMs.registry)} ms, boundary (${BOUNDARY_UNITS} grids) ~${Math.round(commitMs.boundary)} ms; restart ${Math.round(Math.min(...restarts))}–${Math.round(Math.max(...restarts))} ms`);
});

describe(`SIGKILL during import commits (${PG ? 'PostgreSQL' : 'embedded'} database)`, () => {
  for (const kind of ['registry', 'boundary'] as const) {
    it(`${kind} import: ${KILLS} kills, each import whole or absent after the restart`, async () => {
      const failures: string[] = [];
      for (let i = 0; i < KILLS; i++) {
        const id = kind === 'registry' ? await registryPreview(srv) : await boundaryPreview(srv);
        const stop = new AbortController();
        // Anywhere from before the commit starts to a little after it would have answered.
        const delay = rand() * 1.3 * commitMs[kind];
        const work = (kind === 'registry' ? commitRegistry(srv, id, stop.signal) : commitBoundary(srv, id, stop.signal)).then(
          (res) => {
            if (res.status === 200) acked.add(id);
            else failures.push(`${kind} kill ${i}: commit answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          },
          (err: Error) => {
            if (!cutByKill(err)) failures.push(`${kind} kill ${i}: ${err.message}`);
          },
        );
        let cut = false;
        srv = await killAndRestart({ srv, env, restarts, delay, stop, work, atKill: () => { cut = !acked.has(id); }, failures, label: `${kind} kill ${i}` });
        stats[kind].kills++;
        if (cut) stats[kind].cut++;
        if (pgDb) failures.push(...(await checkImports(pgDb.knex)).map((f) => `${kind} kill ${i}: ${f}`));
      }
      expect(failures).toEqual([]);
    }, 120_000 + KILLS * 90_000); // time-outs only catch a hang: a restart on a busy machine is slow
  }

  it('every import is whole or absent, read from the database itself', async () => {
    if (pgDb) {
      expect(await checkImports(pgDb.knex, true)).toEqual([]);
      return;
    }
    await srv.stop();
    const db = await openDatabase({ dataDir: env.DATA_DIR });
    try {
      expect(await checkImports(db.knex, true)).toEqual([]);
    } finally {
      await db.close();
    }
    srv = await start();
  }, 400_000);
});
