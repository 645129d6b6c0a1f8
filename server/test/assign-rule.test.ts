// The assignment rule on real PostGIS. Golden: fixtures/assign/points.geojson (expected answers made
// from the data files by fixtures/make-assign.ts; regenerate with UPDATE_GOLDEN=1 after a data
// rebuild). Scenarios: fixtures/dispatch/scenarios.geojson (GeoJSON in, expected out; fixtures/dispatch/
// make-scenarios.ts). Synthetic: small sets of invented mediators around one grid, inserted inside a
// transaction that is always rolled back, so the shared test database is left as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openTestDatabase } from './helpers.ts';
import { FIXTURES } from './paths.ts';
import { buildAssignFixture, type AssignFixture } from './fixtures/make-assign.ts';
import type { Database } from '../src/db/connection.ts';
import { rankForPoint } from '../src/services/assignment.ts';
import { resolveLocation } from '../src/services/cases.ts';
import { buildScenarios, type CaseInput, type SceneMediator, type ScenarioFixture } from './fixtures/dispatch/make-scenarios.ts';
import type { PreviewAnswer } from '../src/contract/cases.ts';

const file = path.join(FIXTURES, 'assign', 'points.geojson');
if (process.env.UPDATE_GOLDEN || !fs.existsSync(file)) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(buildAssignFixture(), null, 1) + '\n');
}
const golden = JSON.parse(fs.readFileSync(file, 'utf8')) as AssignFixture;

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(async () => { await db.close(); });

describe('golden: points from the demo data', () => {
  it.each(golden.features.map((f) => [f.properties.label, f] as const))('%s', async (_label, f) => {
    const [lng, lat] = f.geometry.coordinates;
    const r = await rankForPoint(db.knex, lng, lat, f.properties.dispute_type);
    const exp = f.properties.expected;
    expect(r.outcome).toBe(exp.outcome);
    if (exp.outcome === 'outside_district' || r.outcome === 'outside_district') return;
    expect(r.located.grid?.code).toBe(exp.grid);
    if (exp.outcome === 'no_eligible_mediator') {
      expect(r.candidates).toEqual([]);
      expect(r.advice).toBeTruthy();
      return;
    }
    expect(r.candidates[0]!.tier).toBe(exp.tier);
    if (exp.mediator_id) expect(r.candidates[0]!.mediator_id).toBe(exp.mediator_id);
    expect(r.candidates.length).toBeGreaterThanOrEqual(exp.candidates_min!);
    // Ranked best first; every candidate explains itself.
    for (let i = 1; i < r.candidates.length; i++) expect(r.candidates[i - 1]!.score).toBeGreaterThanOrEqual(r.candidates[i]!.score);
    for (const c of r.candidates) {
      expect(c.reasons.some((x) => x.startsWith('距离 '))).toBe(true);
      expect(c.reasons).toContain(`在办 ${c.open_cases}/${c.capacity} 件`);
      expect(c.open_cases).toBeLessThan(c.capacity);
    }
  });
});

// --- synthetic mediators around 高岭村第1网格 (董家河镇) -----------------------------------------------

class Rollback extends Error {}
async function rolledBack(fn: (trx: Knex.Transaction) => Promise<void>) {
  await db.knex
    .transaction(async (trx) => { await fn(trx); throw new Rollback(); })
    .catch((e) => { if (!(e instanceof Rollback)) throw e; });
}

const GRID = '411502103207001';
const VILLAGE = '411502103207';
const TOWNSHIP = '411502103000';
const KM_LNG = 1 / (111.32 * Math.cos((32.157 * Math.PI) / 180)); // degrees of longitude per km here

interface Synthetic { name: string; areas: [string, string][]; east_km: number; capacity?: number; status?: string; specialties?: string[]; org?: 'medical' }

/** Every real mediator withdrawn (inside the transaction), then these inserted `east_km` east of P; returns name → id. */
function scene(trx: Knex.Transaction, P: [number, number], people: Synthetic[]): Promise<Record<string, number>> {
  return sceneAt(trx, people.map((p) => ({ ...p, point: [P[0] + p.east_km * KM_LNG, P[1]] as [number, number] })));
}

type Placed = Omit<Synthetic, 'east_km' | 'org'> & { org?: 'medical' | null; point: [number, number] };

