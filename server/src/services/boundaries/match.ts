// Features → units: by code (the property that holds the codes is detected, or named by the user) or by
// name (tolerant: spaces, full-width characters and the usual suffixes such as 居民委员会 are ignored).
import type { BoundaryLevel } from '../../contract/boundaries.ts';

export interface Unit { code: string; name: string; display_name: string; parent_code: string }

export interface Matched {
  code: string | null; file_code: string | null; file_name: string | null; reason: string | null; duplicate: boolean;
  /** A duplicate's unit (its code stays null: only the first feature of a unit is matched). */
  duplicate_of?: string;
}

/** Property names that usually hold codes or names, tried first (case-insensitive). */
const CODE_KEYS = ['code', '区划代码', '网格编码', '网格代码', '行政区划代码', '统计用区划代码', 'xzqdm', 'cun_dm', 'wgbm', 'adcode', 'id'];
const NAME_KEYS = ['name', '名称', '网格名称', '村名', '社区名称', '乡镇名称', 'xzqmc', 'wgmc', 'mc'];

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v).trim());

/** Codes as files write them: numbers, with trailing ".0", or 9-digit township codes padded with zeros. */
export function normaliseCode(v: unknown, level: BoundaryLevel): string | null {
  let s = str(v);
  if (!s) return null;
  s = s.replace(/\.0+$/, '').replace(/\s+/g, '');
  if (!/^\d+$/.test(s)) return s;
  if (level === 'township' && s.length === 9) return `${s}000`;
  return s;
}

/** Names compared without spaces, full-width forms and the administrative suffixes. */
export function normaliseName(v: unknown): string {
  return (str(v) ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(居民委员会|村民委员会|社区居委会|居委会|村委会|委员会|办事处)$/, '');
}
/** A name as written, only spaces and full-width forms ignored. */
const exactName = (v: unknown): string => (str(v) ?? '').normalize('NFKC').replace(/\s+/g, '');
const bareName = (s: string) => s.replace(/(社区|村|街道|镇|乡|网格)$/, '');

/** Per property: how many features' values are codes of the level (best first). */
export function codeCandidates(features: GeoJSON.Feature[], units: Unit[], level: BoundaryLevel): { property: string; matches: number }[] {
  const codes = new Set(units.map((u) => u.code));
  const counts = new Map<string, number>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (!counts.has(k)) counts.set(k, 0);
      const c = normaliseCode(v, level);
      if (c && codes.has(c)) counts.set(k, counts.get(k)! + 1);
    }
  }
  const rank = (k: string) => { const i = CODE_KEYS.indexOf(k.toLowerCase()); return i < 0 ? 99 : i; };
  return [...counts.entries()]
    .map(([property, matches]) => ({ property, matches }))
    .sort((a, b) => b.matches - a.matches || rank(a.property) - rank(b.property));
}

/** The property holding the names: the user's, else the first usual name key present, else null. */
export function nameProperty(features: GeoJSON.Feature[], asked?: string): string | null {
  if (asked) return asked;
  const keys = new Set(features.flatMap((f) => Object.keys(f.properties ?? {})));
  for (const k of NAME_KEYS) for (const key of keys) if (key.toLowerCase() === k) return key;
  return null;
}

export function matchFeatures(
  features: GeoJSON.Feature[], units: Unit[], level: BoundaryLevel,
  opts: { by: 'code' | 'name'; codeProperty: string | null; nameProperty: string | null },
): Matched[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  // Three tiers of name keys, tried in order, the first with any candidate decides: the name exactly as
  // written (the official full name 十三里桥村民委员会 or the short 十三里桥村), then without the committee
  // suffix, then without 村/社区 too. A later tier only where an earlier one found nothing: stripped
  // forms collide (十三里桥村民委员会 → 十三里桥 ← 十三里桥社区) where the full names are unique.
  const tiers = [exactName, normaliseName, (s: unknown) => bareName(normaliseName(s))];
  const byName = tiers.map(() => new Map<string, Unit[]>());
  tiers.forEach((key, t) => {
    for (const u of units) {
      for (const n of [key(u.name), key(u.display_name)]) {
        if (!n) continue;
        const list = byName[t]!.get(n) ?? [];
        if (!list.includes(u)) list.push(u);
        byName[t]!.set(n, list);
      }
    }
  });
  const findByName = (name: string | null): Unit[] => {
    for (let t = 0; t < tiers.length; t++) {
      const hit = byName[t]!.get(tiers[t]!(name));
      if (hit?.length) return hit;
    }
    return [];
  };
  const seen = new Set<string>();
  return features.map((f) => {
    const p = f.properties ?? {};
    const file_code = opts.codeProperty ? normaliseCode(p[opts.codeProperty], level) : null;
    const file_name = opts.nameProperty ? str(p[opts.nameProperty]) : null;
    let code: string | null = null;
    let reason: string | null = null;
    if (opts.by === 'code') {
      if (!opts.codeProperty) reason = '文件中没有找到区划代码属性，请指定代码字段或改为按名称匹配';
      else if (!file_code) reason = `属性 ${opts.codeProperty} 为空`;
      else if (byCode.has(file_code)) code = file_code;
      else reason = `代码 ${file_code} 不是现有的${level === 'township' ? '乡镇（街道）' : level === 'village' ? '村（社区）' : '网格'}代码`;
    } else {
      const found = findByName(file_name);
      // The same name in two parents: a parent code in the file (if it has one) decides.
      const parentHint = Object.values(p).map((v) => normaliseCode(v, level)).filter((c): c is string => !!c);
      const narrowed = found.length > 1 ? found.filter((u) => parentHint.includes(u.parent_code)) : found;
      if (!file_name) reason = opts.nameProperty ? `属性 ${opts.nameProperty} 为空` : '文件中没有找到名称属性，请指定名称字段';
      else if (narrowed.length === 1) code = narrowed[0]!.code;
      else if (found.length === 0) reason = `名称「${file_name}」没有对应的区划`;
      else reason = `名称「${file_name}」对应多个区划（${found.map((u) => u.code).join('、')}），请改为按代码匹配`;
    }
    let duplicate = false;
    if (code) {
      if (seen.has(code)) { duplicate = true; reason = `区划 ${code} 在文件中出现了不止一次`; }
      seen.add(code);
    }
    return { code: duplicate ? null : code, file_code, file_name, reason, duplicate: duplicate ? Boolean(code) : false, ...(duplicate && code ? { duplicate_of: code } : {}) };
  });
}
