// The dispatch agreement (dispatch-agreement.test.ts) at PROVINCE scale: on a province built by
// server/bench/province-data.ts (200,000 grids, 300,000 mediators, 1,000,000 cases) in the PostgreSQL
// database PROVINCE_URL, the model and the SQL give the same outcome, candidates, order, reasons and
// exclusions on 2,000 seeded random points of the province (every dispute type, some just outside it),
// on villages ranked by village, on the golden dispatch scenes moved onto the province's lattice, and
// after a random sequence of assignments, status changes, leave and registry edits (model refreshed from
// its change counters). Every write is rolled back: the province is left as it was.
//
// Not part of `npm test`: vitest.config.ts lists the `province` project only when PROVINCE_URL is set,
// and the server project leaves this file out. Run it (about 10 minutes on a busy 2-core machine):
//   PROVINCE_URL=postgres://…/province npx vitest run --project province
// Asked for without PROVINCE_URL, or on a database that is not a province, it fails (it never skips).
import fs from 'node:fs';
import path from 'node:path';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { resolveLocation } from '../src/services/cases.ts';
import { CELL, GX, GY, LAT0, LNG0 } from '../bench/province-data.ts';
import { FIXTURES } from './paths.ts';
import { DISTRICT, GRID, TOWNSHIP, VILLAGE, type CaseInput, type SceneMediator, type ScenarioFixture } from './fixtures/dispatch/make-scenarios.ts';
import { agree, agreeVillage, buildModel, editAndAgree, insertScene, rng, rolledBack, TYPES } from './dispatch-agreement-helpers.ts';
import { DispatchModelHolder } from '../src/services/dispatch/model.ts';

const URL = process.env.PROVINCE_URL;
let db: Database;
beforeAll(async () => {
  if (!URL) throw new Error('PROVINCE_URL is not set: build a province (server/bench/province-data.ts) and give its PostgreSQL URL');
  db = await openDatabase({ url: URL, poolMax: 2 });
  const n = (await db.knex('grids').count({ n: '*' }))[0]!.n;
  if (Number(n) < GX * GY) throw new Error(`${URL} holds ${n} grids, not a province (${GX * GY})`);
});
afterAll(async () => { await db?.close(); });

