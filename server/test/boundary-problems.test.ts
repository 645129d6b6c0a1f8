// Boundary import problems with their place (issue 17): every problem of a feature carries a point
// (GEOS's location of a self-intersection, a point on the part outside the district, the feature itself
// when it matches no unit), every crossing of a ring is its own problem, and the problem list downloads
// as Excel with the file's own attributes. Previews only: nothing here commits.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { booleanPointInPolygon } from '@turf/turf';
import { createTestApp, expectError, type TestApp } from './helpers.ts';
import type { BoundaryPreview, FeatureProblem } from '../src/contract/boundaries.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/boundaries');
const bad = JSON.parse(fs.readFileSync(path.join(FIX, 'grids-bad.geojson'), 'utf8')) as GeoJSON.FeatureCollection;

let t: TestApp;
const made: string[] = [];
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => {
  // Only this file's previews: other files may be using theirs on the same database.
  await t.db.knex('import_boundary_previews').whereIn('id', made).delete();
  await t.close();
});

async function preview(name: string, content: Buffer | string, fields: Record<string, string> = { level: 'grid' }): Promise<BoundaryPreview> {
  const s = await t.login('admin');
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const res = await fetch(`${t.base}/api/boundaries/imports`, { method: 'POST', body: form, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
  made.push((body as BoundaryPreview).id);
  return body as BoundaryPreview;
}
const find = (p: BoundaryPreview, n: number, kind: FeatureProblem['kind']) => p.features.find((f) => f.n === n)!.problems.filter((x) => x.kind === kind);
const inside = (pt: { lng: number; lat: number }, g: GeoJSON.Geometry) => booleanPointInPolygon([pt.lng, pt.lat], g as GeoJSON.Polygon);

describe('problem points', () => {
  let p: BoundaryPreview;
  beforeAll(async () => { p = await preview('grids-bad.geojson', fs.readFileSync(path.join(FIX, 'grids-bad.geojson'))); });

  it('a self-intersecting polygon: GEOS\'s location, where the bow-tie\'s diagonals cross', () => {
    const ring = (bad.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]!;
    const [[x0, y0], [x1, y1]] = ring as [[number, number], [number, number]];
    const [hit] = find(p, 1, 'invalid_geometry');
    // The bow-tie (x0 y0, x1 y1, x1 y0, x0 y1) crosses itself in the middle of its box.
    expect(hit!.point!.lng).toBeCloseTo((x0 + x1) / 2, 6);
    expect(hit!.point!.lat).toBeCloseTo((y0 + y1) / 2, 6);
    expect(find(p, 1, 'invalid_geometry')).toHaveLength(1); // one crossing, one problem
  });

  it('a feature outside the district: a point on its outside part; an unmatched one: a point on it', () => {
    const [out] = find(p, 2, 'outside_district');
    expect(inside(out!.point!, bad.features[1]!.geometry)).toBe(true);
    expect(out!.point!.lng).toBeGreaterThan(114.5); // moved 1° east, out of the district (113.6°–114.4°)
    const [un] = find(p, 3, 'unmatched');
    expect(inside(un!.point!, bad.features[2]!.geometry)).toBe(true);
    const [dup] = find(p, 5, 'duplicate');
    expect(inside(dup!.point!, bad.features[4]!.geometry)).toBe(true);
  });

  it('a line instead of a polygon: its first vertex; every problem has a point or says it has none', () => {
    const line = bad.features[5]!.geometry as GeoJSON.LineString;
    expect(find(p, 6, 'not_polygon')[0]!.point).toEqual({ lng: line.coordinates[0]![0], lat: line.coordinates[0]![1] });
    for (const f of p.features) for (const x of f.problems) expect(x).toHaveProperty('point');
  });

  it('every crossing of a ring is reported, each with its place; a feature without geometry has none', async () => {
    // A comb along the bottom edge: four crossings at u = 0.5, 1.5, 2.5, 3.5 (v = 0) of a 4 × 2 box.
    const g = bad.features[0]!;
    const [[x0, y0], [x1, y1]] = (g.geometry as GeoJSON.Polygon).coordinates[0] as [[number, number], [number, number]];
    const at = (u: number, v: number) => [x0 + ((x1 - x0) * u) / 4, y0 + ((y1 - y0) * (v + 1)) / 2];
    const comb = [[0, 0], [4, 0], [4, 1], [3, -1], [2, 1], [1, -1], [0, 1], [0, 0]].map(([u, v]) => at(u!, v!));
    const file = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: g.properties, geometry: { type: 'Polygon', coordinates: [comb] } },
      { type: 'Feature', properties: { 网格编码: 'x', 说明: '没有几何' }, geometry: null },
    ] });
    const q = await preview('comb.geojson', file);
    const points = find(q, 1, 'invalid_geometry').map((x) => x.point!).sort((a, b) => a.lng - b.lng);
    expect(points).toHaveLength(4);
    [0.5, 1.5, 2.5, 3.5].forEach((u, i) => {
      const [x, y] = at(u, 0);
      expect(points[i]!.lng).toBeCloseTo(x!, 6);
      expect(points[i]!.lat).toBeCloseTo(y!, 6);
    });
    expect(find(q, 2, 'not_polygon')[0]).toMatchObject({ message: '要素没有几何', point: null });
  });

  it('overlaps and gaps carry a point on their area', async () => {
    const q = await preview('grids-overlap-gap.geojson', fs.readFileSync(path.join(FIX, 'grids-overlap-gap.geojson')));
    expect(q.overlaps.length).toBeGreaterThan(0);
    expect(q.gaps.length).toBeGreaterThan(0);
    for (const o of [...q.overlaps, ...q.gaps]) expect(o.point).toMatchObject({ lng: expect.any(Number), lat: expect.any(Number) });
    const withOverlap = q.features.flatMap((f) => f.problems).filter((x) => x.kind === 'overlap');
    expect(withOverlap.every((x) => x.point !== null)).toBe(true);
  });

  it('asked to, the features with errors are left out: their units keep their boundary, the rest can be committed', async () => {
    // One village's grids, the second one a bow-tie.
    const swap = JSON.parse(fs.readFileSync(path.join(FIX, 'grids-swap.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
    swap.features[1]!.geometry = bad.features[0]!.geometry;
    const file = JSON.stringify(swap);
    const whole = await preview('one-bad.geojson', file);
    expect(whole.summary).toMatchObject({ errors: 1, can_commit: false, skipped: 0 });
    const q = await preview('one-bad.geojson', file, { level: 'grid', skip_errors: 'true' });
    const code = String(swap.features[1]!.properties!['网格编码']);
    expect(q.summary).toMatchObject({ errors: 0, can_commit: true, skipped: 1, matched: swap.features.length - 1, unmatched: 0 });
    const f = q.features[1]!;
    expect(f.code).toBeNull();
    expect(f.problems.map((x) => `${x.kind}:${x.severity}`)).toEqual(['skipped:warning', 'invalid_geometry:warning']);
    expect(f.problems[0]!.message).toContain(code);
    expect(q.units_without_feature.map((u) => u.code)).toContain(code); // it keeps its current boundary
    // A unit given twice: both of its features go (which one is right is not known).
    const dup = await preview('grids-bad.geojson', fs.readFileSync(path.join(FIX, 'grids-bad.geojson')), { level: 'grid', skip_errors: 'true' });
    expect(dup.features[3]!.problems[0]!.kind).toBe('skipped');
    expect(dup.features[4]!.problems.map((x) => x.kind)).toEqual(['skipped', 'duplicate']);
    expect(dup.summary).toMatchObject({ skipped: 5, errors: 0, matched: 0, can_commit: false });
  });

  it('the problem list as Excel: one row per problem, the file\'s attributes, kind in Chinese, message and point', async () => {
    const res = await t.get(`/api/boundaries/imports/${p.id}/problems`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('grids-bad-边界问题清单.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('问题清单')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const attrs = [...new Set(bad.features.flatMap((f) => Object.keys(f.properties ?? {})))];
    expect(header).toEqual(['要素序号', ...attrs, '匹配的网格', '问题类别', '级别', '问题说明', '面积（平方米）', '经度', '纬度']);
    const problems = p.features.reduce((s, f) => s + f.problems.length, 0) + p.gaps.length;
    expect(ws.rowCount).toBe(problems + 1);
    const col = (name: string) => header.indexOf(name) + 1;
    const bowtie = [...Array(ws.rowCount - 1)].map((_, i) => ws.getRow(i + 2)).find((r) => r.getCell(1).value === 1 && r.getCell(col('问题类别')).value === '几何无效')!;
    expect(bowtie.getCell(col('说明')).value).toBe('自相交（8 字形）');
    expect(bowtie.getCell(col('级别')).value).toBe('错误');
    const hit = find(p, 1, 'invalid_geometry')[0]!;
    expect(bowtie.getCell(col('经度')).value).toBe(hit.point!.lng);
    expect(bowtie.getCell(col('纬度')).value).toBe(hit.point!.lat);
    expect(String(bowtie.getCell(col('问题说明')).value)).toMatch(/^几何无效：自相交/);
    // Only the admin; a preview that does not exist is a 404.
    expect((await t.request(`/api/boundaries/imports/${p.id}/problems`, { as: 'dispatcher' })).status).toBe(403);
    await expectError(await t.get('/api/boundaries/imports/00000000-0000-0000-0000-000000000000/problems'), 404, 'import_not_found');
  });
});
