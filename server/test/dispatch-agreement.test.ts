// The two sources of the assignment rule's facts agree: the in-memory model (services/dispatch/model.ts,
// locate.ts) and the SQL (candidates.sql, shihe_locate) give, through the one rule (rule.ts rank), the
// same outcome, located units, candidates (order, tier, match, score, distance, reasons, load), exclusions,
// advice and boundary neighbours (the model's facts as they are, and as the preview takes them: distances
// estimated, the exact ones worked out by rank where they can change the answer; all, and the first ten) — on the golden locate points, on grid vertices (points on shared
// boundaries), on 2,000 random points of the district (seeded), for every village ranked by village (an
// address matched only to a village: candidates-village.sql and model.villageFacts), on the golden dispatch scenarios, and
// after a random sequence of assignments, status changes, leave and registry edits (the model refreshed
// from its change counters). District scale, so it runs in CI on both databases; the province scale is
// the benchmark's (server/bench/dispatch.ts). Writes happen in transactions that are rolled back.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.ts';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { PREVIEW_FIRST } from '../src/contract/cases.ts';
import { factsFromSql, villageFactsFromSql, type PoolMediator } from '../src/services/dispatch/facts.ts';
import { DispatchModelHolder, type DispatchModel } from '../src/services/dispatch/model.ts';
import { rank, type Ranking } from '../src/services/dispatch/rule.ts';
import { locatePoint, SLIVER_TOLERANCE_M } from '../src/services/locate.ts';
import { resolveLocation } from '../src/services/cases.ts';
import { openTestDatabase } from './helpers.ts';
import { FIXTURES } from './paths.ts';
import type { LocateFixture } from './fixtures/make-locate.ts';
import type { CaseInput, SceneMediator, ScenarioFixture } from './fixtures/dispatch/make-scenarios.ts';

type Db = Knex | Knex.Transaction;
const TYPES = Object.keys(DISPUTE_TYPES) as DisputeType[];

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

class Rollback extends Error {}
async function rolledBack(fn: (trx: Knex.Transaction) => Promise<void>) {
  await db.knex.transaction(async (trx) => { await fn(trx); throw new Rollback(); }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
}

/** A small seeded generator (mulberry32): the same points every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What must agree, in a form toEqual compares (distances to the boundary within 0.2 m, see below). */
function view(r: Ranking<PoolMediator>) {
  if (r.outcome === 'outside_district') return { outcome: r.outcome, advice: r.advice };
  return {
    outcome: r.outcome,
    located: r.located,
    candidates: r.candidates.map((c) => ({
      id: c.fact.mediator_id, name: c.fact.name, kind: c.fact.kind, tier: c.fact.tier, match: c.match, fallback: c.fallback, score: c.score,
      distance_m: c.distance_m, reasons: c.reasons, open: c.fact.open_cases, capacity: c.fact.capacity, location: c.fact.location,
      service_areas: c.fact.service_areas, organisation: c.fact.organisation,
    })),
    excluded: r.excluded,
    advice: r.advice,
    boundary: r.boundary_warning?.neighbours.map((n) => `${n.level}:${n.code}`),
    boundaryMessage: Boolean(r.boundary_warning?.message),
  };
}

async function agree(trx: Db, model: DispatchModel, lng: number, lat: number, type: DisputeType) {
  const sqlFacts = await factsFromSql(trx, lng, lat, type);
  const fromSql = rank(sqlFacts, type);
  const fromModel = rank(model.facts(lng, lat, type), type);
  const where = `${lng},${lat} ${type}`;
  expect(view(fromModel), where).toEqual(view(fromSql));
  // the preview's way (preview.ts previewFromModel): distances estimated, the exact ones only where they
  // can change the answer, all candidates or the first PREVIEW_FIRST
  expect(view(rank(model.facts(lng, lat, type, undefined, { estimate: true }), type)), `${where} estimated`).toEqual(view(fromSql));
  const first = rank(model.facts(lng, lat, type, undefined, { estimate: true }), type, undefined, { limit: PREVIEW_FIRST });
  const firstSql = rank(sqlFacts, type, undefined, { limit: PREVIEW_FIRST });
  expect(view(first), `${where} estimated, first ${PREVIEW_FIRST}`).toEqual(view(firstSql));
  expect(first.outcome === 'outside_district' ? 0 : first.more, where).toBe(firstSql.outcome === 'outside_district' ? 0 : firstSql.more);
  if (fromSql.outcome !== 'outside_district' && fromModel.outcome !== 'outside_district') {
    const a = fromSql.boundary_warning?.neighbours ?? [];
    const b = fromModel.boundary_warning?.neighbours ?? [];
    // PostGIS measures to the polygon on the spheroid, the model to the nearest edge point found in a
    // local plane: the same to a few millimetres, so after rounding to 0.1 m at most 0.1 apart.
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]!.distance_m - b[i]!.distance_m), where).toBeLessThanOrEqual(0.11);
  }
  return fromSql.outcome;
}

