import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { divisions, km2, maxPairOverlap, readAreas, readJson, tiling, type Area } from './helpers.ts';

const district = readAreas('district.geojson');
const townships = readAreas('townships.geojson');
const villages = readAreas('villages.geojson');
const grids = readAreas('grids.geojson');
const rows = divisions();
const outline = district[0] as Feature<MultiPolygon>;
const p = <T>(f: Area, k: string) => f.properties[k] as T;
const childrenOf = (fs: Area[], code: string) => fs.filter((f) => p<string>(f, 'parent_code') === code);

describe('codes and names', () => {
  it('has the district outline with its properties', () => {
    expect(district).toHaveLength(1);
    expect(outline.geometry.type).toBe('MultiPolygon');
    expect(outline.properties).toMatchObject({ code: '411502000000', name: '浉河区', geometry_source: 'official', population: 640133 });
  });
  it('has every township and village code exactly once, matching shihe-divisions.csv', () => {
    const want = (level: string) => rows.filter((r) => r.level === level).map((r) => `${r.code}|${r.name}|${r.parent_code}|${r.type}`).sort();
    const have = (fs: Area[]) => fs.map((f) => `${p(f, 'code')}|${p(f, 'name')}|${p(f, 'parent_code')}|${p(f, 'type')}`).sort();
    expect(have(townships)).toEqual(want('township'));
    expect(have(villages)).toEqual(want('village'));
    expect(townships).toHaveLength(19);
    expect(villages).toHaveLength(269);
    const displayNames = new Map(rows.map((r) => [r.code, r.display_name]));
    for (const v of villages) expect(p(v, 'display_name')).toBe(displayNames.get(p(v, 'code')));
  });
  it('uses MultiPolygon and the schematic marker everywhere below the district', () => {
    for (const f of [...townships, ...villages, ...grids]) {
      expect(f.geometry.type).toBe('MultiPolygon');
      expect(p(f, 'geometry_source')).toBe('schematic');
      expect(Math.abs(p<number>(f, 'area_km2') - km2(f))).toBeLessThan(0.01 + km2(f) * 1e-3);
    }
  });
  it('gives grids codes = village code + 3 digits, numbered from 001', () => {
    const villageCodes = new Set(villages.map((v) => p<string>(v, 'code')));
    const seen = new Set<string>();
    for (const v of villages) {
      const kids = childrenOf(grids, p(v, 'code'));
      kids.forEach((g, i) => {
        const code = p<string>(g, 'code');
        expect(code).toMatch(/^\d{15}$/);
        expect(code).toBe(`${p(v, 'code')}${String(i + 1).padStart(3, '0')}`);
        expect(p<string>(g, 'name')).toBe(`${p(v, 'display_name')}第${i + 1}网格`);
        expect(seen.has(code)).toBe(false);
        seen.add(code);
      });
    }
    for (const g of grids) expect(villageCodes.has(p(g, 'parent_code'))).toBe(true);
  });
  it('has 3–8 grids per community and 1–3 per village', () => {
    for (const v of villages) {
      const n = childrenOf(grids, p(v, 'code')).length;
      if (p(v, 'type') === 'community') expect(n >= 3 && n <= 8, `${p(v, 'name')}: ${n}`).toBe(true);
      else expect(n >= 1 && n <= 3, `${p(v, 'name')}: ${n}`).toBe(true);
    }
  });
});

describe('population estimates', () => {
  it('adds up exactly at every level', () => {
    const sum = (fs: Area[]) => fs.reduce((a, f) => a + p<number>(f, 'population_est'), 0);
    expect(sum(townships)).toBe(640133);
    for (const t of townships) expect(sum(childrenOf(villages, p(t, 'code')))).toBe(p(t, 'population_est'));
    for (const v of villages) expect(sum(childrenOf(grids, p(v, 'code')))).toBe(p(v, 'population_est'));
    for (const f of [...townships, ...villages, ...grids]) expect(Number.isInteger(p(f, 'population_est'))).toBe(true);
  });
  it('is marked as an estimate in meta.json', () => {
    const meta = readJson<{ population_note: string }>('meta.json');
    expect(meta.population_note).toMatch(/estimate/);
  });
});

