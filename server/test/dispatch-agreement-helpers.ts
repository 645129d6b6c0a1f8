// The comparison the dispatch agreement tests make, at district scale (dispatch-agreement.test.ts, in
// CI) and at province scale (dispatch-agreement-province.test.ts, on a built province): the in-memory
// model (services/dispatch/model.ts) and the SQL (candidates.sql) give, through the one rule (rule.ts
// rank), the same outcome, located units, candidates (order, tier, match, score, distance, reasons,
// load), exclusions, advice and boundary neighbours (the model's facts as they are, and as the preview
// takes them: distances estimated, the exact ones worked out by rank where they can change the answer;
// all, and the first ten). Also the golden scenes and the random writes both
// files run. Writes happen in transactions that are rolled back.
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { DISPUTE_TYPES, type DisputeType } from '../src/contract/vocab.ts';
import { PREVIEW_FIRST } from '../src/contract/cases.ts';
import { factsFromSql, villageFactsFromSql, type PoolMediator } from '../src/services/dispatch/facts.ts';
import { DispatchModelHolder, type DispatchModel } from '../src/services/dispatch/model.ts';
import { rank, type Ranking } from '../src/services/dispatch/rule.ts';
import type { SceneMediator } from './fixtures/dispatch/make-scenarios.ts';

export type Db = Knex | Knex.Transaction;
export const TYPES = Object.keys(DISPUTE_TYPES) as DisputeType[];

