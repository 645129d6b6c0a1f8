// Stale boundary commits (issue 13 §4) and unchanged units (issue 16): a preview made before another
// commit is refused with 409 boundaries_changed; a preview committed twice, or in parallel, makes one
// version set; units whose boundary did not change get no version. The files are made here from one
// village's current grids (swapped, shifted by 0.1 mm, shrunk), so each test says exactly what it changes.
// On the embedded database the parallel commits queue on its one connection; on PostgreSQL they race.
// Every geometry, case and version this file changes is put back in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import type { BoundaryPreview, ImportChanges } from '../src/contract/boundaries.ts';

/** A village the other boundary tests leave alone, with at least three grids. */
let village: string;
let codes: string[];
let t: TestApp;
type Grid = GeoJSON.Feature<GeoJSON.MultiPolygon, { code: string }>;

/** The village's grids as they are now, as GeoJSON features. */
async function currentGrids(): Promise<Grid[]> {
  const { rows } = await t.db.knex.raw(`SELECT code, ST_AsGeoJSON(geom, 15)::json AS geometry FROM grids WHERE village_code = ? ORDER BY code`, [village]);
  return (rows as { code: string; geometry: GeoJSON.MultiPolygon }[]).map((r) => ({ type: 'Feature', properties: { code: r.code }, geometry: r.geometry }));
}
const mapCoords = (g: GeoJSON.MultiPolygon, f: (p: GeoJSON.Position) => GeoJSON.Position): GeoJSON.MultiPolygon =>
  ({ type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(f))) });
/** The same grids with the boundaries of the first two swapped (a change of two units). */
async function swapped(): Promise<Grid[]> {
  const g = await currentGrids();
  return g.map((f, i) => (i > 1 ? f : { ...f, geometry: g[1 - i]!.geometry }));
}

async function preview(features: Grid[]): Promise<BoundaryPreview> {
  const s = await t.login('admin');
  const form = new FormData();
  form.set('level', 'grid');
  form.set('file', new Blob([JSON.stringify({ type: 'FeatureCollection', features })]), 'grids.geojson');
  const res = await fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`preview: ${res.status} ${JSON.stringify(body)}`);
  return body as BoundaryPreview;
}
const commit = (id: string) =>
  t.request(`/api/boundaries/imports/${id}/commit`, { method: 'POST', body: { confirm: true, valid_from: '2026-12-01', accept_warnings: true } });
const revision = async () => Number((await t.db.knex('boundary_revision').first('revision')).revision);
const versionCount = async () => Number((await t.db.knex('area_boundary_versions').where('level', 'grid').whereIn('code', codes).count({ n: '*' }))[0]!.n);

interface Saved { grids: Record<string, unknown>[]; cases: Record<string, unknown>[] }
let saved: Saved;

beforeAll(async () => {
  t = await createTestApp();
  const k = t.db.knex;
  const { rows } = await k.raw(`SELECT village_code FROM grids WHERE village_code NOT LIKE '411502001%' AND village_code NOT LIKE '411502006%'
    GROUP BY village_code HAVING count(*) >= 3 ORDER BY village_code LIMIT 1`);
  village = rows[0].village_code;
  codes = (await k('grids').where('village_code', village).orderBy('code').pluck('code')) as string[];
  saved = {
    grids: (await k.raw(`SELECT code, geometry_source, area_km2, encode(ST_AsEWKB(geom), 'hex') AS geom FROM grids WHERE village_code = ?`, [village])).rows,
    cases: (await k.raw(`SELECT id, township_code, village_code, grid_code, tribunal_id FROM cases WHERE status IN ('pending', 'assigned', 'mediating')`)).rows,
  };
});

afterAll(async () => {
  await t.db.knex.transaction(async (trx) => {
    for (const g of saved.grids) {
      await trx.raw(`UPDATE grids SET geometry_source = ?, area_km2 = ?, geom = ST_GeomFromEWKB(decode(?, 'hex')) WHERE code = ?`, [g.geometry_source, g.area_km2, g.geom, g.code] as never[]);
    }
    await trx.raw(`UPDATE cases c SET township_code = s.township_code, village_code = s.village_code, grid_code = s.grid_code, tribunal_id = s.tribunal_id
      FROM jsonb_to_recordset(?::jsonb) AS s(id int, township_code text, village_code text, grid_code text, tribunal_id int) WHERE c.id = s.id`, [JSON.stringify(saved.cases)]);
    await trx('boundary_case_changes').delete();
    await trx('area_boundary_versions').delete();
    await trx('boundary_revision').update({ import_id: null });
    await trx('import_boundary_previews').delete();
  });
  await t.close();
});

