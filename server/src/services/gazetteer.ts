// Address → place, against the district's own gazetteer (township and village names), tolerant of
// partial names: "义阳" finds 义阳社区, "董家河镇 黄龙寺" the village in 董家河镇, "董家河" the town.
// A village matches at its representative point (villages.point), a township at its seat. Several
// places matching equally well is `ambiguous` (the dispatcher picks), none is `not_found`.
import type { Knex } from 'knex';

interface Place {
  level: 'village' | 'township';
  code: string;
  name: string;
  township_code: string;
  township_name: string;
  lng: number;
  lat: number;
  /** The names the place is known by, longest first: full, display, short (without 村/社区/镇/…). */
  names: string[];
}

export type AddressMatch =
  | { outcome: 'matched'; level: 'village' | 'township'; code: string; name: string; township_name: string; lng: number; lat: number }
  | { outcome: 'not_found' }
  | { outcome: 'ambiguous'; candidates: { level: 'village' | 'township'; code: string; name: string; township_name: string }[] };

const PREFIXES = ['河南省', '信阳市', '浉河区'];
const VILLAGE_SUFFIXES = ['居民委员会', '村民委员会', '居委会', '村委会', '社区', '村'];
const TOWNSHIP_SUFFIXES = ['街道办事处', '街道', '镇', '乡'];

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
           ST_X(coalesce(t.seat, ST_PointOnSurface(t.geom))) AS lng, ST_Y(coalesce(t.seat, ST_PointOnSurface(t.geom))) AS lat
    FROM townships t
    UNION ALL
    SELECT 'village', v.code, v.name, v.township_code, t.name, v.display_name, ST_X(v.point), ST_Y(v.point)
    FROM villages v JOIN townships t ON t.code = v.township_code`);
  return (rows as { level: 'village' | 'township'; code: string; name: string; township_code: string; township_name: string; display_name: string | null; lng: number; lat: number }[]).map((r) => {
    const names = r.level === 'village'
      ? [r.name, r.display_name ?? r.name, shortName(r.display_name ?? r.name, VILLAGE_SUFFIXES)]
      : [r.name, shortName(r.name, TOWNSHIP_SUFFIXES)];
    return { ...r, name: r.level === 'village' ? (r.display_name ?? r.name) : r.name, names: [...new Set(names)].sort((a, b) => b.length - a.length) };
  });
}

/**
 * How well `text` names `place`: the longest of its names contained in the text, or, when the whole
 * text is part of a name ("义阳" of 义阳社区), the text's length minus a half (a whole name wins).
 */
function matchOf(text: string, place: Place): { s: number; used: string } {
  for (const n of place.names) if (n.length >= 2 && text.includes(n)) return { s: n.length, used: n }; // names are longest first
  if (text.length >= 2) for (const n of place.names) if (n.includes(text)) return { s: text.length - 0.5, used: text };
  return { s: 0, used: '' };
}

export async function matchAddress(db: Knex | Knex.Transaction, address: string): Promise<AddressMatch> {
  const text = normaliseAddress(address);
  if (text.length < 2) return { outcome: 'not_found' };
  const places = await loadPlaces(db);
  const townships = places.filter((p) => p.level === 'township');
  const tMatch = new Map(townships.map((t) => [t.code, matchOf(text, t)]));
  const tBest = Math.max(0, ...[...tMatch.values()].map((m) => m.s));
  const namedTownships = townships.filter((t) => tMatch.get(t.code)!.s === tBest && tBest >= 2);
  const namedTownshipText = namedTownships.length === 1 ? tMatch.get(namedTownships[0]!.code)!.used : '';

  // Villages: named in the text, or in what is left after their own township's name; a village name
  // that is only part of the township named ("董家河" in "董家河镇") does not count.
  const scored: { p: Place; total: number }[] = [];
  for (const v of places) {
    if (v.level !== 'village') continue;
    const t = tMatch.get(v.township_code)!;
    let m = matchOf(text, v);
    if (m.s > 0 && namedTownshipText && namedTownshipText.includes(m.used)) m = { s: 0, used: '' };
    if (t.s >= 2) {
      const rest = matchOf(text.replace(t.used, ''), v);
      if (rest.s > m.s) m = rest;
    }
    if (m.s > 0) scored.push({ p: v, total: m.s + (t.s >= 2 ? t.s : 0) });
  }
  const vBest = Math.max(0, ...scored.map((x) => x.total));
  const villages = scored.filter((x) => x.total === vBest);

  const answer = (p: Place): AddressMatch => ({ outcome: 'matched', level: p.level, code: p.code, name: p.name, township_name: p.township_name, lng: p.lng, lat: p.lat });
  const listed = (xs: Place[]): AddressMatch => ({
    outcome: 'ambiguous',
    candidates: xs.slice(0, 20).map((p) => ({ level: p.level, code: p.code, name: p.name, township_name: p.township_name })),
  });
  if (villages.length === 1) return answer(villages[0]!.p);
  if (villages.length > 1) return listed(villages.map((x) => x.p));
  // No village: the township alone ("董家河镇", or "董家河镇 某村" with an unknown village).
  if (namedTownships.length === 1) return answer(namedTownships[0]!);
  if (namedTownships.length > 1) return listed(namedTownships);
  return { outcome: 'not_found' };
}