/** Every real mediator withdrawn (inside the transaction), then these inserted at their points; returns name → id. */
async function sceneAt(trx: Knex.Transaction, people: Placed[]): Promise<Record<string, number>> {
  await trx('mediators').update({ status: 'withdrawn' });
  const medicalOrg = (await trx('organisations').where({ kind: 'industry', industry: 'medical' }).first('id')).id as number;
  const ids: Record<string, number> = {};
  for (const p of people) {
    const [row] = await trx('mediators').insert({
      name: `测试调解员${p.name}(测试)`, kind: 'other', capacity: p.capacity ?? 5, status: p.status ?? 'active',
      specialties: trx.raw('?::text[]', [`{${(p.specialties ?? []).join(',')}}`]),
      organisation_id: p.org === 'medical' ? medicalOrg : null,
      location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', p.point), is_demo: true,
    }).returning('id');
    ids[p.name] = (row as { id: number }).id;
    for (const [level, code] of p.areas) {
      await trx('mediator_service_areas').insert({
        mediator_id: ids[p.name], level, code,
        township_code: level === 'district' ? null : `${code.slice(0, 9)}000`,
        village_code: level === 'village' ? code : level === 'grid' ? code.slice(0, 12) : null,
      });
    }
  }
  return ids;
}

async function openCasesFor(trx: Knex.Transaction, mediatorId: number, n: number, P: [number, number]) {
  for (let i = 0; i < n; i++) {
    await trx('cases').insert({
      title: '测试在办案件', dispute_type: 'neighbour', status: 'mediating', mediator_id: mediatorId,
      location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', P), grid_code: GRID, village_code: VILLAGE, township_code: TOWNSHIP,
    });
  }
}

const PEOPLE: Synthetic[] = [
  { name: 'G', areas: [['grid', GRID]], east_km: 0.1 },
  { name: 'V', areas: [['village', VILLAGE]], east_km: 0.3 },
  { name: 'T', areas: [['township', TOWNSHIP]], east_km: 0.5 },
  { name: 'TM', areas: [['township', TOWNSHIP]], east_km: 0.8, specialties: ['medical'] },
  { name: 'D', areas: [['district', '411502000000']], east_km: 3, specialties: ['medical'], org: 'medical' },
  { name: 'DL', areas: [['district', '411502000000']], east_km: 0.2, specialties: ['medical'] },
  { name: 'DX', areas: [['district', '411502000000']], east_km: 0.2, specialties: ['traffic'] },
  { name: 'N', areas: [], east_km: 1 },
  { name: 'FAR', areas: [], east_km: 6 },
];

let P: [number, number];
beforeAll(async () => {
  const { rows } = await db.knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [GRID]);
  P = [rows[0].x, rows[0].y];
});

const names = (r: PreviewAnswer, ids: Record<string, number>) => {
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return r.candidates.map((c) => byId[c.mediator_id] ?? `other:${c.mediator_id}`);
};
const excludedAs = (r: PreviewAnswer, ids: Record<string, number>, who: string) => r.excluded.find((e) => e.mediator_id === ids[who])?.reason;

