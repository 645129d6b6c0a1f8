// Boundary import: fixtures (server/test/fixtures/boundaries, made by make.ts from data/build) through
// upload → preview → commit. Every geometry, case and version this file changes is put back in afterAll.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import JSZip from 'jszip';
import { rewind } from '@turf/turf';
import { createTestApp, expectError, readBuild, type DemoUser, type TestApp } from './helpers.ts';
import { writeDbf, writePolygons } from './fixtures/shapefile.ts';
import { dbfEncoding } from '../src/services/boundaries/read-file.ts';
import type { BoundaryPreview, ImportChanges } from '../src/contract/boundaries.ts';
import { commitImport } from '../src/services/boundaries/commit.ts';
import type { Actor } from '../src/services/masking.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/boundaries');
const TOWNSHIP = '411502006000';
const OVERLAP_VILLAGE = '411502001003';
const BAD_VILLAGE = '411502001007';
const SWAP_VILLAGE = '411502001004';

let t: TestApp;

async function upload(file: string, fields: Record<string, string>, as: DemoUser = 'admin', content?: Buffer): Promise<Response> {
  const s = await t.login(as);
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(content ?? fs.readFileSync(path.join(FIX, file)))]), file);
  return fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
}
async function preview(file: string, fields: Record<string, string>): Promise<BoundaryPreview> {
  const res = await upload(file, fields);
  const body = await res.json();
  if (res.status !== 201) throw new Error(`${file}: ${res.status} ${JSON.stringify(body)}`);
  return body as BoundaryPreview;
}
const commit = (id: string, body: unknown = { confirm: true, valid_from: '2026-12-01' }) =>
  t.request(`/api/boundaries/imports/${id}/commit`, { method: 'POST', body });

/** A fingerprint of everything an import may write: geometry, sources, areas, points, case units, versions. */
async function fingerprint(): Promise<string> {
  const { rows } = await t.db.knex.raw(`
    SELECT md5(string_agg(x, '|' ORDER BY x)) AS h FROM (
      SELECT code || geometry_source || area_km2 || md5(ST_AsBinary(geom)) AS x FROM grids
      UNION ALL SELECT code || geometry_source || area_km2 || md5(ST_AsBinary(geom)) || md5(ST_AsBinary(point)) FROM villages
      UNION ALL SELECT code || geometry_source || area_km2 || md5(ST_AsBinary(geom)) FROM townships
      UNION ALL SELECT id || coalesce(grid_code, '') || coalesce(village_code, '') || coalesce(tribunal_id::text, '') FROM cases
      UNION ALL SELECT 'v' || count(*) FROM area_boundary_versions
      UNION ALL SELECT 'c' || count(*) FROM boundary_case_changes
      UNION ALL SELECT 'p' || count(*) FROM import_boundary_previews WHERE status = 'committed'
    ) s`);
  return rows[0].h;
}

interface Saved { grids: Record<string, unknown>[]; villages: Record<string, unknown>[]; cases: Record<string, unknown>[] }
let saved: Saved;

beforeAll(async () => {
  t = await createTestApp();
  const k = t.db.knex;
  // Everything the commits below touch, exactly (WKB), so afterAll can put it back.
  saved = {
    grids: (await k.raw(`SELECT code, geometry_source, area_km2, encode(ST_AsEWKB(geom), 'hex') AS geom FROM grids WHERE village_code IN (?, ?)`, [SWAP_VILLAGE, OVERLAP_VILLAGE])).rows,
    villages: (await k.raw(`SELECT code, geometry_source, area_km2, point_source, encode(ST_AsEWKB(geom), 'hex') AS geom, encode(ST_AsEWKB(point), 'hex') AS point FROM villages WHERE township_code = ?`, [TOWNSHIP])).rows,
    cases: (await k.raw(`SELECT id, township_code, village_code, grid_code, tribunal_id FROM cases WHERE status IN ('pending', 'assigned', 'mediating')`)).rows,
  };
});