class Rollback extends Error {}
/** Runs `fn` in a transaction that is always rolled back. */
export async function rolledBack(knex: Knex, fn: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  await knex.transaction(async (trx) => { await fn(trx); throw new Rollback(); }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
}

/** A point inside a grid (PostGIS ST_PointOnSurface). */
export async function pointInGrid(knex: Db, code: string): Promise<[number, number]> {
  const { rows } = await knex.raw(`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE code = ?) s`, [code]);
  return [rows[0].x, rows[0].y];
}

/** A small seeded generator (mulberry32): the same points every run. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What must agree, in a form toEqual compares (distances to the boundary within 0.2 m, see agree). */
export function view(r: Ranking<PoolMediator>) {
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

/** The model's and the SQL's ranking of a point agree; returns the ranking. */
export async function agree(trx: Db, model: DispatchModel, lng: number, lat: number, type: DisputeType): Promise<Ranking<PoolMediator>> {
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
  return fromSql;
}

/** The same for a dispute known only to its village (ranked by village: no grid, no distance, no boundary). */
export async function agreeVillage(trx: Db, model: DispatchModel, code: string, type: DisputeType): Promise<Ranking<PoolMediator>> {
  const fromSql = rank(await villageFactsFromSql(trx, code, type), type);
  const fromModel = rank(model.villageFacts(code, type), type);
  expect(view(fromModel), `${code} ${type}`).toEqual(view(fromSql));
  return fromSql;
}

export const buildModel = (trx: Db) => new DispatchModelHolder(trx).refresh();

/**
 * A golden scene's mediators (the caller has withdrawn every other mediator): `at` places each (the
 * fixture's point, or that point moved onto another map), `code` names each service area's unit there.
 */
export async function insertScene(
  trx: Knex.Transaction,
  people: { geometry: { coordinates: [number, number] }; properties: SceneMediator }[],
  at: (p: [number, number]) => [number, number],
  code: (c: string) => string = (c) => c,
): Promise<void> {
  const medicalOrg = (await trx('organisations').where({ kind: 'industry', industry: 'medical' }).orderBy('id').first('id')).id as number;
  for (const { geometry, properties: p } of people) {
    const where = at(geometry.coordinates);
    const [row] = await trx('mediators').insert({
      name: `测试调解员${p.name}(测试)`, kind: 'other', capacity: p.capacity ?? 5, status: p.status ?? 'active',
      specialties: trx.raw('?::text[]', [`{${(p.specialties ?? []).join(',')}}`]), organisation_id: p.org === 'medical' ? medicalOrg : null,
      location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', where), is_demo: true,
    }).returning('id');
    const id = (row as { id: number }).id;
    for (const [level, fixtureCode] of p.areas) {
      const c = code(fixtureCode);
      await trx('mediator_service_areas').insert({
        mediator_id: id, level, code: c, township_code: level === 'district' ? null : `${c.slice(0, 9)}000`,
        village_code: level === 'village' ? c : level === 'grid' ? c.slice(0, 12) : null,
      });
    }
    for (let i = 0; i < (p.open_cases ?? 0); i++) {
      await trx('cases').insert({
        title: '测试在办案件', dispute_type: 'neighbour', status: 'mediating', mediator_id: id,
        location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', where),
      });
    }
  }
}

export interface EditPlan {
  rounds: number;
  edits: number;
  points: number;
  villages: number;
}

/**
 * A seeded random sequence of assignments, status changes, leave and registry edits in `trx`, in rounds;
 * after each round the model is refreshed from its change counters and compared with the SQL at every
 * place an edit touched (the mediator's place before and after, the case's, the new service area's grid:
 * in a province, random points alone would seldom meet one of 300,000 mediators), on random points of
 * the grids' box and on random villages.
 */
export async function editAndAgree(trx: Knex.Transaction, seed: number, plan: EditPlan): Promise<{ edits: Record<string, number>; compared: number }> {
  const holder = new DispatchModelHolder(trx);
  const first = await holder.refresh();
  const next = rng(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const mediators = ((await trx('mediators').select('id')) as { id: number }[]).map((r) => r.id);
  const grids = ((await trx('grids').select('code')) as { code: string }[]).map((r) => r.code);
  const box = (await trx.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM grids) s`)).rows[0];
  const KINDS = ['assignment', 'closed', 'status', 'capacity', 'specialty', 'service_area', 'moved'] as const;
  const edits: Record<string, number> = {};
  let compared = 0;
  const pointOf = async (table: string, where: Record<string, unknown>, column: string) =>
    (await trx(table).where(where).first(trx.raw(`ST_X(ST_PointOnSurface(${column})) AS x`), trx.raw(`ST_Y(ST_PointOnSurface(${column})) AS y`))) as { x: number | null; y: number | null } | undefined;
  for (let round = 0; round < plan.rounds; round++) {
    const touched: { x: number | null; y: number | null }[] = [];
    for (let k = 0; k < plan.edits; k++) {
      const m = pick(mediators);
      const place = await pointOf('mediators', { id: m }, 'location');
      if (place) touched.push(place);
      const kind = KINDS[Math.floor(next() * KINDS.length)]!;
      edits[kind] = (edits[kind] ?? 0) + 1;
      switch (kind) {
        case 'assignment': {
          const c = await trx('cases').where({ status: 'pending' }).orderBy('id').offset(Math.floor(next() * 20)).first('id');
          if (c) await trx('cases').where({ id: c.id }).update({ mediator_id: m, status: 'assigned', version: trx.raw('version + 1') });
          if (c) touched.push((await pointOf('cases', { id: c.id }, 'location'))!);
          break;
        }
        case 'closed': { // a status change that closes a case
          const c = await trx('cases').whereIn('status', ['assigned', 'mediating']).orderBy('id').offset(Math.floor(next() * 50)).first('id');
          if (c) await trx('cases').where({ id: c.id }).update({ status: pick(['settled', 'failed', 'withdrawn']) });
          if (c) touched.push((await pointOf('cases', { id: c.id }, 'location'))!);
          break;
        }
        case 'status': await trx('mediators').where({ id: m }).update({ status: pick(['on_leave', 'active', 'withdrawn']) }); break;
        case 'capacity': await trx('mediators').where({ id: m }).update({ capacity: 1 + Math.floor(next() * 4) }); break;
        case 'specialty': await trx('mediators').where({ id: m }).update({ specialties: trx.raw('?::text[]', [`{${pick(['medical', 'traffic', 'labour', 'neighbour'])}}`]) }); break;
        case 'service_area': {
          const g = pick(grids);
          await trx('mediator_service_areas').insert({ mediator_id: m, level: 'grid', code: g, township_code: `${g.slice(0, 9)}000`, village_code: g.slice(0, 12) }).onConflict().ignore();
          touched.push((await pointOf('grids', { code: g }, 'geom'))!);
          break;
        }
        case 'moved': await trx('mediators').where({ id: m }).update({
          location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [box.x0 + (box.x1 - box.x0) * next(), box.y0 + (box.y1 - box.y0) * next()]),
        });
        touched.push((await pointOf('mediators', { id: m }, 'location'))!);
        break;
      }
    }
    const model = await holder.refresh();
    expect(model).not.toBe(first);
    for (const p of touched) {
      if (p.x === null || p.y === null) continue;
      await agree(trx, model, p.x, p.y, pick(TYPES));
      compared++;
    }
    for (let i = 0; i < plan.points; i++) {
      await agree(trx, model, box.x0 + (box.x1 - box.x0) * next(), box.y0 + (box.y1 - box.y0) * next(), pick(TYPES));
      compared++;
    }
    for (let i = 0; i < plan.villages; i++) {
      await agreeVillage(trx, model, pick(grids).slice(0, 12), pick(TYPES));
      compared++;
    }
  }
  return { edits, compared };
}