/** The same for a dispute known only to its village (ranked by village: no grid, no distance, no boundary). */
async function agreeVillage(trx: Db, model: DispatchModel, code: string, type: DisputeType) {
  const fromSql = rank(await villageFactsFromSql(trx, code, type), type);
  const fromModel = rank(model.villageFacts(code, type), type);
  expect(view(fromModel), `${code} ${type}`).toEqual(view(fromSql));
  return fromSql;
}

const build = (trx: Db) => new DispatchModelHolder(trx).refresh();

describe('locate: the SQL function and the model', () => {
  it('the golden locate points, and every 7th vertex of the grids (points on shared boundaries) land in the same grid', async () => {
    const model = await build(db.knex);
    const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'locate.geojson'), 'utf8')) as LocateFixture;
    const { rows } = await db.knex.raw(`SELECT ST_X(p.geom) AS x, ST_Y(p.geom) AS y FROM (SELECT (ST_DumpPoints(geom)).geom FROM grids) p`);
    const pts: [number, number][] = [
      ...golden.features.map((f) => f.geometry.coordinates as [number, number]),
      ...(rows as { x: number; y: number }[]).filter((_r, i) => i % 7 === 0).map((r) => [r.x, r.y] as [number, number]),
    ];
    expect(pts.length).toBeGreaterThan(500);
    for (const [x, y] of pts) {
      const sql = await locatePoint(db.knex, x, y);
      const mem = model.units.index.locate(x, y, SLIVER_TOLERANCE_M);
      expect(mem?.code ?? null, `${x},${y}`).toBe(sql.outcome === 'located' ? sql.grid.code : null);
    }
    for (const f of golden.features) {
      const exp = f.properties.expected;
      const mem = model.units.index.locate(f.geometry.coordinates[0], f.geometry.coordinates[1], SLIVER_TOLERANCE_M);
      if (exp === 'outside_district') expect(mem).toBeNull();
      else {
        expect(mem?.code.slice(0, 9) + '000').toBe(exp.township);
        if (exp.grid) expect(mem?.code).toBe(exp.grid);
      }
    }
  }, 120_000);

  it('a point in a sliver between cells takes the nearest grid within the tolerance, in both', async () => {
    await rolledBack(async (trx) => {
      // cut a hole of 60 m radius into one grid: points in it are in the district but in no grid
      const g = '411502103207001';
      await trx.raw(`UPDATE grids SET geom = ST_Multi(ST_Difference(geom, ST_Buffer((SELECT ST_PointOnSurface(geom) FROM grids WHERE code = ?)::geography, 60)::geometry)) WHERE code = ?`, [g, g]);
      const model = await build(trx);
      const hole = (await trx.raw(`SELECT ST_X(ST_PointN(ST_InteriorRingN(ST_GeometryN(geom, 1), 1), 1)) AS x, ST_Y(ST_PointN(ST_InteriorRingN(ST_GeometryN(geom, 1), 1), 1)) AS y,
        ST_X(ST_Centroid(ST_MakePolygon(ST_InteriorRingN(ST_GeometryN(geom, 1), 1)))) AS cx, ST_Y(ST_Centroid(ST_MakePolygon(ST_InteriorRingN(ST_GeometryN(geom, 1), 1)))) AS cy
        FROM grids WHERE code = ?`, [g])).rows[0] as { x: number | null; y: number | null; cx: number | null; cy: number | null };
      expect(hole.cx).not.toBeNull();
      // from the hole's edge (in a grid) to its centre (60 m from every grid: outside the tolerance)
      for (let k = 0; k <= 10; k++) {
        const x = hole.x! + ((hole.cx! - hole.x!) * k) / 10, y = hole.y! + ((hole.cy! - hole.y!) * k) / 10;
        const sql = await locatePoint(trx, x, y);
        expect(model.units.index.locate(x, y, SLIVER_TOLERANCE_M)?.code ?? null, `${k}`).toBe(sql.outcome === 'located' ? sql.grid.code : null);
      }
    });
  });
});