afterAll(async () => {
  const k = t.db.knex;
  await k.transaction(async (trx) => {
    for (const g of saved.grids) {
      await trx.raw(`UPDATE grids SET geometry_source = ?, area_km2 = ?, geom = ST_GeomFromEWKB(decode(?, 'hex')) WHERE code = ?`, [g.geometry_source, g.area_km2, g.geom, g.code] as never[]);
    }
    for (const v of saved.villages) {
      await trx.raw(`UPDATE villages SET geometry_source = ?, area_km2 = ?, point_source = ?, geom = ST_GeomFromEWKB(decode(?, 'hex')), point = ST_GeomFromEWKB(decode(?, 'hex')) WHERE code = ?`,
        [v.geometry_source, v.area_km2, v.point_source, v.geom, v.point, v.code] as never[]);
    }
    await trx.raw(`UPDATE cases c SET township_code = s.township_code, village_code = s.village_code, grid_code = s.grid_code, tribunal_id = s.tribunal_id
      FROM jsonb_to_recordset(?::jsonb) AS s(id int, township_code text, village_code text, grid_code text, tribunal_id int) WHERE c.id = s.id`, [JSON.stringify(saved.cases)]);
    await trx('boundary_case_changes').delete();
    await trx('area_boundary_versions').delete();
    await trx('import_boundary_previews').delete();
  });
  await t.close();
});

