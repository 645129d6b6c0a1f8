// Planning (规划): the coverage rule's parameters, request schemas and answer types shared by the server
// (validation) and the client (types, the definition shown on screen). One source for /api/coverage/*.
import { z } from 'zod';
import { day, id, idList, int, idParam, refineStatsPeriod, storableString, text } from './fields.ts';
import { DISPUTE_TYPES, keysOf } from './vocab.ts';

// --- the rule ----------------------------------------------------------------------------------------

export const COVERAGE_LEVELS = { village: '村（社区）', grid: '网格' } as const;
export type CoverageLevel = keyof typeof COVERAGE_LEVELS;

/** Default coverage radius by urban-rural class (urban_rural_code 1xx = 城镇, anything else = 乡村). */
export const COVERAGE_DEFAULTS = { radius_urban_m: 1000, radius_rural_m: 3000 } as const;

export const COVERAGE_REASONS = {
  no_responsible_mediator: '无负责的在岗调解员',
  too_far: '最近的在岗调解员超出覆盖半径',
} as const;
export type CoverageReason = keyof typeof COVERAGE_REASONS;

/**
 * The definition, as shown on screen and in the README. Decisions where the issue is silent:
 * "nearest active mediator" is the nearest ACTIVE mediator of any responsibility (the issue says
 * "the nearest active mediator", not "the nearest responsible one"; only then can a unit be uncovered
 * for both reasons at once). A hypothetical mediator of a scenario is responsible for the village
 * (村/社区) it stands in, and so for that village's grids.
 */
export const COVERAGE_DEFINITION = [
  '一个村（社区）或网格同时满足以下两条即为“已覆盖”：',
  '① 至少有一名在岗调解员负责该单元（村：服务范围为该村或其下任一网格；网格：服务范围为该网格或其所属村）；',
  '② 距该单元代表点最近的在岗调解员（不论是否负责该单元）在覆盖半径以内（含恰好等于半径）。',
  '覆盖半径默认：乡村 3000 米、城镇 1000 米（按城乡分类代码：1 开头为城镇，其余为乡村）；可统一设置一个半径，或分别设置。',
  '距离按 WGS84 椭球面计算（与案件分流相同）。休假、退出的调解员不计。乡镇级、区级服务范围不计入“负责”。',
  '方案中新增的假设调解员负责其所在的村（社区）及其网格；方案只做推演，不改动真实数据。',
].join('\n');

// --- requests ----------------------------------------------------------------------------------------

const optional = <S extends z.ZodType>(s: S) => z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional());
const metres = (label: string) =>
  z.coerce.number({ error: `${label}必须是数字（米）` }).finite(`${label}必须是有限的数字`).min(0, `${label}不能为负`).max(100_000, `${label}不能超过 100000 米`);

/** Parameters of every coverage computation. `radius_m` (one value) overrides both class radii. */
export const coverageParams = z
  .object({
    level: z.enum(keysOf(COVERAGE_LEVELS), { error: 'level 应为 village（村/社区）或 grid（网格）' }).default('village'),
    radius_m: optional(metres('覆盖半径 radius_m')),
    radius_urban_m: optional(metres('城镇覆盖半径 radius_urban_m')),
    radius_rural_m: optional(metres('乡村覆盖半径 radius_rural_m')),
    from: optional(day('起始日期 from')),
    to: optional(day('结束日期 to')),
    type: optional(z.enum(keysOf(DISPUTE_TYPES))),
  })
  .superRefine(refineStatsPeriod);
export type CoverageParams = z.input<typeof coverageParams>;
export type CoverageParamsParsed = z.infer<typeof coverageParams>;

const lng = z.number({ error: '经度 lng 必须是数字' }).finite().min(-180).max(180);
const lat = z.number({ error: '纬度 lat 必须是数字' }).finite().min(-90).max(90);
const mediatorId = id('调解员编号 mediator_id');

/** A scenario's change: a hypothetical mediator, an existing one moved, or an existing one taken out. */
export const scenarioChange = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), key: text('假设调解员标识 key', 40), lng, lat, label: storableString('名称 label', 60).optional() }),
  z.object({ op: z.literal('move'), mediator_id: mediatorId, lng, lat }),
  z.object({ op: z.literal('remove'), mediator_id: mediatorId }),
], { error: '变更 op 应为 add（新增假设调解员）、move（移动现有调解员）或 remove（停用现有调解员）' });
export type ScenarioChange = z.infer<typeof scenarioChange>;

export const scenarioChanges = z.array(scenarioChange).max(500, '一个方案最多 500 项变更');

export const whatIfBody = z.object({
  params: coverageParams.default({ level: 'village' }),
  changes: scenarioChanges,
  /** Also answer every unit whose coverage the changes alter (for the map). */
  with_units: z.boolean().optional(),
});
export type WhatIfBody = z.input<typeof whatIfBody>;

