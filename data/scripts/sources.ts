// Reads the real facts from data/source/ (and nothing else).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './lib/csv.ts';
import type { MPoly, Pt } from './lib/geo.ts';

export const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../source');

export interface DivisionRow {
  code: string;
  name: string;
  display_name: string;
  level: 'county' | 'township' | 'village';
  type: 'district' | 'subdistrict' | 'town' | 'township' | 'community' | 'village';
  parent_code: string;
  urban_rural_code: string | null;
  lng: number | null;
  lat: number | null;
}

export interface TownshipFact {
  code: string;
  name: string;
  area_km2: number | null;
  population: number | null;
}

export interface Sources {
  outline: MPoly;
  divisions: DivisionRow[];
  townshipPoints: Map<string, Pt>;
  villagePoints: Map<string, Pt>;
  townshipFacts: Map<string, TownshipFact>;
  population: number;
  urbanisationRate: number;
}

function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

interface PointFC {
  features: { properties: { code: string }; geometry: { coordinates: [number, number] } }[];
}

export function loadSources(dir: string = SOURCE_DIR): Sources {
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const district = JSON.parse(read('shihe-district.geojson')) as {
    features: { geometry: { type: string; coordinates: unknown } }[];
  };
  const g = district.features[0]?.geometry;
  if (!g) throw new Error('shihe-district.geojson: no feature');
  const outline: MPoly = g.type === 'Polygon' ? [g.coordinates as MPoly[number]] : (g.coordinates as MPoly);

  const divisions: DivisionRow[] = parseCsv(read('shihe-divisions.csv')).map((r) => ({
    code: r.code ?? '',
    name: r.name ?? '',
    display_name: r.display_name ?? '',
    level: r.level as DivisionRow['level'],
    type: r.type as DivisionRow['type'],
    parent_code: r.parent_code ?? '',
    urban_rural_code: r.urban_rural_code ? r.urban_rural_code : null,
    lng: num(r.lng),
    lat: num(r.lat),
  }));

  const pts = (f: string) => {
    const fc = JSON.parse(read(f)) as PointFC;
    return new Map(fc.features.map((x) => [x.properties.code, x.geometry.coordinates as Pt] as const));
  };
  const townshipPoints = pts('shihe-township-points.geojson');
  const villagePoints = pts('shihe-village-points-sparse.geojson');

  const townshipFacts = new Map<string, TownshipFact>();
  for (const r of parseCsv(read('shihe-township-facts.csv'))) {
    townshipFacts.set(r.code ?? '', { code: r.code ?? '', name: r.name ?? '', area_km2: num(r.area_km2), population: num(r.population) });
  }

  const stats = new Map(parseCsv(read('shihe-stats.csv')).map((r) => [r.metric ?? '', num(r.value)] as const));
  const population = stats.get('resident_population_census2020');
  const urbanisationRate = stats.get('urbanization_rate_census2020');
  if (population == null || urbanisationRate == null) throw new Error('shihe-stats.csv: population or urbanisation rate missing');
  return { outline, divisions, townshipPoints, villagePoints, townshipFacts, population, urbanisationRate };
}