describe('preview', () => {
  it('a good GeoJSON of one township\'s villages: all matched by the detected code property, nothing to report', async () => {
    const p = await preview('villages-good.geojson', { level: 'village' });
    expect(p.crs).toMatchObject({ used: 'EPSG:4326', source: 'default' });
    expect(p.match).toMatchObject({ by: 'code', property: '区划代码' });
    expect(p.match.candidates[0]).toEqual({ property: '区划代码', matches: 9 });
    expect(p.summary).toMatchObject({ features: 9, matched: 9, unmatched: 0, units_without_feature: 0, invalid: 0, outside: 0, overlaps: 0, gaps: 0, errors: 0, warnings: 0, can_commit: true });
    expect(p.features.every((f) => f.status === 'ok' && f.code?.startsWith('411502006'))).toBe(true);
    expect(p.features[0]!.unit_name).toBe('京深社区');
  });

  it('a zipped Shapefile in CGCS2000 3-degree GK CM 114°E: CRS from the .prj, back on the current boundaries within a centimetre', async () => {
    const p = await preview('villages-cgcs2000-gk.zip', { level: 'village' });
    expect(p.file.format).toBe('shapefile');
    expect(p.crs).toMatchObject({ used: 'EPSG:4547', source: 'prj' });
    expect(p.match.property).toBe('CODE');
    expect(p.summary).toMatchObject({ matched: 9, errors: 0, warnings: 0, overlaps: 0, gaps: 0 });
    const { rows } = await t.db.knex.raw(`SELECT max(ST_HausdorffDistance(f.geom::geography::geometry, v.geom)) AS d,
      max(ST_Distance(ST_PointOnSurface(f.geom)::geography, ST_PointOnSurface(v.geom)::geography)) AS m
      FROM import_boundary_features f JOIN villages v ON v.code = f.code WHERE f.preview_id = ?`, [p.id]);
    expect(Number(rows[0].d)).toBeLessThan(1e-7); // degrees: about 1 cm
  });

  it('a GCJ-02 GeoJSON: converted when the user says so (within a metre), about 500 m off when not', async () => {
    const p = await preview('villages-gcj02.geojson', { level: 'village', crs: 'gcj02' });
    expect(p.crs).toMatchObject({ used: 'gcj02', source: 'user' });
    expect(p.summary).toMatchObject({ matched: 9, errors: 0 });
    const { rows } = await t.db.knex.raw(`SELECT max(ST_HausdorffDistance(ST_Transform(f.geom, 3857), ST_Transform(v.geom, 3857))) AS d
      FROM import_boundary_features f JOIN villages v ON v.code = f.code WHERE f.preview_id = ?`, [p.id]);
    expect(Number(rows[0].d)).toBeLessThan(1); // metres (web mercator, ~1.18 × ground metres here)
    const raw = await preview('villages-gcj02.geojson', { level: 'village' });
    expect(raw.summary.warnings).toBeGreaterThan(0);
    expect(raw.features.some((f) => f.problems.some((x) => x.kind === 'outside_parent'))).toBe(true);
  });

  it('a KML matched by name (tolerant of the 居民委员会 suffixes)', async () => {
    const p = await preview('villages.kml', { level: 'village', match_by: 'name' });
    expect(p.file.format).toBe('kml');
    expect(p.crs).toMatchObject({ used: 'EPSG:4326', source: 'kml' });
    expect(p.match).toMatchObject({ by: 'name', property: 'name' });
    expect(p.summary).toMatchObject({ matched: 9, unmatched: 0, errors: 0 });
  });

  it('overlaps and a gap between sibling grids, each with its area in m²', async () => {
    const p = await preview('grids-overlap-gap.geojson', { level: 'grid' });
    expect(p.match.property).toBe('网格编码');
    expect(p.summary.errors).toBe(0);
    expect(p.summary.overlaps).toBeGreaterThan(0);
    const first = `${OVERLAP_VILLAGE}001`;
    expect(p.overlaps.every((o) => o.a === first || o.b === first)).toBe(true);
    expect(p.overlaps.every((o) => o.area_m2 > 1)).toBe(true);
    expect(p.gaps.map((g) => g.parent_code)).toContain(OVERLAP_VILLAGE);
    const gap = p.gaps.find((g) => g.parent_code === OVERLAP_VILLAGE)!;
    // The second grid shrunk by 15 % leaves 1 − 0.85² = 28 % of its old area uncovered, less what the
    // enlarged first grid now covers of it.
    const second = p.features.find((f) => f.code === `${OVERLAP_VILLAGE}002`)!;
    const uncovered = second.area_m2! * (1 / 0.7225 - 1);
    expect(gap.area_m2).toBeGreaterThan(uncovered * 0.5);
    expect(gap.area_m2).toBeLessThan(uncovered * 1.01);
    expect(p.features.find((f) => f.code === first)!.problems.map((x) => x.kind)).toContain('overlap');
    // The map gets the imported shapes and the problem areas.
    const fc = (await (await t.get(`/api/boundaries/imports/${p.id}/geojson`)).json()) as GeoJSON.FeatureCollection;
    expect(fc.features.filter((f) => f.properties!.kind === 'imported')).toHaveLength(5);
    expect(fc.features.filter((f) => f.properties!.kind === 'overlap').length).toBe(p.overlaps.length);
    expect(fc.features.filter((f) => f.properties!.kind === 'gap')).toHaveLength(p.gaps.length);
  });

  it('every kind of bad feature is reported per feature, and such a preview cannot be committed', async () => {
    const before = await fingerprint();
    const p = await preview('grids-bad.geojson', { level: 'grid' });
    const kinds = p.features.map((f) => f.problems.map((x) => `${x.kind}:${x.severity}`));
    expect(kinds[0]).toContain('invalid_geometry:error');
    expect(p.features[0]!.problems.find((x) => x.kind === 'invalid_geometry')!.message).toMatch(/自相交/);
    expect(kinds[1]).toContain('outside_district:error');
    expect(kinds[2]).toEqual(['unmatched:warning']);
    expect(p.features[2]!.problems[0]!.message).toContain(`${BAD_VILLAGE}999`);
    expect(p.features[3]!.status).not.toBe('error');
    expect(kinds[4]).toContain('duplicate:error');
    expect(kinds[5]).toContain('not_polygon:error');
    expect(p.summary).toMatchObject({ features: 6, unmatched: 2, can_commit: false });
    expect(p.units_without_feature.map((u) => u.code)).toContain(`${BAD_VILLAGE}003`);
    await expectError(await commit(p.id), 422, 'preview_has_errors');
    expect(await fingerprint()).toBe(before);
    // Asked to, ST_MakeValid repairs the self-intersection (a warning then).
    const fixed = await preview('grids-bad.geojson', { level: 'grid', make_valid: 'true' });
    expect(fixed.features[0]!.problems.map((x) => x.kind)).toContain('repaired');
    expect(fixed.features[0]!.problems.some((x) => x.severity === 'error')).toBe(false);
  });

  it('townships: the data set\'s own file matches all 19 and finds nothing but slivers (not reported)', async () => {
    const own = fs.readFileSync(path.join(FIX, '../../../../data/build/townships.geojson'));
    const res = await upload('townships.geojson', { level: 'township' }, 'admin', own);
    expect(res.status).toBe(201);
    const p = (await res.json()) as BoundaryPreview;
    expect(p.match.property).toBe('code');
    expect(p.summary).toMatchObject({ features: 19, matched: 19, errors: 0, overlaps: 0, gaps: 0, outside: 0, units_without_feature: 0 });
  });

  it('refuses what it cannot read, with a message', async () => {
    await expectError(await upload('make.ts', { level: 'grid' }), 422, 'unreadable_file');
    await expectError(await upload('villages-good.geojson', { level: 'street' }), 400, 'invalid_input');
    await expectError(await upload('villages-good.geojson', { level: 'village', code_property: 'nope' }), 422, 'unknown_property');
    await expectError(await upload('villages-cgcs2000-gk.zip', { level: 'village', crs: 'EPSG:4326' }), 422, 'coordinates_out_of_range');
    await expectError(await t.request('/api/boundaries/imports', { method: 'POST', body: {} }), 400, 'file_required');
    await expectError(await upload('villages-good.geojson', { level: 'village' }, 'planner'), 403, 'forbidden');
  });
});

