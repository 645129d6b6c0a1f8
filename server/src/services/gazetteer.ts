// Address → place, against the district's own gazetteer (township and village names), tolerant of
// partial names: "义阳" finds 义阳社区, "董家河镇 黄龙寺" the village in 董家河镇, "董家河" the town.
// A village matches at its representative point (villages.point), a township at its seat; both carry
// their bbox so the map can frame them. The gazetteer knows no streets, house numbers or grids, so
// the outcome says how sure the match is:
// - `exact`: the text names the place: a full name (义阳社区, 董家河镇), or a short name with nothing
//   else left over ("义阳", "董家河镇 高岭");
// - `partial`: only part of the text matched ("中山路88号" → 中山社区 on 中山, "信阳火车站" → 车站街道
//   on 车站): the best place is returned as uncertain, with its ranked alternatives;
// - `ambiguous`: several places match equally well (the dispatcher picks); `none`: nothing matches.
import type { Knex } from '../db/types.ts';

export type PlaceLevel = 'village' | 'township';

/** A place of the gazetteer as answered: where it is and how far it reaches. */
export interface PlaceRef {
  level: PlaceLevel;
  code: string;
  name: string;
  township_name: string;
  lng: number;
  lat: number;
  /** [west, south, east, north], WGS84. */
  bbox: [number, number, number, number];
}

interface Place extends PlaceRef {
  township_code: string;
  /** The names the place is known by, longest first: full, display, short (without 村/社区/镇/…). */
  names: string[];
  /** The short name (no suffix): naming only it leaves the text's rest to explain. */
  short: string;
}

export type AddressMatch =
  | { outcome: 'exact'; place: PlaceRef; alternatives: PlaceRef[] }
  | { outcome: 'partial'; place: PlaceRef; alternatives: PlaceRef[] }
  | { outcome: 'ambiguous'; candidates: PlaceRef[] }
  | { outcome: 'none' };

const PREFIXES = ['河南省', '信阳市', '浉河区'];
const VILLAGE_SUFFIXES = ['居民委员会', '村民委员会', '居委会', '村委会', '社区', '村'];
const TOWNSHIP_SUFFIXES = ['街道办事处', '街道', '镇', '乡'];
const MAX_ALTERNATIVES = 8;

/** Removes spaces and punctuation, and the province/city/district prefixes. */
export function normaliseAddress(s: string): string {
  let t = s.replace(/[\s,，、.。:：;；()（）\-—]/g, '');
  for (const p of PREFIXES) if (t.startsWith(p)) t = t.slice(p.length);
  return t;
}

function shortName(name: string, suffixes: string[]): string {
  for (const s of suffixes) if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  return name;
}

async function loadPlaces(db: Knex | Knex.Transaction): Promise<Place[]> {
  const { rows } = await db.raw(`
    SELECT 'township' AS level, t.code, t.name, t.code AS township_code, t.name AS township_name, NULL AS display_name,
           ST_X(coalesce(t.seat, ST_PointOnSurface(t.geom))) AS lng, ST_Y(coalesce(t.seat, ST_PointOnSurface(t.geom))) AS lat,
           ST_XMin(t.geom) AS w, ST_YMin(t.geom) AS s, ST_XMax(t.geom) AS e, ST_YMax(t.geom) AS n
    FROM townships t
    UNION ALL
    SELECT 'village', v.code, v.name, v.township_code, t.name, v.display_name, ST_X(v.point), ST_Y(v.point),
           ST_XMin(v.geom), ST_YMin(v.geom), ST_XMax(v.geom), ST_YMax(v.geom)
    FROM villages v JOIN townships t ON t.code = v.township_code`);
  type Row = { level: PlaceLevel; code: string; name: string; township_code: string; township_name: string; display_name: string | null; lng: number; lat: number; w: number; s: number; e: number; n: number };
  return (rows as Row[]).map((r) => {
    const display = r.level === 'village' ? (r.display_name ?? r.name) : r.name;
    const short = shortName(display, r.level === 'village' ? VILLAGE_SUFFIXES : TOWNSHIP_SUFFIXES);
    const names = [...new Set([r.name, display, short])].sort((a, b) => b.length - a.length);
    return {
      level: r.level, code: r.code, name: display, township_code: r.township_code, township_name: r.township_name,
      lng: Number(r.lng), lat: Number(r.lat), bbox: [Number(r.w), Number(r.s), Number(r.e), Number(r.n)], names, short,
    };
  });
}

interface Hit { s: number; used: string }
const NO_HIT: Hit = { s: 0, used: '' };

/**
 * How well `text` names `place`: the longest of its names contained in the text, or, when the whole
 * text is part of a name ("义阳" of 义阳社区), the text's length minus a half (a whole name wins).
 */
function matchOf(text: string, place: Place): Hit {
  for (const n of place.names) if (n.length >= 2 && text.includes(n)) return { s: n.length, used: n }; // names are longest first
  if (text.length >= 2) for (const n of place.names) if (n.includes(text)) return { s: text.length - 0.5, used: text };
  return NO_HIT;
}