describe('synthetic: tiers, specialty, capacity, leave', () => {
  it('a common dispute: grid → village → township → anyone else within the radius, nearest first; district specialists are not a tier of their own, far mediators are not offered', async () => {
    await rolledBack(async (trx) => {
      const ids = await scene(trx, P, PEOPLE);
      const r = await rankForPoint(trx, P[0], P[1], 'neighbour');
      expect(r.outcome).toBe('candidates');
      expect(names(r, ids)).toEqual(['G', 'V', 'T', 'TM', 'DL', 'DX', 'N', 'D']);
      expect(r.candidates.map((c) => c.tier)).toEqual([1, 2, 3, 3, 5, 5, 5, 5]);
      const g = r.candidates[0]!;
      expect(g.reasons[0]).toBe('负责本网格（高岭村第1网格）');
      // 0.1 km east of the point: the geodesic distance within 1 m of it (reference value 100 m).
      expect(g.distance_m!).toBeGreaterThan(99);
      expect(g.distance_m!).toBeLessThan(101);
      expect(g.reasons).toContain('距离 100 米');
      expect(g.reasons).toContain('在办 0/5 件');
      expect(g.location).toEqual({ type: 'Point', coordinates: [expect.closeTo(P[0] + 0.1 * KM_LNG, 5), expect.closeTo(P[1], 5)] });
      expect(r.candidates.find((c) => c.tier === 5)!.reasons[0]).toBe('周边 5 公里内的调解员');
      // Real mediators of the grid, village and township were withdrawn in this scene.
      expect(r.excluded.length).toBeGreaterThan(0);
      expect(r.excluded.every((e) => e.reason === 'withdrawn' && e.reason_text === '已退出')).toBe(true);
    });
  });

  it('a specialist dispute goes to qualified mediators: the township specialist, then district ones (organisation before personal specialty); the others are excluded as wrong specialty', async () => {
    await rolledBack(async (trx) => {
      const ids = await scene(trx, P, PEOPLE);
      const r = await rankForPoint(trx, P[0], P[1], 'medical');
      expect(names(r, ids)).toEqual(['TM', 'D', 'DL']);
      expect(r.candidates.map((c) => [c.tier, c.specialty_match])).toEqual([[3, 1], [4, 2], [4, 1]]);
      expect(r.candidates[1]!.reasons).toContain('专业对口：所属示例·浉河区医疗纠纷人民调解委员会(演示)');
      for (const who of ['G', 'V', 'T']) expect(excludedAs(r, ids, who)).toBe('wrong_specialty');
      expect(r.excluded.find((e) => e.mediator_id === ids.G)!.reason_text).toContain('专业不对口');
    });
  });

  it('with no qualified specialist available, the responsible mediators are offered, flagged', async () => {
    await rolledBack(async (trx) => {
      const ids = await scene(trx, P, PEOPLE.filter((p) => p.name !== 'DX'));
      const r = await rankForPoint(trx, P[0], P[1], 'traffic');
      // Nearby (tier 5) mediators are looked for only among qualified ones for a specialist type.
      expect(names(r, ids)).toEqual(['G', 'V', 'T', 'TM']);
      expect(r.candidates[0]!.reasons).toContain('无可用的专业对口调解员，由负责本区域的调解员承接');
      expect(r.excluded.some((e) => e.reason === 'wrong_specialty')).toBe(false);
    });
  });

  it('at capacity and on leave are excluded with their reason; the next tier takes the case', async () => {
    await rolledBack(async (trx) => {
      const ids = await scene(trx, P, [{ ...PEOPLE[0]!, capacity: 2 }, { name: 'G2', areas: [['grid', GRID]], east_km: 0, status: 'on_leave' }, PEOPLE[1]!]);
      await openCasesFor(trx, ids.G!, 2, P);
      const r = await rankForPoint(trx, P[0], P[1], 'neighbour');
      expect(names(r, ids)[0]).toBe('V');
      expect(excludedAs(r, ids, 'G')).toBe('at_capacity');
      expect(r.excluded.find((e) => e.mediator_id === ids.G)!.reason_text).toBe('在办案件已满（在办 2/2 件）');
      expect(excludedAs(r, ids, 'G2')).toBe('on_leave');
    });
  });

  it('at equal distance, the less loaded mediator first', async () => {
    await rolledBack(async (trx) => {
      const ids = await scene(trx, P, [{ name: 'BUSY', areas: [['grid', GRID]], east_km: 0.2 }, { name: 'FREE', areas: [['grid', GRID]], east_km: 0.2 }]);
      await openCasesFor(trx, ids.BUSY!, 3, P);
      const r = await rankForPoint(trx, P[0], P[1], 'neighbour');
      expect(names(r, ids)).toEqual(['FREE', 'BUSY']);
      expect(r.candidates[1]!.reasons).toContain('在办 3/5 件');
    });
  });

  it('nobody eligible is a named outcome with advice, not an empty list', async () => {
    await rolledBack(async (trx) => {
      const ids = await scene(trx, P, [{ ...PEOPLE[0]!, status: 'withdrawn' }, { ...PEOPLE[1]!, status: 'on_leave' }]);
      const r = await rankForPoint(trx, P[0], P[1], 'neighbour');
      expect(r.outcome).toBe('no_eligible_mediator');
      expect(r.candidates).toEqual([]);
      if (r.outcome === 'outside_district') throw new Error('unexpected');
      expect(r.advice).toMatch(/没有可分派的调解员/);
      expect(excludedAs(r, ids, 'G')).toBe('withdrawn');
      expect(excludedAs(r, ids, 'V')).toBe('on_leave');
    });
  });
});

