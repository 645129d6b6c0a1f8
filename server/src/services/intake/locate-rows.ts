// Where each row of an intake is: the dispatcher's fix, the file's coordinates or its address (the
// gazetteer, read once), then every distinct point located by one SQL statement (db/sql/intake-locate.sql,
// the one locate rule shihe_locate): 5,000 rows are a few hundred distinct points, and one round trip.
import type { Knex } from '../../db/types.ts';
import type { IntakeLocation, IntakePlace, IntakeProblem } from '../../contract/intake.ts';
import { runSql } from '../../db/sql.ts';
import { toWgs84 } from '../../geo/coords.ts';
import { loadGazetteer, type PlaceRef } from '../gazetteer.ts';
import { villageUnits } from '../case-location.ts';
import { SLIVER_TOLERANCE_M } from '../locate.ts';
import type { Draft, RowFix } from './rows.ts';

type Db = Knex | Knex.Transaction;

export interface Located {
  location: IntakeLocation;
  village_code: string | null;
  township_code: string | null;
  coord_system_in: 'wgs84' | 'gcj02' | 'address';
  input: { lng: number; lat: number } | null;
  problems: IntakeProblem[];
}

const place = (p: PlaceRef): IntakePlace => ({ ...p });
const placeLabel = (p: PlaceRef) => (p.level === 'village' ? `${p.township_name}${p.name}` : p.name);

export async function locateRows(db: Db, drafts: Draft[], fixes: Record<string, RowFix>, scope: number | null): Promise<Located[]> {
  const gaz = await loadGazetteer(db);
  // Files repeat addresses (a village per row): each distinct text is matched once.
  const matches = new Map<string, ReturnType<typeof gaz.match>>();
  const match = (a: string) => {
    let m = matches.get(a);
    if (!m) matches.set(a, (m = gaz.match(a)));
    return m;
  };
  const out: Located[] = drafts.map((d) => {
    const fix = fixes[d.row] ?? {};
    const loc: IntakeLocation = {
      status: 'not_found', by: null, precision: 'point', lng: null, lat: null, place: null, grid_code: null, grid_name: null, village_name: null, township_name: null,
      tribunal_id: null, alternatives: [],
    };
    const res: Located = { location: loc, village_code: null, township_code: null, coord_system_in: 'address', input: null, problems: [] };
    const problem = (code: IntakeProblem['code'], message: string, field: IntakeProblem['field'] = d.address ? 'address' : 'lng') => res.problems.push({ field, code, message });
    // An uncertain address's places to pick from; they stay on offer after a fix (the dispatcher may
    // change their mind). An exact match needs none (and 5,000 rows of them would weigh megabytes).
    const m = d.address ? match(d.address) : null;
    if (m && m.outcome === 'ambiguous') loc.alternatives = m.candidates.map(place);
    if (m && m.outcome === 'partial') loc.alternatives = [m.place, ...m.alternatives].map(place);
    const fixPlace = fix.place_code ? gaz.place(fix.place_code) : null;
    if (fix.point) {
      Object.assign(loc, { status: 'matched', by: 'fix_point', lng: fix.point.lng, lat: fix.point.lat });
      res.coord_system_in = 'wgs84';
      res.input = fix.point;
    } else if (fixPlace) {
      Object.assign(loc, { status: 'matched', by: 'fix_place', lng: fixPlace.lng, lat: fixPlace.lat, place: place(fixPlace) });
    } else if (d.point) {
      const [lng, lat] = toWgs84(d.point.lng, d.point.lat, d.point.system);
      Object.assign(loc, { status: 'matched', by: 'point', lng, lat });
      res.coord_system_in = d.point.system;
      res.input = { lng: d.point.lng, lat: d.point.lat };
    } else if (m) {
      if (m.outcome === 'none') problem('address_not_found', `地址“${d.address}”与本区的乡镇（街道）和村（社区）名称都对不上：请在地图上点选位置`);
      else if (m.outcome === 'ambiguous') {
        loc.status = 'uncertain';
        problem('address_ambiguous', `地址“${d.address}”对应多个地点：${m.candidates.slice(0, 5).map(placeLabel).join('、')}：请选定一个或在地图上点选`);
      } else {
        Object.assign(loc, { status: m.outcome === 'exact' ? 'matched' : 'uncertain', by: 'address', lng: m.place.lng, lat: m.place.lat, place: place(m.place) });
        if (m.outcome === 'partial') problem('address_uncertain', `地址“${d.address}”只部分对上“${placeLabel(m.place)}”：请从可能的地点中选定一个，或在地图上点选`);
      }
    } else if (!d.problems.some((p) => p.field === 'lng' || p.field === 'lat' || p.field === 'coord_system')) {
      problem('location_missing', '没有地址，也没有经纬度：请在地图上点选位置', 'address');
    }
    return res;
  });

  // Every distinct point of a row that may be saved, located once.
  const keyOf = (l: IntakeLocation) => `${l.lng},${l.lat}`;
  const points = new Map<string, { i: number; lng: number; lat: number }>();
  for (const r of out) {
    const l = r.location;
    if (l.status === 'matched' && l.lng !== null && l.lat !== null && !points.has(keyOf(l))) points.set(keyOf(l), { i: points.size, lng: l.lng, lat: l.lat });
  }
  type Row = { i: number; grid_code: string; grid_name: string; village_code: string; village_name: string; township_code: string; township_name: string; tribunal_id: number | null };
  const found = new Map<number, Row>();
  if (points.size) {
    for (const row of await runSql<Row>(db, 'intake-locate', { points: JSON.stringify([...points.values()]), sliver_m: SLIVER_TOLERANCE_M })) found.set(row.i, row);
  }
  const byVillage = (l: IntakeLocation) => (l.by === 'address' || l.by === 'fix_place') && l.place?.level === 'village';
  const villages = await villageUnits(db, out.filter((r) => r.location.status === 'matched' && byVillage(r.location)).map((r) => r.location.place!.code));
  for (const r of out) {
    const l = r.location;
    if (l.status !== 'matched') continue;
    const g = found.get(points.get(keyOf(l))!.i);
    if (!g) {
      l.status = 'not_found';
      r.problems.push({ field: l.by === 'point' ? 'lng' : 'address', code: 'outside_district', message: `该位置（${l.lng}, ${l.lat}）不在浉河区范围内${l.by === 'point' ? '；高德、腾讯地图的坐标请在坐标系列写 GCJ-02' : ''}：请在地图上点选位置` });
      continue;
    }
    Object.assign(l, { grid_code: g.grid_code, grid_name: g.grid_name, village_name: g.village_name, township_name: g.township_name, tribunal_id: g.tribunal_id });
    r.village_code = g.village_code;
    r.township_code = g.township_code;
    // A row placed by a village (its address or the dispatcher's pick) is saved located only to that village:
    // no grid, its units by the village's code (services/case-location.ts), ranked by village.
    const v = byVillage(l) ? villages.get(l.place!.code) : undefined;
    if (v) {
      Object.assign(l, { precision: 'village', grid_code: null, grid_name: null, village_name: v.village.name, township_name: v.township.name, tribunal_id: v.tribunal?.id ?? null });
      r.village_code = v.village.code;
      r.township_code = v.township.code;
    }
    if (scope !== null && l.tribunal_id !== scope) {
      r.problems.push({ field: 'address', code: 'outside_scope', message: `该位置属于其他法庭的辖区（${l.township_name}），不在您的辖区内：请排除本行，或交由该辖区的分流员导入` });
    }
  }
  return out;
}
