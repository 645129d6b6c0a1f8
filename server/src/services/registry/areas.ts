// The district's units as the registry names them: by code or by name, with a representative point
// for mediators entered without coordinates. Loaded once per request (288 + ~800 rows, a few ms),
// so a boundary import in between is always seen.
import type { Knex } from '../../db/types.ts';
import { runSql } from '../../db/sql.ts';
import { DISTRICT_AREA_NAME } from '../../contract/registry.ts';
import type { ServiceAreaLevel } from '../../contract/vocab.ts';

export interface Unit {
  level: Exclude<ServiceAreaLevel, 'district'>;
  code: string;
  name: string;
  township_code: string;
  village_code: string | null;
  tribunal_id: number | null;
  lng: number;
  lat: number;
}

export interface ResolvedArea {
  level: ServiceAreaLevel;
  code: string;
  name: string;
  township_code: string | null;
  village_code: string | null;
}

export type AreaLookup =
  | { outcome: 'ok'; area: ResolvedArea }
  | { outcome: 'unknown' }
  | { outcome: 'ambiguous'; candidates: string[] };

const TOWNSHIP_SUFFIXES = ['街道办事处', '街道', '镇', '乡'];
const VILLAGE_SUFFIXES = ['居民委员会', '村民委员会', '居委会', '村委会'];

/** Spaces and the usual separators between a township and a village name are dropped. */
export const normaliseName = (s: string) => s.replace(/[\s\u3000]/g, '').replace(/（/g, '(').replace(/）/g, ')');

export class AreaIndex {
  readonly byCode = new Map<string, Unit>();
  /** name → units of that name (a village name can repeat across townships). */
  private readonly byName = new Map<string, Unit[]>();
  readonly districtCode: string;
  readonly districtPoint: [number, number];

  constructor(units: Unit[], district: { code: string; lng: number; lat: number }) {
    this.districtCode = district.code;
    this.districtPoint = [district.lng, district.lat];
    const townshipName = new Map<string, string>();
    for (const u of units) if (u.level === 'township') townshipName.set(u.code, u.name);
    const villageName = new Map<string, string>();
    for (const u of units) if (u.level === 'village') villageName.set(u.code, u.name);
    for (const u of units) {
      this.byCode.set(u.code, u);
      const names = new Set<string>([u.name]);
      const t = townshipName.get(u.township_code) ?? '';
      if (u.level === 'township') for (const s of TOWNSHIP_SUFFIXES) if (u.name.endsWith(s) && u.name.length - s.length >= 2) names.add(u.name.slice(0, -s.length));
      if (u.level === 'village') {
        names.add(`${t}/${u.name}`);
        names.add(`${t}${u.name}`);
      }
      if (u.level === 'grid') {
        const v = villageName.get(u.village_code!) ?? '';
        names.add(`${t}/${u.name}`);
        names.add(`${t}/${v}/${u.name}`);
        names.add(`${t}${u.name}`);
      }
      for (const n of names) {
        const k = normaliseName(n);
        const list = this.byName.get(k) ?? [];
        if (!list.includes(u)) list.push(u);
        this.byName.set(k, list);
      }
    }
  }

  unit(code: string): Unit | undefined {
    return this.byCode.get(code);
  }

  /** A township, village or grid by its name, or by "乡镇/村" when the name repeats. */
  byUnitName(name: string, level?: Unit['level'], township?: string): AreaLookup {
    let list = this.byName.get(normaliseName(name).replace(/[／\\]/g, '/')) ?? [];
    if (level) list = list.filter((u) => u.level === level);
    if (township) list = list.filter((u) => u.township_code === township);
    if (list.length === 1) return { outcome: 'ok', area: toArea(list[0]!) };
    if (list.length === 0) return { outcome: 'unknown' };
    const names = (u: Unit) => `${this.byCode.get(u.township_code)?.name ?? ''}/${u.name}（${u.code}）`;
    return { outcome: 'ambiguous', candidates: list.slice(0, 5).map(names) };
  }

  /** One token of a 服务区域 cell: a code, 全区, or a name. */
  resolve(token: string): AreaLookup {
    const t = normaliseName(token);
    if (t === DISTRICT_AREA_NAME || t === this.districtCode || t === '浉河区') {
      return { outcome: 'ok', area: { level: 'district', code: this.districtCode, name: DISTRICT_AREA_NAME, township_code: null, village_code: null } };
    }
    if (/^\d+$/.test(t)) {
      const u = this.byCode.get(t);
      return u ? { outcome: 'ok', area: toArea(u) } : { outcome: 'unknown' };
    }
    return this.byUnitName(t);
  }

  /** The representative point of a service area: village point, township seat, grid point on surface. */
  pointOf(a: { level: ServiceAreaLevel; code: string }): [number, number] {
    if (a.level === 'district') return this.districtPoint;
    const u = this.byCode.get(a.code);
    return u ? [u.lng, u.lat] : this.districtPoint;
  }

  /** The tribunal whose catchment holds the area (district-wide: none). */
  tribunalOf(a: { level: ServiceAreaLevel; code: string }): number | null {
    if (a.level === 'district') return null;
    const u = this.byCode.get(a.code);
    return u ? (this.byCode.get(u.township_code)?.tribunal_id ?? null) : null;
  }
}

function toArea(u: Unit): ResolvedArea {
  return { level: u.level, code: u.code, name: u.name, township_code: u.township_code, village_code: u.level === 'township' ? null : (u.village_code ?? u.code) };
}

export async function loadAreaIndex(db: Knex | Knex.Transaction): Promise<AreaIndex> {
  const rows = await runSql<Unit & { district_code: string | null }>(db, 'registry-units');
  const district = await db('district').first(db.raw('code'), db.raw('ST_X(ST_PointOnSurface(geom)) AS lng'), db.raw('ST_Y(ST_PointOnSurface(geom)) AS lat'));
  const d = district ? { code: String(district.code).padEnd(12, '0'), lng: Number(district.lng), lat: Number(district.lat) } : { code: '411502000000', lng: 114.06, lat: 32.12 };
  return new AreaIndex(rows.map((r) => ({ ...r, lng: Number(r.lng), lat: Number(r.lat) })), d);
}