describe('townships tile the district', () => {
  it('covers the outline within 0.1% and has no overlaps', () => {
    const t = tiling(outline, townships);
    expect(Math.abs(t.unionArea - t.parentArea) / t.parentArea).toBeLessThan(1e-3);
    expect(t.uncovered / t.parentArea).toBeLessThan(1e-3);
    expect(t.outside / t.parentArea).toBeLessThan(1e-3);
    expect(maxPairOverlap(townships)).toBeLessThan(1e-4);
  });
  it('contains each seat; the 12 AMap seats are the source points', () => {
    const amap = readJson<{ features: { properties: { code: string }; geometry: { coordinates: number[] } }[] }>('../source/shihe-township-points.geojson');
    const real = new Map(amap.features.map((f) => [f.properties.code, f.geometry.coordinates]));
    let n = 0;
    for (const t of townships) {
      const seat = p<[number, number]>(t, 'seat');
      expect(turf.booleanPointInPolygon(seat, t), p(t, 'name')).toBe(true);
      if (real.has(p(t, 'code'))) {
        n++;
        expect(p(t, 'seat_source')).toBe('amap_2016');
        expect(seat).toEqual(real.get(p(t, 'code')));
      } else expect(p(t, 'seat_source')).toBe('schematic');
    }
    expect(n).toBe(12);
  });
  it('keeps the city subdistricts small and near the centre, the rural units large', () => {
    for (const t of townships) {
      const [x, y] = p<[number, number]>(t, 'seat');
      if (['411502001000', '411502002000', '411502003000', '411502004000', '411502005000', '411502006000'].includes(p(t, 'code'))) {
        expect(p<number>(t, 'area_km2')).toBeLessThan(20);
        expect(Math.hypot((x - 114.06) * 0.85, y - 32.12)).toBeLessThan(0.05);
      }
      if (p(t, 'type') !== 'subdistrict') expect(p<number>(t, 'area_km2')).toBeGreaterThan(60);
    }
  });
});

describe('villages tile their township, grids tile their village', () => {
  it('villages: union = township (0.1%), no overlaps, points inside', () => {
    const known = readJson<{ features: { properties: { code: string }; geometry: { coordinates: number[] } }[] }>('../source/shihe-village-points-sparse.geojson');
    const real = new Map(known.features.map((f) => [f.properties.code, f.geometry.coordinates]));
    for (const t of townships) {
      const kids = childrenOf(villages, p(t, 'code'));
      const r = tiling(t, kids);
      expect(Math.abs(r.unionArea - r.parentArea) / r.parentArea, p(t, 'name')).toBeLessThan(1e-3);
      expect(r.overlapArea / r.parentArea, p(t, 'name')).toBeLessThan(1e-4);
      expect(r.outside / r.parentArea, p(t, 'name')).toBeLessThan(1e-3);
    }
    for (const v of villages) {
      const pt = p<[number, number]>(v, 'point');
      expect(turf.booleanPointInPolygon(pt, v), p(v, 'name')).toBe(true);
      if (real.has(p(v, 'code'))) {
        expect(p(v, 'point_source')).toBe('amap_2016');
        expect(pt).toEqual(real.get(p(v, 'code')));
      } else expect(p(v, 'point_source')).toBe('schematic');
    }
  });
  it('grids: union = village (0.1%), no overlaps', () => {
    for (const v of villages) {
      const kids = childrenOf(grids, p(v, 'code'));
      const r = tiling(v, kids);
      expect(Math.abs(r.unionArea - r.parentArea) / r.parentArea, p(v, 'name')).toBeLessThan(1e-3);
      expect(r.overlapArea / r.parentArea, p(v, 'name')).toBeLessThan(1e-4);
      expect(r.outside / r.parentArea, p(v, 'name')).toBeLessThan(1e-3);
    }
  });
});
