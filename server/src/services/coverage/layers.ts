// The coverage model in layers, each cached on its own and rebuilt only when its inputs change, so a
// write to cases (constant in production) costs one GROUP BY, not the whole model:
//   units      (per level)   coverage-<level>.sql             ← coverage_units_seq (villages, grids)
//   mediators                coverage-mediators.sql + index   ← coverage_mediators_seq (mediators, service areas)
//   pairs                    coverage-responsible.sql         ← coverage_mediators_seq
//   cases      (per level, period, type) coverage-cases.sql   ← coverage_cases_seq
//   derived, cached by the identity of their inputs (no query): responsible lists per unit
//   (units × pairs) and every unit's nearest active mediator (units × mediators; after a mediator
//   write only the units the change can affect are searched again, see nearest.ts updateNearest).
// The counters are sequences bumped by statement triggers (migration 10). A counter moves when a
// writer's statement runs, before it commits, so a layer loaded in that window could hold the old data
// under the new number: loaded layers are also rebuilt after MAX_AGE_MS.
import type { Knex } from '../../db/types.ts';
import { runSql } from '../../db/sql.ts';
import { MediatorIndex, nearestAll, updateNearest, type MediatorPoint, type Nearest } from './nearest.ts';

export type Level = 'village' | 'grid';
export interface UnitBase { code: string; name: string; township_code: string; village_code: string; lng: number; lat: number; urban: boolean; population_est: number }
/** `points`: each unit's GeoJSON point, made once (shared by every model built on these units). */
export interface UnitsLayer { level: Level; rows: UnitBase[]; points: { type: 'Point'; coordinates: [number, number] }[] }
export interface MediatorsLayer { points: MediatorPoint[]; index: MediatorIndex }
/** Service-area pairs of active mediators (coverage-responsible.sql's text), grouped per level on first use. */
export interface PairsLayer { text: string; byLevel: Partial<Record<Level, { direct: Map<string, number[]>; viaVillage: Map<string, number[]> | null }>> }
export interface Versions { units: string; mediators: string; cases: string }

export const MAX_AGE_MS = 5 * 60_000;

export async function readVersions(knex: Knex): Promise<Versions> {
  const row = (await knex.raw(`SELECT
    (SELECT last_value || '/' || is_called FROM coverage_units_seq) AS units,
    (SELECT last_value || '/' || is_called FROM coverage_mediators_seq) AS mediators,
    (SELECT last_value || '/' || is_called FROM coverage_cases_seq) AS cases`)).rows[0] as Versions;
  return row;
}

interface Loaded<T> { version: string; at: number; value: Promise<T>; load: () => Promise<T>; refreshing?: boolean }