export const BEST_SITES_LIMITS = { k_max: 50, exact_k_max: 3, exact_candidates_max: 400, candidates_max: 20_000 } as const;

export const bestSitesBody = z.object({
  params: coverageParams.default({ level: 'village' }),
  /** Changes of a scenario applied before the search (optional): the search starts from there. */
  changes: scenarioChanges.optional(),
  k: int('新增站点数 k', 1, BEST_SITES_LIMITS.k_max),
  objective: z.enum(['population', 'cases'], { error: 'objective 应为 population（覆盖人口）或 cases（覆盖案件）' }).default('population'),
  candidates: z.enum(['villages', 'lattice'], { error: 'candidates 应为 villages（各村代表点）或 lattice（规则格点）' }).default('villages'),
  /** Lattice spacing in metres (candidates = lattice). */
  spacing_m: z.number().finite().min(200, '格点间距至少 200 米').max(50_000).optional(),
  /** Each new site may newly cover at most this much of the objective (people or cases); omitted: no limit. */
  capacity: z.number().finite().positive('容量须为正数').optional(),
  method: z.enum(['greedy', 'exact']).default('greedy'),
});
export type BestSitesBody = z.input<typeof bestSitesBody>;

export const scenarioBody = z.object({
  name: text('方案名称', 80),
  params: coverageParams.default({ level: 'village' }),
  changes: scenarioChanges,
});
export type ScenarioBody = z.input<typeof scenarioBody>;

export const compareQuery = z.object({
  ids: idList('方案编号 ids', 1, 6),
});

/** `{ id }` of /api/coverage/scenarios/:id. */
export const scenarioIdParam = idParam('方案编号');

// --- answers -----------------------------------------------------------------------------------------

export interface CoverageUnit {
  code: string;
  name: string;
  township_code: string;
  village_code: string;
  point: { type: 'Point'; coordinates: [number, number] };
  urban: boolean;
  radius_m: number;
  responsible_mediators: number[];
  nearest_mediator_id: number | null;
  /** null: no active mediator has a location. Hypothetical mediators have negative ids in what-if answers. */
  nearest_mediator_m: number | null;
  covered: boolean;
  reasons: CoverageReason[];
  population_est: number;
  case_count: number;
}

export interface CoverageTotals {
  units: number;
  units_covered: number;
  population: number;
  population_covered: number;
  cases: number;
  cases_covered: number;
  /** Shares 0…1 (4 decimals); null when the total is 0. */
  share_units: number | null;
  share_population: number | null;
  share_cases: number | null;
  by_reason: Record<CoverageReason, number>;
}

export interface CoverageSettings {
  level: CoverageLevel;
  radius_urban_m: number;
  radius_rural_m: number;
  period: { from: string; to: string };
  type: string | null;
}

export interface CoverageUnitsAnswer {
  settings: CoverageSettings;
  definition: string;
  units: CoverageUnit[];
}

export interface CoverageSummaryAnswer {
  settings: CoverageSettings;
  definition: string;
  totals: CoverageTotals;
  by_township: (CoverageTotals & { code: string; name: string })[];
}

export interface WhatIfAnswer {
  settings: CoverageSettings;
  baseline: CoverageTotals;
  scenario: CoverageTotals;
  /** Units whose coverage differs from the baseline (with_units): their scenario state. */
  changed?: CoverageUnit[];
  /** Hypothetical mediators: where they stand and which village they are responsible for. */
  added: { key: string; id: number; lng: number; lat: number; village_code: string | null; village_name: string | null }[];
  warnings: string[];
  elapsed_ms: number;
}

export interface BestSite {
  rank: number;
  lng: number;
  lat: number;
  village_code: string | null;
  village_name: string | null;
  /** Objective newly covered by this site given the sites before it. */
  gain: number;
  units_gained: number;
  cumulative: number;
}

export interface BestSitesAnswer {
  settings: CoverageSettings;
  objective: 'population' | 'cases';
  method: 'greedy' | 'exact';
  candidates: number;
  baseline_value: number;
  value: number;
  sites: BestSite[];
  /** What the answer guarantees (approximation bound, exactness), in Chinese. */
  guarantee: string;
  /** The same in plain words, for the screen (the exact statement one click away). */
  guarantee_plain: string;
  elapsed_ms: number;
}

export interface ScenarioRow {
  id: number;
  name: string;
  owner_id: number | null;
  owner: string | null;
  created_at: string;
  updated_at: string;
  params: CoverageParamsParsed;
  changes: ScenarioChange[];
}

export interface PlanningMediator { id: number; name: string; kind: string; lng: number; lat: number; villages: string[] }

export interface CompareAnswer {
  baseline: CoverageTotals;
  scenarios: { id: number; name: string; settings: CoverageSettings; baseline: CoverageTotals; totals: CoverageTotals; changes: number }[];
}