/**
 * Whether the hit names the place: a village by a full name (what follows, "3组", is below the
 * gazetteer), or any place by a name with nothing else left in the text; a part of a name never does.
 */
function isExact(place: Place, hit: Hit, text: string, townshipUsed: string): boolean {
  if (!place.names.includes(hit.used)) return false; // a part of a name
  if (place.level === 'village' && hit.used !== place.short) return true;
  let rest = text;
  if (townshipUsed && townshipUsed !== hit.used) rest = rest.replace(townshipUsed, '');
  return rest.replace(hit.used, '') === '';
}

const ref = (p: Place): PlaceRef => ({ level: p.level, code: p.code, name: p.name, township_name: p.township_name, lng: p.lng, lat: p.lat, bbox: p.bbox });

export async function matchAddress(db: Knex | Knex.Transaction, address: string): Promise<AddressMatch> {
  if (normaliseAddress(address).length < 2) return { outcome: 'none' };
  return matchIn(await loadPlaces(db), address);
}

/** The gazetteer read once, for matching many addresses (a bulk intake) and finding a place by its code. */
export interface Gazetteer {
  match(address: string): AddressMatch;
  place(code: string): PlaceRef | null;
}

export async function loadGazetteer(db: Knex | Knex.Transaction): Promise<Gazetteer> {
  const places = await loadPlaces(db);
  const byCode = new Map(places.map((p) => [p.code, p]));
  return {
    match: (address) => matchIn(places, address),
    place: (code) => {
      const p = byCode.get(code);
      return p ? ref(p) : null;
    },
  };
}

function matchIn(places: Place[], address: string): AddressMatch {
  const text = normaliseAddress(address);
  if (text.length < 2) return { outcome: 'none' };
  const townships = places.filter((p) => p.level === 'township');
  const tMatch = new Map(townships.map((t) => [t.code, matchOf(text, t)]));
  const tBest = Math.max(0, ...[...tMatch.values()].map((m) => m.s));
  const namedTownships = townships.filter((t) => tMatch.get(t.code)!.s === tBest && tBest >= 2);
  const namedTownshipText = namedTownships.length === 1 ? tMatch.get(namedTownships[0]!.code)!.used : '';

  // Villages: named in the text, or in what is left after their own township's name; a village name
  // that is only part of the township named ("董家河" in "董家河镇") does not count for the pick, but
  // stays among the alternatives.
  const scored: { p: Place; total: number; exact: boolean }[] = [];
  const loose: { p: Place; total: number }[] = [];
  for (const v of places) {
    if (v.level !== 'village') continue;
    const t = tMatch.get(v.township_code)!;
    const tUsed = t.s >= 2 ? t.used : '';
    let m = matchOf(text, v);
    if (m.s > 0) loose.push({ p: v, total: m.s });
    if (m.s > 0 && namedTownshipText && namedTownshipText.includes(m.used)) m = NO_HIT;
    if (tUsed) {
      const rest = matchOf(text.replace(tUsed, ''), v);
      if (rest.s > m.s) m = rest;
    }
    if (m.s > 0) scored.push({ p: v, total: m.s + (tUsed ? t.s : 0), exact: isExact(v, m, text, tUsed) });
  }
  for (const t of townships) {
    const m = tMatch.get(t.code)!;
    if (m.s > 0) loose.push({ p: t, total: m.s });
  }
  for (const x of scored) {
    const l = loose.find((y) => y.p === x.p);
    if (l) l.total = Math.max(l.total, x.total);
    else loose.push({ p: x.p, total: x.total });
  }
  loose.sort((a, b) => b.total - a.total || (a.p.level === b.p.level ? a.p.code.localeCompare(b.p.code) : a.p.level === 'village' ? -1 : 1));
  const alternatives = (chosen: Place) => loose.filter((x) => x.p !== chosen).slice(0, MAX_ALTERNATIVES).map((x) => ref(x.p));

  const vBest = Math.max(0, ...scored.map((x) => x.total));
  const villages = scored.filter((x) => x.total === vBest);
  if (villages.length === 1) {
    const { p, exact } = villages[0]!;
    return { outcome: exact ? 'exact' : 'partial', place: ref(p), alternatives: alternatives(p) };
  }
  if (villages.length > 1) return { outcome: 'ambiguous', candidates: villages.slice(0, 20).map((x) => ref(x.p)) };
  // No village: the township alone ("董家河镇", or "董家河镇 某村" with an unknown village).
  if (namedTownships.length === 1) {
    const t = namedTownships[0]!;
    return { outcome: isExact(t, tMatch.get(t.code)!, text, '') ? 'exact' : 'partial', place: ref(t), alternatives: alternatives(t) };
  }
  if (namedTownships.length > 1) return { outcome: 'ambiguous', candidates: namedTownships.map(ref) };
  return { outcome: 'none' };
}
