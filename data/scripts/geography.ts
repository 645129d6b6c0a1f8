// Schematic areas: townships tile the real outline, villages tile their township, grids tile their village.
import { CITY_CORE, CITY_CORE_CENTRE, CITY_CORE_SITES, DISTRICT_CODE, SCHEMATIC_SEATS, TOWNSHIP_AREA_TARGETS } from './config.ts';
import type { TownshipType, VillageType } from '../../server/src/contract/vocab.ts';
import { areaKm2, cleanMPoly, interiorPoint, partition, pointInMPoly, roundPt, type CellSpec, type MPoly, type Pt } from './lib/geo.ts';
import { largestRemainder, makeRng } from './lib/rng.ts';
import type { DivisionRow, Sources } from './sources.ts';

export interface Township {
  code: string;
  name: string;
  type: TownshipType;
  parent_code: string;
  population_est: number;
  geometry_source: 'schematic';
  seat: Pt;
  seat_source: 'amap_2016' | 'schematic';
  area_km2: number;
  geometry: MPoly;
}

export interface Village {
  code: string;
  name: string;
  display_name: string;
  type: VillageType;
  parent_code: string;
  urban_rural_code: string | null;
  population_est: number;
  geometry_source: 'schematic';
  point: Pt;
  point_source: 'amap_2016' | 'schematic';
  area_km2: number;
  geometry: MPoly;
}

export interface Grid {
  code: string;
  name: string;
  parent_code: string;
  population_est: number;
  geometry_source: 'schematic';
  area_km2: number;
  /** Representative point inside the cell (not written to grids.geojson; used for cases and mediators). */
  centre: Pt;
  geometry: MPoly;
}

