// Matching by name against the official list (data/build): the NBS full names match exactly first, then
// the short forms, so the stripped forms' collisions (十三里桥村民委员会 → 十三里桥 ← 十三里桥社区) do not
// hide a unit whose full name is unique.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchFeatures, type Unit } from '../src/services/boundaries/match.ts';

const build = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../data/build');
const villages = (JSON.parse(fs.readFileSync(path.join(build, 'villages.geojson'), 'utf8')) as GeoJSON.FeatureCollection).features
  .map((f) => f.properties as { code: string; name: string; display_name: string; parent_code: string });
const units: Unit[] = villages.map((v) => ({ code: v.code, name: v.name, display_name: v.display_name, parent_code: v.parent_code }));
const byName = (names: (string | Record<string, unknown>)[]) => matchFeatures(
  names.map((n) => ({ type: 'Feature', geometry: null, properties: typeof n === 'string' ? { 名称: n } : n })) as unknown as GeoJSON.Feature[],
  units, 'village', { by: 'name', codeProperty: null, nameProperty: '名称' },
);

describe('matching villages by name', () => {
  it('every official full name whose full name is unique matches its unit (all but the 6 pairs of true namesakes)', () => {
    const counts = new Map<string, number>();
    for (const v of villages) counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
    const unique = villages.filter((v) => counts.get(v.name) === 1);
    expect(villages.length - unique.length).toBe(12); // 三里店, 黄湾, 杨岗, 何湾, 孔畈, 李畈: two units each
    const m = byName(unique.map((v) => v.name));
    const wrong = unique.filter((v, i) => m[i]!.code !== v.code).map((v, i) => `${v.name}: ${m[i]!.reason}`);
    expect(wrong).toEqual([]);
  });

  it('十三里桥村民委员会 and 十三里桥社区居民委员会 are two units, by full and by short name', () => {
    const m = byName(['十三里桥村民委员会', '十三里桥社区居民委员会', '十三里桥村', '十三里桥社区']);
    expect(m.map((x) => x.code)).toEqual(['411502208201', '411502208001', null, null]);
    expect(m[2]!.duplicate).toBe(true); // the same unit twice in one file
    const short = byName(['十三里桥村', '十三里桥社区']);
    expect(short.map((x) => x.code)).toEqual(['411502208201', '411502208001']);
  });

  it('the tolerant forms still match (suffix variants, spaces, full-width), and true namesakes need a parent code', () => {
    const m = byName(['双井村委会', ' 十里 村 ', { 名称: '杨岗村民委员会', 乡镇: '411502101000' }, '杨岗村民委员会']);
    expect(m[0]!.code).toBe('411502009201');
    expect(m[1]!.code).toBe('411502101204');
    expect(m[2]!.code).toBe('411502101219');
    expect(m[3]!.code).toBeNull();
    expect(m[3]!.reason).toMatch(/对应多个区划/);
  });
});
