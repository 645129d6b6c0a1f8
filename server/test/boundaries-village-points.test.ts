// A consistent grids-then-villages import: one village and its grids moved together about 100 m east
// (0.001° of longitude), inside the district. The grid commit relocates the open cases; the village commit
// then passes the grid check, and a village representative point that its new polygon no longer
// contains is moved inside (ST_PointOnSurface, boundary-commit-apply.sql). Fixtures built here from the
// database; every geometry, case and version this file changes is put back in afterAll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';
import type { BoundaryPreview, ImportChanges } from '../src/contract/boundaries.ts';

const DX = 0.001;
let t: TestApp;
let village: string;
let gridCodes: string[];
let caseId: number;
const imports: string[] = [];
interface Saved { grids: Record<string, unknown>[]; villages: Record<string, unknown>[]; cases: Record<string, unknown>[]; location: string }
let saved: Saved;

/** Rows of `table` (grids or villages) matching the filter, moved DX east, as a GeoJSON file. */
async function shiftedFile(table: 'grids' | 'villages', col: 'code' | 'village_code'): Promise<string> {
  const { rows } = await t.db.knex.raw(`SELECT code, ST_AsGeoJSON(ST_Translate(geom, ?, 0), 15)::json AS geometry FROM ${table} WHERE ${col} = ? ORDER BY code`, [DX, village]);
  const features = (rows as { code: string; geometry: GeoJSON.Geometry }[]).map((r) => ({ type: 'Feature', properties: { code: r.code }, geometry: r.geometry }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

async function preview(level: 'grid' | 'village', text: string): Promise<BoundaryPreview> {
  const s = await t.login('admin');
  const form = new FormData();
  form.set('level', level);
  form.set('file', new Blob([text]), `${level}s.geojson`);
  const res = await fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`preview: ${res.status} ${JSON.stringify(body)}`);
  imports.push((body as BoundaryPreview).id);
  return body as BoundaryPreview;
}
const commit = (id: string) =>
  t.request(`/api/boundaries/imports/${id}/commit`, { method: 'POST', body: { confirm: true, valid_from: '2026-12-01', accept_warnings: true } });

beforeAll(async () => {
  t = await createTestApp();
  const k = t.db.knex;
  // A village the other boundary tests leave alone whose strip gained in the east lies in grids of villages
  // with higher codes (a case placed there must change grid: where the moved grids overlap their old
  // neighbours, the locate rule takes the lowest grid code) and takes no neighbouring grid for the most
  // part (the village import would then be refused as disagreeing with the grids: boundaries.test.ts).
  const { rows } = await k.raw(`
    WITH v AS (
      SELECT v.code, v.geom, ST_Translate(v.geom, ?, 0) AS moved FROM villages v
      WHERE v.code NOT LIKE '411502001%' AND v.code NOT LIKE '411502006%'
        AND (SELECT count(*) FROM grids g WHERE g.village_code = v.code) >= 2
    )
    SELECT v.code, ST_AsText(ST_PointOnSurface(ST_Intersection(ST_Difference(v.moved, v.geom), o.geom))) AS gained
    FROM v CROSS JOIN LATERAL (SELECT ST_Union(g.geom) AS geom FROM grids g WHERE g.village_code > v.code AND ST_Intersects(g.geom, v.moved)) o
    WHERE ST_Area(ST_Intersection(ST_Difference(v.moved, v.geom), o.geom)) > 1e-7
      AND ST_Within(v.moved, (SELECT ST_Buffer(ST_Union(geom), 0) FROM townships))
      AND NOT EXISTS (SELECT 1 FROM grids g WHERE g.village_code <> v.code AND ST_Area(ST_Intersection(g.geom, v.moved)) > 0.3 * ST_Area(g.geom))
    ORDER BY v.code DESC LIMIT 1`, [DX]);
  expect(rows.length).toBe(1);
  village = rows[0].code;
  const gained: string = rows[0].gained;
  gridCodes = (await k('grids').where('village_code', village).orderBy('code').pluck('code')) as string[];
  const open = (await k('cases').whereIn('status', ['pending', 'assigned', 'mediating']).orderBy('id').first('id')) as { id: number };
  caseId = open.id;
  saved = {
    grids: (await k.raw(`SELECT code, geometry_source, area_km2, encode(ST_AsEWKB(geom), 'hex') AS geom FROM grids WHERE village_code = ?`, [village])).rows,
    villages: (await k.raw(`SELECT code, geometry_source, area_km2, point_source, encode(ST_AsEWKB(geom), 'hex') AS geom, encode(ST_AsEWKB(point), 'hex') AS point FROM villages WHERE code = ?`, [village])).rows,
    cases: (await k.raw(`SELECT id, township_code, village_code, grid_code, tribunal_id FROM cases WHERE status IN ('pending', 'assigned', 'mediating')`)).rows,
    location: (await k.raw(`SELECT encode(ST_AsEWKB(location), 'hex') AS l FROM cases WHERE id = ?`, [caseId])).rows[0].l,
  };
  // The village's point near its west edge (in the strip the move gives up), and one open case in the
  // strip it gains, located as the current grids say.
  await k.raw(`UPDATE villages SET point = ST_PointOnSurface(ST_Difference(geom, ST_Translate(geom, ?, 0))) WHERE code = ?`, [DX, village]);
  await k.raw(`UPDATE cases c SET location = ST_SetSRID(ST_GeomFromText(?), 4326), township_code = g.township_code, village_code = g.village_code, grid_code = g.code
    FROM grids g WHERE c.id = ? AND ST_Intersects(g.geom, ST_SetSRID(ST_GeomFromText(?), 4326)) AND g.village_code > ?`, [gained, caseId, gained, village]);
});

afterAll(async () => {
  await t.db.knex.transaction(async (trx) => {
    for (const g of saved.grids) {
      await trx.raw(`UPDATE grids SET geometry_source = ?, area_km2 = ?, geom = ST_GeomFromEWKB(decode(?, 'hex')) WHERE code = ?`, [g.geometry_source, g.area_km2, g.geom, g.code] as never[]);
    }
    for (const v of saved.villages) {
      await trx.raw(`UPDATE villages SET geometry_source = ?, area_km2 = ?, point_source = ?, geom = ST_GeomFromEWKB(decode(?, 'hex')), point = ST_GeomFromEWKB(decode(?, 'hex')) WHERE code = ?`,
        [v.geometry_source, v.area_km2, v.point_source, v.geom, v.point, v.code] as never[]);
    }
    await trx.raw(`UPDATE cases SET location = ST_GeomFromEWKB(decode(?, 'hex')) WHERE id = ?`, [saved.location, caseId]);
    await trx.raw(`UPDATE cases c SET township_code = s.township_code, village_code = s.village_code, grid_code = s.grid_code, tribunal_id = s.tribunal_id
      FROM jsonb_to_recordset(?::jsonb) AS s(id int, township_code text, village_code text, grid_code text, tribunal_id int) WHERE c.id = s.id`, [JSON.stringify(saved.cases)]);
    await trx('boundary_case_changes').whereIn('import_id', imports).delete();
    await trx('area_boundary_versions').whereIn('code', [village, ...gridCodes]).delete();
    await trx('boundary_revision').whereIn('import_id', imports).update({ import_id: null });
    await trx('import_boundary_previews').whereIn('id', imports).delete();
  });
  await t.close();
});

describe('one village and its grids moved 100 m east: grids first, then the village', () => {
  it('the grid commit relocates the open case in the gained strip to the village\'s grids', async () => {
    const p = await preview('grid', await shiftedFile('grids', 'village_code'));
    expect(p.summary).toMatchObject({ matched: gridCodes.length, errors: 0 });
    const res = await commit(p.id);
    expect(res.status).toBe(200);
    const changes = (await res.json()) as ImportChanges;
    expect(changes.cases.map((c) => c.case_id)).toContain(caseId);
    const c = await t.db.knex('cases').where('id', caseId).first('village_code', 'grid_code');
    expect(c).toMatchObject({ village_code: village });
    expect(gridCodes).toContain(c.grid_code);
  });

  it('the village commit is accepted and moves the representative point inside the new polygon', async () => {
    const p = await preview('village', await shiftedFile('villages', 'code'));
    expect(p.grid_conflicts).toEqual([]);
    expect(p.summary).toMatchObject({ matched: 1, errors: 0, can_commit: true });
    expect((await commit(p.id)).status).toBe(200);
    const { rows } = await t.db.knex.raw(`SELECT point_source, ST_Intersects(point, geom) AS inside FROM villages WHERE code = ?`, [village]);
    expect(rows[0]).toEqual({ point_source: 'point_on_surface', inside: true });
  });

  it('every open case lies in the grid it is recorded in (located by the new grids)', async () => {
    const { rows } = await t.db.knex.raw(`
      SELECT c.id FROM cases c JOIN grids g ON g.code = c.grid_code
      WHERE c.status IN ('pending', 'assigned', 'mediating') AND g.village_code = ? AND NOT ST_Intersects(g.geom, c.location)`, [village]);
    expect(rows).toEqual([]);
    const moved = await t.db.knex('cases').where('id', caseId).first('grid_code', 'village_code');
    const inside = (await t.db.knex.raw(`SELECT ST_Intersects(g.geom, c.location) AS ok FROM cases c JOIN grids g ON g.code = c.grid_code WHERE c.id = ?`, [caseId])).rows[0].ok;
    expect(inside).toBe(true);
    expect(moved.village_code).toBe(village);
  });
});