describe('facts and ranking: the model and SQL agree', () => {
  it('on 2,000 random points of the district, each with a random dispute type', async () => {
    const model = await build(db.knex);
    const box = (await db.knex.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM district) s`)).rows[0];
    const next = rng(15);
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const lng = box.x0 + (box.x1 - box.x0) * next(), lat = box.y0 + (box.y1 - box.y0) * next();
      const o = await agree(db.knex, model, lng, lat, TYPES[Math.floor(next() * TYPES.length)]!);
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
    // the sample covers both named outcomes
    expect(outcomes.candidates).toBeGreaterThan(500);
    expect(outcomes.outside_district).toBeGreaterThan(50);
  }, 300_000);

  it('for every village and every dispute type, ranked by village', async () => {
    const model = await build(db.knex);
    const codes = ((await db.knex('villages').orderBy('code').select('code')) as { code: string }[]).map((r) => r.code);
    expect(codes.length).toBeGreaterThan(100);
    let ranked = 0;
    for (const code of codes) {
      for (const type of TYPES) {
        const r = await agreeVillage(db.knex, model, code, type);
        expect(r.outcome).not.toBe('outside_district');
        if (r.outcome === 'outside_district') continue;
        // by village: no grid tier, no nearby tier, no distance, no boundary warning
        expect(r.located.grid_code).toBeNull();
        expect(r.boundary_warning).toBeUndefined();
        for (const c of r.candidates) {
          expect([2, 3, 4]).toContain(c.fact.tier);
          expect(c.distance_m).toBeNull();
          expect(c.reasons.some((x) => x.startsWith('距离'))).toBe(false);
        }
        ranked += r.candidates.length ? 1 : 0;
      }
    }
    expect(ranked).toBeGreaterThan(codes.length);
    // an unknown village is no place in either
    expect(rank(model.villageFacts('000000000000', 'neighbour'), 'neighbour').outcome).toBe('outside_district');
    expect(rank(await villageFactsFromSql(db.knex, '000000000000', 'neighbour'), 'neighbour').outcome).toBe('outside_district');
  }, 300_000);

  it('on the golden dispatch scenarios (tiers, specialty, capacity, leave, boundary, outside, GCJ-02, address)', async () => {
    const scenarios = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'dispatch', 'scenarios.geojson'), 'utf8')) as ScenarioFixture;
    const inputs = scenarios.features.filter((f): f is typeof f & { properties: CaseInput } => f.properties.role === 'case');
    expect(inputs.length).toBeGreaterThan(5);
    for (const f of inputs) {
      const c = f.properties;
      const people = scenarios.features.filter((m) => m.properties.role === 'mediator' && m.properties.scenario === c.scenario) as unknown as { geometry: { coordinates: [number, number] }; properties: SceneMediator }[];
      await rolledBack(async (trx) => {
        await trx('mediators').update({ status: 'withdrawn' });
        const medicalOrg = (await trx('organisations').where({ kind: 'industry', industry: 'medical' }).first('id')).id as number;
        for (const { geometry, properties: p } of people) {
          const [row] = await trx('mediators').insert({
            name: `测试调解员${p.name}(测试)`, kind: 'other', capacity: p.capacity ?? 5, status: p.status ?? 'active',
            specialties: trx.raw('?::text[]', [`{${(p.specialties ?? []).join(',')}}`]), organisation_id: p.org === 'medical' ? medicalOrg : null,
            location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', geometry.coordinates), is_demo: true,
          }).returning('id');
          const id = (row as { id: number }).id;
          for (const [level, code] of p.areas) {
            await trx('mediator_service_areas').insert({
              mediator_id: id, level, code, township_code: level === 'district' ? null : `${code.slice(0, 9)}000`,
              village_code: level === 'village' ? code : level === 'grid' ? code.slice(0, 12) : null,
            });
          }
          for (let i = 0; i < (p.open_cases ?? 0); i++) {
            await trx('cases').insert({
              title: '测试在办案件', dispute_type: 'neighbour', status: 'mediating', mediator_id: id,
              location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', geometry.coordinates),
            });
          }
        }
        const where = await resolveLocation(trx, c.address !== undefined ? { address: c.address } : { lng: f.geometry!.coordinates[0], lat: f.geometry!.coordinates[1], coord_system: c.coord_system });
        const model = await build(trx);
        await agree(trx, model, where.lng, where.lat, c.dispute_type);
        if (where.addressMatch?.level === 'village') await agreeVillage(trx, model, where.addressMatch.code, c.dispute_type);
      });
    }
  }, 120_000);

  it('after a random sequence of assignments, status changes, leave and registry edits, the refreshed model still agrees', async () => {
    await rolledBack(async (trx) => {
      const holder = new DispatchModelHolder(trx);
      const first = await holder.refresh();
      const next = rng(4);
      const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
      const mediators = ((await trx('mediators').select('id')) as { id: number }[]).map((r) => r.id);
      const grids = ((await trx('grids').select('code')) as { code: string }[]).map((r) => r.code);
      const box = (await trx.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM grids) s`)).rows[0];
      for (let round = 0; round < 4; round++) {
        for (let k = 0; k < 15; k++) {
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
        const model = await holder.refresh();
        expect(model).not.toBe(first);
        for (let i = 0; i < 150; i++) {
          await agree(trx, model, box.x0 + (box.x1 - box.x0) * next(), box.y0 + (box.y1 - box.y0) * next(), pick(TYPES));
        }
        for (let i = 0; i < 40; i++) await agreeVillage(trx, model, pick(grids).slice(0, 12), pick(TYPES));
      }
    });
  }, 300_000);
});