describe('a preview made before another commit', () => {
  let stale: BoundaryPreview;

  it('A and B previewed, A committed: B is refused with 409 boundaries_changed and what to do', async () => {
    const r0 = await revision();
    const a = await preview(await swapped());
    stale = await preview(await currentGrids());
    expect(a.boundary_revision).toBe(r0);
    expect(stale.boundary_revision).toBe(r0);
    const res = await commit(a.id);
    expect(res.status).toBe(200);
    const changes = (await res.json()) as ImportChanges;
    expect(changes).toMatchObject({ units: 2, unchanged: codes.length - 2, boundary_revision: r0 + 1 });
    expect(await revision()).toBe(r0 + 1);
    const versionsBefore = await versionCount();
    const res2 = await commit(stale.id);
    const body = (await res2.clone().json()) as { error: { details: unknown } };
    const err = await expectError(res2, 409, 'boundaries_changed');
    expect(err.message).toBe(`边界已在预览之后被修改（版本 ${r0} → ${r0 + 1}），请重新上传并预览`);
    expect(body.error.details).toEqual({ preview_revision: r0, current_revision: r0 + 1, changed_by_import: a.id });
    expect(await versionCount()).toBe(versionsBefore);
    expect((await t.db.knex('import_boundary_previews').where({ id: stale.id }).first('status')).status).toBe('preview');
  });

  it('the same boundaries again (0.1 mm off, as a reprojection leaves them): 200, no unit changed, no version, the revision kept', async () => {
    const r = await revision();
    const versionsBefore = await versionCount();
    const again = (await currentGrids()).map((f) => ({ ...f, geometry: mapCoords(f.geometry, ([x, y]) => [x! + 1e-9, y! - 1e-9]) }));
    const res = await commit((await preview(again)).id);
    expect(res.status).toBe(200);
    expect((await res.json()) as ImportChanges).toMatchObject({ units: 0, unchanged: codes.length, boundary_revision: r, cases: [] });
    expect(await versionCount()).toBe(versionsBefore);
    expect(await revision()).toBe(r);
    // It changed nothing, so the stale preview is still just as stale.
    await expectError(await commit(stale.id), 409, 'boundaries_changed');
  });

  it('one unit changed among all: one new version for it, none for the others', async () => {
    const before = (await t.db.knex('area_boundary_versions').where('level', 'grid').whereIn('code', codes).select('code', 'version')) as { code: string; version: number }[];
    const g = await currentGrids();
    // The first grid shrunk towards its first vertex by 1 %: a real change (metres), the others as they are.
    const [ox, oy] = g[0]!.geometry.coordinates[0]![0]![0]!;
    g[0] = { ...g[0]!, geometry: mapCoords(g[0]!.geometry, ([x, y]) => [ox! + (x! - ox!) * 0.99, oy! + (y! - oy!) * 0.99]) };
    const res = await commit((await preview(g)).id);
    expect(res.status).toBe(200);
    expect((await res.json()) as ImportChanges).toMatchObject({ units: 1, unchanged: codes.length - 1 });
    const after = (await t.db.knex('area_boundary_versions').where('level', 'grid').whereIn('code', codes).select('code', 'version')) as { code: string; version: number }[];
    const added = after.filter((v) => !before.some((b) => b.code === v.code && b.version === v.version));
    // The first grid was swapped by the first test, so it already has versions 1 and 2: this is version 3.
    expect(added).toEqual([{ code: codes[0], version: 3 }]);
  });
});

describe('concurrent commits', () => {
  const N = 20;
  const statuses = (list: Response[]) => list.map((r) => r.status).sort();
  const codesOf = async (list: Response[]) => Promise.all(list.filter((r) => r.status === 409).map(async (r) => ((await r.json()) as { error: { code: string } }).error.code));

  it(`the same preview committed by ${N} parallel requests: one 200, ${N - 1} × 409 already_committed, one version set`, async () => {
    const p = await preview(await swapped());
    const list = await Promise.all(Array.from({ length: N }, () => commit(p.id)));
    expect(statuses(list)).toEqual([200, ...Array(N - 1).fill(409)]);
    expect(new Set(await codesOf(list))).toEqual(new Set(['already_committed']));
    const rows = await t.db.knex('area_boundary_versions').where({ import_id: p.id }).select('code');
    expect(rows.map((r) => r.code).sort()).toEqual(codes.slice(0, 2));
  });

  it('a commit and a discard of the same preview at once: one of them wins, the other is refused', async () => {
    const p = await preview(await swapped());
    const [c, d] = await Promise.all([commit(p.id), t.request(`/api/boundaries/imports/${p.id}`, { method: 'DELETE' })]);
    const status = (await t.db.knex('import_boundary_previews').where({ id: p.id }).first('status')).status;
    const versions = Number((await t.db.knex('area_boundary_versions').where({ import_id: p.id }).count({ n: '*' }))[0]!.n);
    if (c.status === 200) {
      await expectError(d, 409, 'already_committed');
      expect([status, versions]).toEqual(['committed', 2]);
    } else {
      await expectError(c, 409, 'import_discarded');
      expect(d.status).toBe(200);
      expect([status, versions]).toEqual(['discarded', 0]);
    }
  });

  it(`${N} previews of the same file committed in parallel: one 200, ${N - 1} × 409 boundaries_changed, one version set`, async () => {
    const file = await swapped();
    const previews: BoundaryPreview[] = [];
    for (let i = 0; i < N; i++) previews.push(await preview(file));
    const list = await Promise.all(previews.map((p) => commit(p.id)));
    expect(statuses(list)).toEqual([200, ...Array(N - 1).fill(409)]);
    expect(new Set(await codesOf(list))).toEqual(new Set(['boundaries_changed']));
    const rows = await t.db.knex('area_boundary_versions').whereIn('import_id', previews.map((p) => p.id)).select('code');
    expect(rows.map((r) => r.code).sort()).toEqual(codes.slice(0, 2));
  });
});