/** One cached value per key, reused while its version is unchanged and it is younger than MAX_AGE_MS. */
class Loader<T> {
  private readonly map = new Map<string, Loaded<T>>();
  constructor(private readonly max: number) {}
  get(key: string, version: string, load: () => Promise<T>): Promise<T> {
    const hit = this.map.get(key);
    if (hit && hit.version === version && Date.now() - hit.at < MAX_AGE_MS) return hit.value;
    const value = load();
    this.put(key, { version, at: Date.now(), value, load });
    return value;
  }
  private put(key: string, entry: Loaded<T>) {
    this.map.delete(key);
    this.map.set(key, entry);
    entry.value.catch(() => { if (this.map.get(key) === entry) this.map.delete(key); });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  /**
   * Reloads, in the background of the requests, every entry of the current version older than
   * `olderThanMs`: the old value keeps answering until the new one has loaded, so no request waits
   * for the reload that MAX_AGE_MS would otherwise force on it.
   */
  async refresh(version: string, olderThanMs: number): Promise<void> {
    const now = Date.now();
    const stale = [...this.map].filter(([, e]) => !e.refreshing && e.version === version && now - e.at >= olderThanMs);
    await Promise.all(stale.map(async ([key, e]) => {
      e.refreshing = true;
      const at = Date.now();
      const value = e.load();
      try { await value; } catch { e.refreshing = false; return; }
      if (this.map.get(key) === e) this.put(key, { version: e.version, at, value, load: e.load });
    }));
  }
  clear() { this.map.clear(); }
}

const unitsLoader = new Loader<UnitsLayer>(2);
const mediatorsLoader = new Loader<MediatorsLayer>(1);
const pairsLoader = new Loader<PairsLayer>(1);
const casesLoader = new Loader<Map<string, number>>(8);

export function unitsLayer(knex: Knex, level: Level, v: Versions): Promise<UnitsLayer> {
  return unitsLoader.get(level, v.units, async () => {
    const rows = await runSql<UnitBase>(knex, `coverage-${level}`);
    return { level, rows, points: rows.map((r) => ({ type: 'Point' as const, coordinates: [r.lng, r.lat] as [number, number] })) };
  });
}

export function mediatorsLayer(knex: Knex, v: Versions): Promise<MediatorsLayer> {
  return mediatorsLoader.get('all', v.mediators, async () => {
    const points = await loadMediators(knex);
    return { points, index: new MediatorIndex(points) };
  });
}

export function pairsLayer(knex: Knex, v: Versions): Promise<PairsLayer> {
  return pairsLoader.get('all', v.mediators, async () => {
    const [row] = await runSql<{ pairs: string }>(knex, 'coverage-responsible');
    return { text: row!.pairs, byLevel: {} };
  });
}

/**
 * The pairs grouped for a level: villages → `direct` by village code (areas of the village and of its
 * grids); grids → `direct` by grid code (grid areas) and `viaVillage` by village code (village areas).
 * Scanned by hand (indexOf): no array per record at 250,000 records.
 */
function grouped(pairs: PairsLayer, level: Level) {
  const hit = pairs.byLevel[level];
  if (hit) return hit;
  const direct = new Map<string, number[]>();
  const viaVillage = level === 'grid' ? new Map<string, number[]>() : null;
  const push = (m: Map<string, number[]>, k: string, id: number) => { const l = m.get(k); if (l) l.push(id); else m.set(k, [id]); };
  const t = pairs.text;
  for (let i = 0; i < t.length;) {
    const end0 = t.indexOf(';', i), end = end0 < 0 ? t.length : end0;
    const c1 = t.indexOf(':', i + 2), c2 = t.indexOf(':', c1 + 1);
    const grid = t.charCodeAt(i) === 103; // 'g'
    const id = Number(t.slice(c2 + 1, end));
    if (level === 'village') {
      if (c2 > c1 + 1) push(direct, t.slice(c1 + 1, c2), id);
    } else {
      push(grid ? direct : viaVillage!, t.slice(i + 2, c1), id);
    }
    i = end + 1;
  }
  return (pairs.byLevel[level] = { direct, viaVillage });
}

export function casesLayer(knex: Knex, level: Level, bounds: { from: string | null; to: string | null }, type: string | null, v: Versions): Promise<Map<string, number>> {
  return casesLoader.get(`${level}|${bounds.from}|${bounds.to}|${type}`, v.cases, async () => {
    const [row] = await runSql<{ c: string }>(knex, 'coverage-cases', { from: bounds.from, to: bounds.to, type }, { column: level === 'grid' ? 'grid_code' : 'village_code' });
    const m = new Map<string, number>();
    const text = row!.c;
    for (let i = 0; i < text.length;) {
      const c = text.indexOf(':', i), e0 = text.indexOf(';', c), e = e0 < 0 ? text.length : e0;
      m.set(text.slice(i, c), Number(text.slice(c + 1, e)));
      i = e + 1;
    }
    return m;
  });
}

/** The active mediators from coverage-mediators.sql's binary column. */
export async function loadMediators(knex: Knex): Promise<MediatorPoint[]> {
  const [row] = await runSql<{ pts: Buffer | Uint8Array | null }>(knex, 'coverage-mediators');
  const b = row?.pts;
  if (!b || !b.length) return [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: MediatorPoint[] = new Array(b.byteLength / 20);
  for (let i = 0, o = 0; o < b.byteLength; i++, o += 20) {
    out[i] = { id: view.getInt32(o), lng: view.getFloat64(o + 4), lat: view.getFloat64(o + 12) };
  }
  return out;
}

// Derived layers: cached by the identity of their inputs (WeakMaps: they go with their inputs).
const responsibleCache = new WeakMap<UnitsLayer, WeakMap<PairsLayer, number[][]>>();
const nearestCache = new WeakMap<UnitsLayer, { mediators: MediatorsLayer; nearest: Nearest }>();

/** Each unit's responsible active mediators (ids ascending), aligned with `units.rows`. */
export function responsibleOf(units: UnitsLayer, pairs: PairsLayer): number[][] {
  let byPairs = responsibleCache.get(units);
  if (!byPairs) responsibleCache.set(units, (byPairs = new WeakMap()));
  const hit = byPairs.get(pairs);
  if (hit) return hit;
  const g = grouped(pairs, units.level);
  const none: number[] = [];
  // Ascending and distinct; most units have one responsible mediator (no sort needed).
  const norm = (xs: number[]) => {
    if (xs.length < 2) return xs;
    xs.sort((a, b) => a - b);
    let n = 1;
    for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[n - 1]) xs[n++] = xs[i]!;
    xs.length = n;
    return xs;
  };
  const out = units.rows.map((u) => {
    const a = g.direct.get(u.code), b = g.viaVillage?.get(u.village_code);
    if (a && b) {
      if (a.length === 1 && b.length === 1) { const x = a[0]!, y = b[0]!; return x < y ? [x, y] : x > y ? [y, x] : a; } // the usual grid
      return norm([...a, ...b]);
    }
    return a ? (a.length < 2 ? a : norm([...a])) : b ? (b.length < 2 ? b : norm([...b])) : none;
  });
  byPairs.set(pairs, out);
  return out;
}

/**
 * Every unit's nearest active mediator. With the previous answer for the same units (an earlier
 * mediators layer), only what the change of mediators can affect is searched again.
 */
export function nearestOf(units: UnitsLayer, mediators: MediatorsLayer): Nearest {
  const prev = nearestCache.get(units);
  if (prev && prev.mediators === mediators) return prev.nearest;
  const nearest = prev
    ? updateNearest(units.rows, prev.nearest, prev.mediators.points, mediators.points, mediators.index)
    : nearestAll(units.rows, mediators.index);
  nearestCache.set(units, { mediators, nearest });
  return nearest;
}

/**
 * Reloads the layers of the current versions loaded more than `olderThanMs` ago (the coverage
 * warmer, warm.ts), before MAX_AGE_MS would make a request wait for them.
 */
export async function refreshLayers(v: Versions, olderThanMs: number): Promise<void> {
  await Promise.all([
    unitsLoader.refresh(v.units, olderThanMs),
    mediatorsLoader.refresh(v.mediators, olderThanMs),
    pairsLoader.refresh(v.mediators, olderThanMs),
    casesLoader.refresh(v.cases, olderThanMs),
  ]);
}

export function clearLayers(): void {
  unitsLoader.clear(); mediatorsLoader.clear(); pairsLoader.clear(); casesLoader.clear();
}