describe('commit', () => {
  let changes: ImportChanges;
  let swapId: string;

  it('a commit that fails half-way leaves the database unchanged', async () => {
    const p = await preview('grids-swap.geojson', { level: 'grid' });
    expect(p.summary).toMatchObject({ matched: 5, errors: 0, warnings: 0, can_commit: true });
    swapId = p.id;
    const before = await fingerprint();
    // The audit entry is the commit's last write: failing there means every other write already happened.
    const admin = (await t.db.knex('users').where({ username: 'admin' }).first('id', 'username', 'role', 'tribunal_id', 'mediator_id')) as Actor;
    let reached = false;
    await expect(commitImport(t.db.knex, admin, p.id, { valid_from: '2026-12-01' }, async (trx) => {
      reached = true;
      expect(Number((await trx('area_boundary_versions').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
      throw new Error('audit failed');
    })).rejects.toThrow('audit failed');
    expect(reached).toBe(true);
    expect(await fingerprint()).toBe(before);
    expect((await t.db.knex('import_boundary_previews').where({ id: p.id }).first('status')).status).toBe('preview');
    if (inject('database').kind === 'postgres') {
      // And a database error half-way (re-locating the open cases) through HTTP: a 500, nothing written.
      // (Not on the embedded database: an error inside a statement there upsets pglite-socket's protocol.)
      await t.db.knex.raw(`CREATE FUNCTION boundary_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boundary test: fail'; END $$`);
      await t.db.knex.raw(`CREATE TRIGGER boundary_test_fail BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION boundary_test_fail()`);
      try {
        expect((await commit(p.id)).status).toBe(500);
      } finally {
        await t.db.knex.raw(`DROP TRIGGER boundary_test_fail ON cases; DROP FUNCTION boundary_test_fail()`);
      }
      expect(await fingerprint()).toBe(before);
    }
  });

  it('commits as a new version: history kept, geometry_source imported, moved open cases listed', async () => {
    const k = t.db.knex;
    const open = await k('cases').whereIn('status', ['pending', 'assigned', 'mediating'])
      .whereIn('grid_code', [`${SWAP_VILLAGE}001`, `${SWAP_VILLAGE}003`]).select('id', 'grid_code');
    expect(open.length).toBeGreaterThan(0);
    const invalidate = vi.spyOn(t.ctx.tiles, 'invalidate');
    const res = await commit(swapId);
    expect(res.status).toBe(200);
    expect(invalidate).toHaveBeenCalled(); // the in-memory tiles are cut again from the new boundaries
    changes = (await res.json()) as ImportChanges;
    // Only the two swapped grids changed: the other three get no version.
    expect(changes).toMatchObject({ level: 'grid', valid_from: '2026-12-01', units: 2, unchanged: 3 });
    // Every open case of the two swapped grids changed grid (each location now lies in the other one).
    expect(changes.cases.map((c) => c.case_id).sort((a, b) => a - b)).toEqual(expect.arrayContaining(open.map((o) => o.id)));
    for (const c of changes.cases.filter((c) => open.some((o) => o.id === c.case_id))) {
      expect(c.new.grid_code).toBe(c.old.grid_code === `${SWAP_VILLAGE}001` ? `${SWAP_VILLAGE}003` : `${SWAP_VILLAGE}001`);
    }
    const cur = await k('cases').whereIn('id', open.map((o) => o.id)).select('id', 'grid_code');
    for (const c of cur) expect(c.grid_code).not.toBe(open.find((o) => o.id === c.id)!.grid_code);
    const grids = await k('grids').where('village_code', SWAP_VILLAGE).orderBy('code').select('code', 'geometry_source', 'area_km2');
    expect(grids.map((g) => g.geometry_source === 'imported')).toEqual([true, false, true, false, false]);
    const versions = await k('area_boundary_versions').where({ level: 'grid' }).whereLike('code', `${SWAP_VILLAGE}%`).orderBy(['code', 'version'])
      .select('code', 'version', 'geometry_source', k.raw(`to_char(valid_from, 'YYYY-MM-DD') AS valid_from`), k.raw(`to_char(valid_to, 'YYYY-MM-DD') AS valid_to`));
    expect(versions.map((v) => `${v.code.slice(-3)}/${v.version}`)).toEqual(['001/1', '001/2', '003/1', '003/2']);
    expect(versions[0]).toMatchObject({ version: 1, geometry_source: 'schematic', valid_from: null, valid_to: '2026-12-01' });
    expect(versions[1]).toMatchObject({ version: 2, geometry_source: 'imported', valid_from: '2026-12-01', valid_to: null });
    // The swapped areas were recomputed.
    const g1 = grids.find((g) => g.code === `${SWAP_VILLAGE}001`)!;
    const old3 = saved.grids.find((g) => g.code === `${SWAP_VILLAGE}003`)!;
    expect(Number(g1.area_km2)).toBeCloseTo(Number(old3.area_km2), 2);
    const audit = await k('audit_log').where({ action: 'import.boundaries', target_id: swapId }).first('details', 'outcome');
    expect(audit.outcome).toBe('success');
  });

  it('the dispatcher reads the changes; other roles may not; a second commit is refused', async () => {
    const res = await t.request(`/api/boundaries/imports/${swapId}/changes`, { as: 'dispatcher' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ImportChanges).cases).toEqual(changes.cases);
    await expectError(await t.request(`/api/boundaries/imports/${swapId}/changes`, { as: 'leader' }), 403, 'forbidden');
    // A dispatcher scoped to a tribunal reads only the changed cases it may reach (services/case-scope.ts).
    const djh = await t.login('dispatcher_djh');
    const scoped = ((await (await t.request(`/api/boundaries/imports/${swapId}/changes`, { as: 'dispatcher_djh' })).json()) as ImportChanges).cases;
    const theirs = await t.db.knex('cases').whereIn('id', changes.cases.map((c) => c.case_id)).where('tribunal_id', djh.user.tribunal_id!).pluck('id');
    expect(scoped.map((c) => c.case_id).sort((a, b) => a - b)).toEqual(theirs.map(Number).sort((a, b) => a - b));
    const list = (await (await t.request('/api/boundaries/imports', { as: 'dispatcher' })).json()) as { items: { id: string; cases_changed: number }[] };
    expect(list.items.map((i) => i.id)).toEqual([swapId]);
    expect(list.items[0]!.cases_changed).toBe(changes.cases.length);
    await expectError(await commit(swapId), 409, 'already_committed');
  });

  it('keeps the version history per level, and a later import cannot start before the current version', async () => {
    const v = (await (await t.get(`/api/boundaries/versions?level=grid&code=${SWAP_VILLAGE}001`)).json()) as { items: { version: number; valid_to: string | null }[] };
    expect(v.items.map((i) => i.version)).toEqual([2, 1]);
    // The swap swapped back (the same file again would change nothing: no version, so no date to check).
    const fc = JSON.parse(fs.readFileSync(path.join(FIX, 'grids-swap.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
    const [i1, i3] = [`${SWAP_VILLAGE}001`, `${SWAP_VILLAGE}003`].map((c) => fc.features.findIndex((f) => Object.values(f.properties!).includes(c)));
    [fc.features[i1!]!.geometry, fc.features[i3!]!.geometry] = [fc.features[i3!]!.geometry, fc.features[i1!]!.geometry];
    const res = await upload('grids-back.geojson', { level: 'grid' }, 'admin', Buffer.from(JSON.stringify(fc)));
    const p = (await res.json()) as BoundaryPreview;
    await expectError(await commit(p.id, { confirm: true, valid_from: '2026-01-01' }), 422, 'valid_from_too_early');
    await expectError(await commit(p.id, { confirm: false }), 400, 'invalid_input');
  });

  it('a village import that disagrees with the grids (cases are located by grid) is refused with the list of those grids', async () => {
    // The township's villages moved 0.004° north (about 445 m): not the GCJ-02 offset (that one is refused
    // on its own, gis-import.test.ts), but enough to put grids mostly into other villages.
    const north = (text: string) => text.replace(/\[(11\d\.\d+),(3\d\.\d+)\]/g, (_m, x: string, y: string) => `[${x},${(Number(y) + 0.004).toFixed(7)}]`);
    const shifted = north(fs.readFileSync(path.join(FIX, 'villages-good.geojson'), 'utf8'));
    const p = (await (await upload('villages-north.geojson', { level: 'village' }, 'admin', Buffer.from(shifted))).json()) as BoundaryPreview;
    expect(p.crs_offset).toBeNull();
    expect(p.grid_conflicts.length).toBeGreaterThan(0);
    expect(p.grid_conflicts.every((g) => g.recorded !== g.lies_in && g.share > 0.5 && g.recorded_name && g.lies_in_name)).toBe(true);
    expect(p.summary.can_commit).toBe(false);
    await expectError(await commit(p.id, { confirm: true, valid_from: '2026-12-01', accept_warnings: true }), 422, 'preview_has_errors');
  });
});

describe('a Shapefile whose attribute table is GBK (as GIS software in China writes it)', () => {
  type V = GeoJSON.Feature<GeoJSON.MultiPolygon, { code: string; display_name: string; parent_code: string }>;
  const villages = readBuild<{ features: V[] }>('villages.geojson').features.filter((f) => f.properties.parent_code === TOWNSHIP);
  /** A zipped Shapefile of the township's villages in WGS 84, names in GBK, with the .cpg given (or none). */
  async function gbkZip(cpg: string | null, ldid = 0): Promise<Buffer> {
    // Shapefile rings: outer clockwise (turf's rewind with reverse).
    const shapes = villages.map((f) => (rewind(f.geometry, { reverse: true }) as GeoJSON.MultiPolygon).coordinates.flat());
    const { shp, shx } = writePolygons(shapes);
    const dbf = writeDbf([{ name: 'CODE', len: 12 }, { name: 'NAME', len: 60 }], villages.map((f) => [f.properties.code, f.properties.display_name]), { encoding: 'gbk', ldid });
    const zip = new JSZip();
    zip.file('v.shp', shp); zip.file('v.shx', shx); zip.file('v.dbf', dbf);
    if (cpg !== null) zip.file('v.cpg', cpg);
    return zip.generateAsync({ type: 'nodebuffer' });
  }

  for (const [label, cpg, ldid] of [['no .cpg', null, 0], ['a .cpg of "936"', '936', 0], ['a .cpg of "ANSI 936"', 'ANSI 936\r\n', 0], ['no .cpg but the header says code page 936', null, 0x4d]] as const) {
    it(`${label}: the Chinese names are read right`, async () => {
      const res = await upload('v.zip', { level: 'village' }, 'admin', await gbkZip(cpg, ldid));
      expect(res.status).toBe(201);
      const p = (await res.json()) as BoundaryPreview;
      expect(p.summary).toMatchObject({ features: villages.length, matched: villages.length, errors: 0 });
      expect(p.features.map((f) => f.file_name)).toEqual(villages.map((f) => f.properties.display_name));
    });
  }

  it('dbfEncoding: the .cpg first, then the language driver, then UTF-8 if the records are valid UTF-8, else GBK', () => {
    const rows = [['411502006001', '京深社区']];
    const utf8 = writeDbf([{ name: 'C', len: 12 }, { name: 'N', len: 20 }], rows);
    const gbk = writeDbf([{ name: 'C', len: 12 }, { name: 'N', len: 20 }], rows, { encoding: 'gbk' });
    expect(dbfEncoding(gbk, '936')).toBe('gbk');
    expect(dbfEncoding(gbk, 'cp936')).toBe('gbk');
    expect(dbfEncoding(gbk, 'GB2312')).toBe('gbk');
    expect(dbfEncoding(gbk, 'GB18030')).toBe('gb18030');
    expect(dbfEncoding(utf8, 'UTF-8')).toBe('UTF-8');
    expect(dbfEncoding(utf8, undefined)).toBe('utf-8');
    expect(dbfEncoding(gbk, undefined)).toBe('gbk');
    expect(dbfEncoding(gbk, '  ')).toBe('gbk');
    expect(dbfEncoding(writeDbf([{ name: 'C', len: 12 }], [['411502006001']], { ldid: 0x4d }), undefined)).toBe('gbk');
  });
});
