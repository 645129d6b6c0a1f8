// `npm run data:build`: builds the demo data set into data/build/ from the facts in data/source/.
// buildAll() is pure (same sources and seed → byte-identical outputs); the CLI at the bottom writes files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CASE_MONTHS, CASES_PER_RESIDENT_YEAR, DEMO_ANCHOR_DATE, DISTRICT_CODE, DISTRICT_NAME, SEED } from './config.ts';
import { buildAssessment, type Assessment } from './assessment.ts';
import { buildCases, type Case } from './cases.ts';
import { buildGeography, type Geography } from './geography.ts';
import type { MPoly } from './lib/geo.ts';
import { buildPeople, type People } from './people.ts';
import { loadSources, type Sources } from './sources.ts';
import { toTableText } from '../../server/src/contract/table.ts';

export { DEMO_ANCHOR_DATE, SEED } from './config.ts';

export const BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build');

export interface BuildOptions {
  seed?: string;
  anchorDate?: string;
}

export interface Outputs {
  geography: Geography;
  people: People;
  cases: Case[];
  assessment: Assessment;
  /** File name → file content, exactly as written to data/build/. */
  files: Record<string, string>;
}

type Props = Record<string, unknown>;

function featureCollection(features: { properties: Props; geometry: MPoly }[]): string {
  // One feature per line: compact but still diff-friendly.
  const lines = features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: { type: 'MultiPolygon', coordinates: f.geometry } }));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

function jsonLines(items: unknown[]): string {
  return `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`;
}

export function buildAll(sources: Sources, opts: BuildOptions = {}): Outputs {
  const seed = opts.seed ?? SEED;
  const anchorDate = opts.anchorDate ?? DEMO_ANCHOR_DATE;
  const geography = buildGeography(sources, seed);
  const people = buildPeople(geography, seed, anchorDate);
  const cases = buildCases(geography, people, seed, anchorDate);
  const assessment = buildAssessment(geography, people, cases, seed, anchorDate);

  const files: Record<string, string> = {};
  files['district.geojson'] = featureCollection([{
    properties: { code: DISTRICT_CODE, name: DISTRICT_NAME, geometry_source: 'official', population: sources.population },
    geometry: geography.outline,
  }]);
  files['townships.geojson'] = featureCollection(geography.townships.map(({ geometry, ...p }) => ({ properties: p, geometry })));
  files['villages.geojson'] = featureCollection(geography.villages.map(({ geometry, ...p }) => ({ properties: p, geometry })));
  files['grids.geojson'] = featureCollection(geography.grids.map(({ geometry, centre: _c, ...p }) => ({ properties: p, geometry })));
  files['tribunals.json'] = jsonLines(people.tribunals);
  files['organisations.json'] = jsonLines(people.organisations);
  files['mediators.json'] = jsonLines(people.mediators);
  // 12,000 rows: column names once (server/src/contract/table.ts), not in every row.
  files['cases.json'] = toTableText(cases as unknown as Record<string, unknown>[]);
  // Assessment demo data (issue 7): judges and their guidance, training, schools, enterprises, publicity.
  files['judges.json'] = jsonLines(assessment.judges);
  files['guidance.json'] = jsonLines(assessment.guidance);
  files['training.json'] = jsonLines(assessment.training);
  files['schools.json'] = jsonLines(assessment.schools);
  files['enterprises.json'] = jsonLines(assessment.enterprises);
  files['publicity.json'] = jsonLines(assessment.publicity);

  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(name).update('\0').update(files[name] as string).update('\0');
  const meta = {
    dataset: 'shihe-demo',
    version: hash.digest('hex').slice(0, 16),
    anchor_date: anchorDate,
    seed,
    counts: {
      townships: geography.townships.length,
      villages: geography.villages.length,
      grids: geography.grids.length,
      tribunals: people.tribunals.length,
      organisations: people.organisations.length,
      mediators: people.mediators.length,
      cases: cases.length,
      judges: assessment.judges.length,
      guidance_requests: assessment.guidance.length,
      training_sessions: assessment.training.length,
      schools: assessment.schools.length,
      enterprises: assessment.enterprises.length,
      publicity_events: assessment.publicity.length,
    },
    population_total: sources.population,
    population_note: 'population_est of townships, villages and grids are estimates (2020 census district total split by the urbanisation rate and structural weights), not census figures',
    geometry_note: 'township, village and grid boundaries are schematic (generated), not official; only district.geojson is a real outline',
    demo_note: 'tribunals other than 浉河区人民法院 and 董家河法庭, organisations marked 示例/演示, all mediators and all cases, and the judges, guidance requests, training records, schools, enterprises and publicity events are invented demo data',
    case_window_months: CASE_MONTHS,
    case_rate_per_resident_year: CASES_PER_RESIDENT_YEAR,
    coverage_gaps: { villages_without_mediators: people.gapVillages, villages_with_only_inactive_mediators: people.inactiveVillages },
    township_area_targets_km2: Object.fromEntries(geography.areaReport.map((r) => [r.code, { target: r.target, from_facts: r.fact, schematic: r.area }])),
    generated_by: 'data/scripts/build.ts',
  };
  files['meta.json'] = `${JSON.stringify(meta, null, 2)}\n`;
  return { geography, people, cases, assessment, files };
}

export function writeOutputs(out: Outputs, dir: string = BUILD_DIR): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(out.files)) fs.writeFileSync(path.join(dir, name), content);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = performance.now();
  const out = buildAll(loadSources());
  writeOutputs(out);
  const sizes = Object.entries(out.files).map(([n, c]) => `${n} ${(Buffer.byteLength(c) / 1024).toFixed(0)} KiB`);
  console.log(`data:build done in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), BUILD_DIR)}/`);
  console.log(sizes.join('\n'));
}