export interface Geography {
  outline: MPoly;
  districtArea: number;
  townships: Township[];
  villages: Village[];
  grids: Grid[];
  /** Diagnostics: per township, target vs schematic area. */
  areaReport: { code: string; name: string; target: number; fact: boolean; area: number }[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Population estimates for the village-level units (integers; they add up to the district total). */
export function estimatePopulation(s: Sources, seed: string): Map<string, number> {
  const rng = makeRng(seed, 'population');
  const towns = s.divisions.filter((d) => d.level === 'township');
  const units = s.divisions.filter((d) => d.level === 'village');
  const townType = new Map(towns.map((t) => [t.code, t.type]));
  const urbanPool = Math.round(s.population * s.urbanisationRate);
  const ruralPool = s.population - urbanPool;
  // Structural weights: dense city communities, lighter peri-urban and town-centre communities.
  const base = units.map((u) => {
    const jitter = 0.75 + 0.55 * rng();
    if (u.type === 'community') {
      const inCity = townType.get(u.parent_code) === 'subdistrict';
      const k = !inCity ? 0.55 : u.urban_rural_code === '111' ? 1.0 : u.urban_rural_code === '112' ? 0.75 : 0.8;
      return k * jitter;
    }
    return (u.urban_rural_code === '210' || u.urban_rural_code === '121' ? 1.4 : 1.0) * jitter;
  });
  const split = (weights: number[]) => {
    const cw = weights.reduce((a, w, i) => a + (units[i]?.type === 'community' ? w : 0), 0);
    const vw = weights.reduce((a, w, i) => a + (units[i]?.type === 'community' ? 0 : w), 0);
    return weights.map((w, i) => (units[i]?.type === 'community' ? (w / cw) * urbanPool : (w / vw) * ruralPool));
  };
  const est0 = split(base);
  // Nudge townships towards the (old, not census) population facts: geometric blend of the relative sizes.
  const townEst = new Map<string, number>();
  units.forEach((u, i) => townEst.set(u.parent_code, (townEst.get(u.parent_code) ?? 0) + (est0[i] ?? 0)));
  const ratios: [string, number][] = [];
  for (const t of towns) {
    const f = s.townshipFacts.get(t.code)?.population;
    const e = townEst.get(t.code);
    if (f && e) ratios.push([t.code, f / e]);
  }
  const gm = Math.exp(ratios.reduce((a, [, r]) => a + Math.log(r), 0) / Math.max(1, ratios.length));
  const factor = new Map(ratios.map(([c, r]) => [c, Math.sqrt(r / gm)] as const));
  const est = split(base.map((w, i) => w * (factor.get(units[i]?.parent_code ?? '') ?? 1)));
  const ints = largestRemainder(s.population, est);
  return new Map(units.map((u, i) => [u.code, ints[i] ?? 0]));
}

function gridCount(u: DivisionRow, pop: number): number {
  if (u.type === 'community') return Math.max(3, Math.min(8, Math.round(pop / 900)));
  return pop < 1000 ? 1 : pop < 1700 ? 2 : 3;
}

export function buildGeography(s: Sources, seed: string): Geography {
  const outline = cleanMPoly(s.outline);
  const districtArea = areaKm2(outline);
  const towns = s.divisions.filter((d) => d.level === 'township');
  const units = s.divisions.filter((d) => d.level === 'village');
  const pop = estimatePopulation(s, seed);

  // --- townships ---
  let known = 0, unknown = 0;
  for (const t of towns) {
    const tg = TOWNSHIP_AREA_TARGETS[t.code];
    if (!tg) throw new Error(`no area target for ${t.code}`);
    if (tg.fact) known += tg.km2;
    else unknown += tg.km2;
  }
  const scaleUnknown = (districtArea - known) / unknown;
  const seatOf = (code: string): { p: Pt; src: 'amap_2016' | 'schematic' } => {
    const a = s.townshipPoints.get(code);
    if (a) return { p: a, src: 'amap_2016' };
    const h = SCHEMATIC_SEATS[code];
    if (!h) throw new Error(`no seat for ${code}`);
    return { p: h, src: 'schematic' };
  };
  const targets = towns.map((t) => {
    const tg = TOWNSHIP_AREA_TARGETS[t.code] as { km2: number; fact: boolean };
    return tg.fact ? tg.km2 : tg.km2 * scaleUnknown;
  });
  const townSpecs: CellSpec[] = towns.map((t, i) => {
    const seat = seatOf(t.code);
    // Seats are hard constraints, except the hand-placed ones of the city core: they only start the site
    // and are moved inside the cell afterwards.
    const fixed: Pt[] = seat.src === 'amap_2016' || !CITY_CORE.includes(t.code) ? [seat.p] : [];
    for (const u of units) {
      const vp = s.villagePoints.get(u.code);
      if (u.parent_code === t.code && vp) fixed.push(vp);
    }
    return { target: targets[i] as number, fixed, init: seat.p };
  });
  for (const sp of townSpecs) for (const p of sp.fixed) if (!pointInMPoly(p, outline)) throw new Error(`fixed point outside outline: ${p}`);
  // Two levels, so that the cells of one partition have comparable sizes: first the large units and the
  // city core (its six small subdistricts as one cell), then the core into its subdistricts.
  const cityIdx = towns.map((t, i) => (CITY_CORE.includes(t.code) ? i : -1)).filter((i) => i >= 0);
  const ruralIdx = towns.map((t, i) => (CITY_CORE.includes(t.code) ? -1 : i)).filter((i) => i >= 0);
  const citySpec: CellSpec = {
    target: cityIdx.reduce((a, i) => a + (targets[i] as number), 0),
    fixed: cityIdx.flatMap((i) => (townSpecs[i] as CellSpec).fixed),
    init: CITY_CORE_CENTRE,
    anchored: true,
  };
  const trng = makeRng(seed, 'townships');
  const level1 = partition(outline, [...ruralIdx.map((i) => townSpecs[i] as CellSpec), citySpec], trng, {
    samplesPerCell: 2000, iterations: 300, marginKm: 0.2, label: 'rural',
  });
  const cityGeom = level1.cells[ruralIdx.length] as MPoly;
  const coreSpecs = cityIdx.map((i) => ({ ...(townSpecs[i] as CellSpec), init: CITY_CORE_SITES[(towns[i] as DivisionRow).code] }));
  const level2 = partition(cityGeom, coreSpecs, trng, {
    samplesPerCell: 2000, iterations: 300, marginKm: 0.05, eta: 0.2, fixedSites: true, label: 'city',
  });
  const cellOf = new Map<number, MPoly>();
  ruralIdx.forEach((ti, k) => cellOf.set(ti, level1.cells[k] as MPoly));
  cityIdx.forEach((ti, k) => cellOf.set(ti, level2.cells[k] as MPoly));
  const tp = { cells: towns.map((_, i) => cellOf.get(i) as MPoly) };
  const townships: Township[] = towns.map((t, i) => {
    const geom = tp.cells[i] as MPoly;
    const seat = seatOf(t.code);
    if (seat.src === 'schematic' && CITY_CORE.includes(t.code)) seat.p = interiorPoint(geom, seat.p);
    return {
      code: t.code,
      name: t.name,
      type: t.type as TownshipType,
      parent_code: DISTRICT_CODE,
      population_est: 0,
      geometry_source: 'schematic',
      seat: roundPt(seat.p),
      seat_source: seat.src,
      area_km2: r3(areaKm2(geom)),
      geometry: geom,
    };
  });
  const areaReport = townships.map((t, i) => ({
    code: t.code,
    name: t.name,
    target: r3(targets[i] as number),
    fact: (TOWNSHIP_AREA_TARGETS[t.code] as { fact: boolean }).fact,
    area: t.area_km2,
  }));

  // --- villages ---
  const villages: Village[] = [];
  const grids: Grid[] = [];
  const vrng = makeRng(seed, 'villages');
  for (const t of townships) {
    const kids = units.filter((u) => u.parent_code === t.code);
    const seatUnit = kids.find((u) => u.type === 'community') ?? kids[0];
    const seatKm = 0.009; // ~1 km in degrees, for the initial spread of communities around the seat
    const specs: CellSpec[] = kids.map((u) => {
      const vp = s.villagePoints.get(u.code);
      const fixed: Pt[] = [];
      if (vp) fixed.push(vp);
      if (u === seatUnit) fixed.push(t.seat);
      const isCommunity = u.type === 'community';
      const target = (isCommunity ? (t.type === 'subdistrict' ? 1 : 0.12) : 1) * (0.7 + 0.7 * vrng());
      let init: Pt | undefined;
      if (fixed.length === 0 && isCommunity && t.type !== 'subdistrict') {
        const a = vrng() * 2 * Math.PI;
        const r = seatKm * (0.5 + vrng());
        init = [t.seat[0] + r * Math.cos(a), t.seat[1] + r * Math.sin(a)];
        if (!pointInMPoly(init, t.geometry)) init = undefined;
      }
      return { target, fixed, init };
    });
    const vp = partition(t.geometry, specs, vrng, { samplesPerCell: 400, iterations: 250, eta: 0.1, label: `villages of ${t.name}` });
    kids.forEach((u, i) => {
      const geom = vp.cells[i] as MPoly;
      const amap = s.villagePoints.get(u.code);
      villages.push({
        code: u.code,
        name: u.name,
        display_name: u.display_name,
        type: u.type as VillageType,
        parent_code: u.parent_code,
        urban_rural_code: u.urban_rural_code,
        population_est: pop.get(u.code) ?? 0,
        geometry_source: 'schematic',
        point: amap ? roundPt(amap) : interiorPoint(geom, vp.sites[i]),
        point_source: amap ? 'amap_2016' : 'schematic',
        area_km2: r3(areaKm2(geom)),
        geometry: geom,
      });
    });
    t.population_est = kids.reduce((a, u) => a + (pop.get(u.code) ?? 0), 0);
  }

  // --- grids ---
  const grng = makeRng(seed, 'grids');
  for (const v of villages) {
    const row = units.find((u) => u.code === v.code) as DivisionRow;
    const n = gridCount(row, v.population_est);
    const specs: CellSpec[] = Array.from({ length: n }, () => ({ target: 0.8 + 0.45 * grng(), fixed: [] }));
    const gp = partition(v.geometry, specs, grng, { samplesPerCell: 250, iterations: 120, label: `grids of ${v.name}` });
    const areas = gp.cells.map((c) => areaKm2(c));
    const pops = largestRemainder(v.population_est, areas.map((a) => a * (0.8 + 0.4 * grng())));
    gp.cells.forEach((geom, i) => {
      grids.push({
        code: `${v.code}${String(i + 1).padStart(3, '0')}`,
        name: `${v.display_name}第${i + 1}网格`,
        parent_code: v.code,
        population_est: pops[i] ?? 0,
        geometry_source: 'schematic',
        area_km2: r3(areas[i] as number),
        centre: interiorPoint(geom, gp.sites[i]),
        geometry: geom,
      });
    });
  }
  return { outline, districtArea, townships, villages, grids, areaReport };
}