describe('province scale: the model and SQL agree', () => {
  it('on 2,000 seeded random points of the province and 5 % around it, every dispute type', async () => {
    const model = await buildModel(db.knex);
    const next = rng(151);
    const outcomes: Record<string, number> = {};
    const perType: Record<string, number> = {};
    const [w, h] = [GX * CELL, GY * CELL];
    for (let i = 0; i < 2000; i++) {
      const lng = LNG0 - 0.05 * w + 1.1 * w * next(), lat = LAT0 - 0.05 * h + 1.1 * h * next();
      const type = TYPES[i % TYPES.length]!;
      const o = (await agree(db.knex, model, lng, lat, type)).outcome;
      outcomes[o] = (outcomes[o] ?? 0) + 1;
      perType[type] = (perType[type] ?? 0) + 1;
    }
    console.log('[province agreement] 2,000 points:', JSON.stringify(outcomes));
    expect(Object.keys(perType).length).toBe(TYPES.length);
    expect(outcomes.candidates).toBeGreaterThan(1000);
    expect(outcomes.outside_district).toBeGreaterThan(50);
  }, 1_800_000);

  it('on 500 seeded random villages ranked by village, every dispute type', async () => {
    const model = await buildModel(db.knex);
    const codes = ((await db.knex('villages').orderBy('code').select('code')) as { code: string }[]).map((r) => r.code);
    const next = rng(152);
    for (let i = 0; i < 500; i++) {
      const r = await agreeVillage(db.knex, model, codes[Math.floor(next() * codes.length)]!, TYPES[i % TYPES.length]!);
      expect(r.outcome).not.toBe('outside_district');
    }
  }, 1_800_000);

  it('on the golden dispatch scenes moved onto the province (outcome and order as in the district)', async () => {
    const scenarios = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'dispatch', 'scenarios.geojson'), 'utf8')) as ScenarioFixture;
    const cases = scenarios.features.filter((f): f is typeof f & { properties: CaseInput } => f.properties.role === 'case');
    const pointOf = (s: string) => cases.find((f) => f.properties.scenario === s)!.geometry!.coordinates as [number, number];
    // The scene's place in the district, P (tier1's point) or, for the boundary scene, its point 40 m
    // inside GRID from a grid of another village; on the province: the centre of a grid whose west edge
    // is another village's (gx even), and a point 40 m east of that edge.
    const gx = GX / 2, gy = GY / 2;
    const P = pointOf('tier1'), E = pointOf('boundary');
    const P2: [number, number] = [LNG0 + (gx + 0.5) * CELL, LAT0 + (gy + 0.5) * CELL];
    const E2: [number, number] = [LNG0 + gx * CELL + 40 / (111_320 * Math.cos((P2[1] * Math.PI) / 180)), P2[1]];
    const gridAt = async ([x, y]: [number, number]) => (await db.knex.raw(`SELECT code FROM grids WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))`, [x, y])).rows[0].code as string;
    const g = await gridAt(P2), neighbour = await gridAt([E2[0] - 80 / 111_320, E2[1]]);
    expect(neighbour.slice(0, 12)).not.toBe(g.slice(0, 12));
    const codes: Record<string, string> = { [GRID]: g, [VILLAGE]: g.slice(0, 12), [TOWNSHIP]: `${g.slice(0, 9)}000`, [DISTRICT]: `${g.slice(0, 6)}000000` };
    const code = (c: string) => codes[c] ?? (() => { throw new Error(`scene code ${c} has no place on the province`); })();
    const village = (await db.knex('villages').where({ code: g.slice(0, 12) }).first('name', 'township_code')) as { name: string; township_code: string };
    const township = (await db.knex('townships').where({ code: village.township_code }).first('name')) as { name: string };

    await rolledBack(db.knex, async (trx) => {
      await trx('mediators').update({ status: 'withdrawn' });
      const holder = new DispatchModelHolder(trx); // one holder: the grids are read once, the scenes' writes reload the rest
      let scenes = 0;
      for (const f of cases) {
        const c = f.properties;
        const people = scenarios.features.filter((m) => m.properties.role === 'mediator' && m.properties.scenario === c.scenario) as unknown as { geometry: { coordinates: [number, number] }; properties: SceneMediator }[];
        const [from, to] = c.scenario === 'boundary' ? [E, E2] : [P, P2];
        const move = (p: [number, number]): [number, number] => [to[0] + p[0] - from[0], to[1] + p[1] - from[1]];
        await trx.raw('SAVEPOINT scene');
        await insertScene(trx, people, move, code);
        const input = c.address !== undefined ? { address: `${township.name}${village.name}` }
          : c.expected.outcome === 'outside_district' ? { lng: f.geometry!.coordinates[0], lat: f.geometry!.coordinates[1] }
          : c.coord_system === 'gcj02' ? { lng: gcoord.transform(P2, gcoord.WGS84, gcoord.GCJ02)[0], lat: gcoord.transform(P2, gcoord.WGS84, gcoord.GCJ02)[1], coord_system: 'gcj02' as const }
          : (() => { const [lng, lat] = move(f.geometry!.coordinates as [number, number]); return { lng, lat }; })();
        const where = await resolveLocation(trx, input);
        const model = await holder.refresh();
        const atPoint = await agree(trx, model, where.lng, where.lat, c.dispute_type);
        if (c.address !== undefined) expect(where.addressMatch?.code, c.label).toBe(g.slice(0, 12));
        const r = where.addressMatch?.level === 'village' ? await agreeVillage(trx, model, where.addressMatch.code, c.dispute_type) : atPoint;
        // the scene means on the province what it means in the district
        expect(r.outcome, c.label).toBe(c.expected.outcome);
        if (c.expected.order && r.outcome !== 'outside_district') {
          expect(r.candidates.map((x) => x.fact.name.replace(/^测试调解员|\(测试\)$/g, '')), c.label).toEqual(c.expected.order);
        }
        if (c.expected.boundary && r.outcome !== 'outside_district') {
          expect(r.boundary_warning?.neighbours.map((n) => n.code), c.label).toEqual([neighbour, neighbour.slice(0, 12)]);
        }
        await trx.raw('ROLLBACK TO SAVEPOINT scene');
        scenes++;
      }
      expect(scenes).toBe(cases.length);
    });
  }, 1_800_000);

  it('after a random sequence of assignments, status changes, leave and registry edits, the refreshed model still agrees', async () => {
    await rolledBack(db.knex, async (trx) => {
      const { edits, compared } = await editAndAgree(trx, 16, { rounds: 4, edits: 40, points: 150, villages: 40 });
      console.log('[province agreement] random edits:', JSON.stringify(edits), `${compared} comparisons`);
      expect(Object.keys(edits).length).toBe(7);
    });
  }, 1_800_000);
});
