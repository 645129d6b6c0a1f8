// The two sources of the assignment rule's facts agree: the in-memory model (services/dispatch/model.ts,
// locate.ts) and the SQL (candidates.sql, shihe_locate) give, through the one rule (rule.ts rank), the
// same outcome, located units, candidates (order, tier, match, score, distance, reasons, load), exclusions,
// advice and boundary neighbours — on the golden locate points, on grid vertices (points on shared
// boundaries), on 2,000 random points of the district (seeded), for every village ranked by village (an
// address matched only to a village: candidates-village.sql and model.villageFacts), on the golden dispatch scenarios, and
// after a random sequence of assignments, status changes, leave and registry edits (the model refreshed
// from its change counters). District scale, so it runs in CI on both databases; the province scale runs
// on a built province: dispatch-agreement-province.test.ts (PROVINCE_URL). The comparison is
// dispatch-agreement-helpers.ts. Writes happen in transactions that are rolled back.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.ts';
import { villageFactsFromSql } from '../src/services/dispatch/facts.ts';
import { rank } from '../src/services/dispatch/rule.ts';
import { locatePoint, SLIVER_TOLERANCE_M } from '../src/services/locate.ts';
import { resolveLocation } from '../src/services/cases.ts';
import { openTestDatabase } from './helpers.ts';
import { FIXTURES } from './paths.ts';
import type { LocateFixture } from './fixtures/make-locate.ts';
import type { CaseInput, SceneMediator, ScenarioFixture } from './fixtures/dispatch/make-scenarios.ts';
import { agree, agreeVillage, buildModel as build, editAndAgree, insertScene, rng, rolledBack as rolledBackIn, TYPES } from './dispatch-agreement-helpers.ts';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

const rolledBack = (fn: (trx: Knex.Transaction) => Promise<void>) => rolledBackIn(db.knex, fn);

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
      const o = (await agree(db.knex, model, lng, lat, TYPES[Math.floor(next() * TYPES.length)]!)).outcome;
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
        await insertScene(trx, people, (p) => p);
        const where = await resolveLocation(trx, c.address !== undefined ? { address: c.address } : { lng: f.geometry!.coordinates[0], lat: f.geometry!.coordinates[1], coord_system: c.coord_system });
        const model = await build(trx);
        await agree(trx, model, where.lng, where.lat, c.dispute_type);
        if (where.addressMatch?.level === 'village') await agreeVillage(trx, model, where.addressMatch.code, c.dispute_type);
      });
    }
  }, 120_000);

  it('after a random sequence of assignments, status changes, leave and registry edits, the refreshed model still agrees', async () => {
    await rolledBack(async (trx) => {
      const { compared } = await editAndAgree(trx, 4, { rounds: 4, edits: 15, points: 150, villages: 40 });
      expect(compared).toBeGreaterThan(4 * 190 + 4 * 15);
    });
  }, 300_000);
});