describe('boundary warning', () => {
  it('a point on the edge between two grids names the neighbouring grid', async () => {
    const { rows } = await db.knex.raw(`
      SELECT a.code AS a, b.code AS b, ST_X(p) AS x, ST_Y(p) AS y
      FROM grids a JOIN grids b ON b.village_code <> a.village_code AND ST_Intersects(a.geom, b.geom) AND a.code < b.code,
      LATERAL (SELECT ST_LineInterpolatePoint((ST_Dump(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2)))).geom, 0.5) AS p) l
      WHERE a.township_code = '411502103000'
      ORDER BY a.code, b.code LIMIT 1`);
    const { a, b, x, y } = rows[0];
    const r = await rankForPoint(db.knex, x, y, 'neighbour');
    if (r.outcome === 'outside_district') throw new Error('unexpected');
    const other = r.located.grid?.code === a ? b : a;
    expect([a, b]).toContain(r.located.grid?.code);
    expect(r.boundary_warning!.neighbours.map((n) => n.code)).toContain(other);
    // The two grids are in different villages: the neighbouring village is named too.
    expect(r.boundary_warning!.neighbours.some((n) => n.level === 'village' && other.startsWith(n.code))).toBe(true);
    expect(r.boundary_warning!.message).toMatch(/靠近边界/);
  });

  it('a point far inside a large grid has none', async () => {
    const { rows } = await db.knex.raw(`
      SELECT ST_X(c.center) AS x, ST_Y(c.center) AS y
      FROM grids g, LATERAL ST_MaximumInscribedCircle(g.geom) c
      WHERE g.township_code = '411502103000' ORDER BY c.radius DESC LIMIT 1`);
    const r = await rankForPoint(db.knex, rows[0].x, rows[0].y, 'neighbour');
    expect(r.outcome).not.toBe('outside_district');
    expect((r as { boundary_warning?: unknown }).boundary_warning).toBeUndefined();
  });
});

// --- golden scenarios: GeoJSON in (fixtures/dispatch/scenarios.geojson), expected assignment out -------

const scenarioFile = path.join(FIXTURES, 'dispatch', 'scenarios.geojson');
if (process.env.UPDATE_GOLDEN || !fs.existsSync(scenarioFile)) fs.writeFileSync(scenarioFile, JSON.stringify(buildScenarios(), null, 1) + '\n');
const scenarios = JSON.parse(fs.readFileSync(scenarioFile, 'utf8')) as ScenarioFixture;
const inputs = scenarios.features.filter((f): f is typeof f & { properties: CaseInput } => f.properties.role === 'case');

describe('golden scenarios (tiers, specialty, capacity, leave, boundary, outside, GCJ-02, address)', () => {
  it.each(inputs.map((f) => [f.properties.scenario, f] as const))('%s', async (scenario, f) => {
    const c = f.properties;
    const people = scenarios.features.filter((m) => m.properties.role === 'mediator' && m.properties.scenario === scenario) as unknown as { geometry: { coordinates: [number, number] }; properties: SceneMediator }[];
    await rolledBack(async (trx) => {
      // The scene: every real mediator withdrawn, these inserted (as the route does it: resolve the place, then rank).
      const ids = await sceneAt(trx, people.map(({ geometry, properties: p }) => ({ ...p, point: geometry.coordinates })));
      for (const { geometry, properties: p } of people) if (p.open_cases) await openCasesFor(trx, ids[p.name]!, p.open_cases, geometry.coordinates);
      const where = await resolveLocation(trx, c.address !== undefined ? { address: c.address } : { lng: f.geometry!.coordinates[0], lat: f.geometry!.coordinates[1], coord_system: c.coord_system });
      const r = await rankForPoint(trx, where.lng, where.lat, c.dispute_type);
      const exp = c.expected;
      expect(r.outcome).toBe(exp.outcome);
      if (r.outcome === 'outside_district') return;
      if (exp.grid) expect(r.located.grid?.code).toBe(exp.grid);
      if (exp.village) expect(r.located.village.code).toBe(exp.village);
      if (exp.address_match) expect(where.addressMatch).toMatchObject(exp.address_match);
      if (exp.order) expect(names(r, ids)).toEqual(exp.order);
      if (exp.tiers) expect(r.candidates.map((x) => x.tier)).toEqual(exp.tiers);
      if (exp.specialty_match) expect(r.candidates.map((x) => x.specialty_match)).toEqual(exp.specialty_match);
      for (const [who, reason] of Object.entries(exp.excluded ?? {})) expect(excludedAs(r, ids, who)).toBe(reason);
      if (exp.outcome === 'no_eligible_mediator') expect(r.advice).toMatch(/没有可分派的调解员/);
      if (exp.boundary) expect(r.boundary_warning?.neighbours.map((n) => n.code)).toEqual(expect.arrayContaining(exp.boundary));
      if (exp.no_boundary) expect(r.boundary_warning).toBeUndefined();
      // Every candidate explains itself and names the areas it serves.
      for (const x of r.candidates) {
        expect(x.reasons.length).toBeGreaterThan(1);
        expect(x.service_areas).toEqual(people.find((p) => ids[p.properties.name] === x.mediator_id)!.properties.areas.map(([level, code]) => ({ level, code })));
      }
    });
  });
});
