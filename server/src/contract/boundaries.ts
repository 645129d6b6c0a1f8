// Boundary import (issue 5): the request schemas and answer types shared by server and client.
import { z } from 'zod';
import { day as calendarDay, storableString } from './fields.ts';

export const BOUNDARY_LEVELS = { township: '乡镇（街道）', village: '村（社区）', grid: '网格' } as const;
export type BoundaryLevel = keyof typeof BOUNDARY_LEVELS;

/**
 * The coordinate systems a file may be in. `auto`: from the .prj (Shapefile), the `crs` member
 * (GeoJSON), WGS84 for KML, else guessed from the coordinates' range (and said so).
 * CGCS2000 geographic (EPSG:4490) is taken as WGS84: the two differ by far less than a metre here.
 * GCJ-02 (AMap/Tencent) cannot be detected from a file: the user says so.
 */
export const CRS_CHOICES = {
  auto: '自动识别',
  'EPSG:4326': 'WGS84 经纬度 (EPSG:4326)',
  'EPSG:4490': 'CGCS2000 经纬度 (EPSG:4490)',
  'EPSG:4547': 'CGCS2000 高斯-克吕格 3 度带 中央经线 114°E (EPSG:4547)',
  'EPSG:4526': 'CGCS2000 高斯-克吕格 3 度带 第 38 带（带号前缀）(EPSG:4526)',
  gcj02: 'GCJ-02 火星坐标（高德/腾讯）',
} as const;
export type CrsChoice = keyof typeof CRS_CHOICES;

export const MATCH_BY = { code: '按代码', name: '按名称' } as const;

export const PROBLEM_KINDS = {
  invalid_geometry: '几何无效',
  repaired: '几何已自动修复',
  not_polygon: '不是面要素',
  outside_district: '超出辖区',
  outside_parent: '超出上级区划',
  parent_mismatch: '大部分落在其他上级区划',
  overlap: '与相邻区划重叠',
  unmatched: '未匹配到区划',
  duplicate: '重复要素',
  skipped: '已排除（保留现有边界）',
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

const flag = z.preprocess((v) => (v === 'true' || v === '1' || v === true ? true : v === 'false' || v === '0' || v === '' || v === undefined ? false : v), z.boolean());
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), storableString('属性名', 100).min(1).optional());

/** The multipart fields that come with the file (POST /api/boundaries/imports). */
export const uploadFields = z.object({
  level: z.enum(['township', 'village', 'grid'], { error: 'level 应为 township、village 或 grid' }),
  crs: z.preprocess((v) => (v === '' || v === undefined ? 'auto' : v), z.string().regex(/^(auto|gcj02|EPSG:(4326|4490|45(1[3-9]|[2-4]\d|5[0-4])))$/, 'crs 应为 auto、gcj02、EPSG:4326、EPSG:4490 或 CGCS2000 3 度带 EPSG:4513–4554')),
  match_by: z.preprocess((v) => (v === '' || v === undefined ? 'code' : v), z.enum(['code', 'name'], { error: 'match_by 应为 code 或 name' })),
  code_property: optionalText,
  name_property: optionalText,
  make_valid: flag,
  /** Leave out the features with an error (and every feature of a unit given twice): their units keep
   *  their current boundary, and overlaps and gaps are checked against that (services/boundaries/preview.ts). */
  skip_errors: flag,
});
export type UploadFields = z.infer<typeof uploadFields>;

export const importIdParam = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, '导入编号格式不正确') });

const day = calendarDay('生效日期 valid_from');

export const commitBody = z.object({
  /** The day the new boundaries take effect (Asia/Shanghai); default today. */
  valid_from: day.optional(),
  confirm: z.literal(true, { error: '请确认提交（confirm: true）' }),
  /** Warnings (overlaps, gaps, outside areas, unmatched features) must be accepted explicitly. */
  accept_warnings: z.boolean().optional(),
});

export const versionsQuery = z.object({
  level: z.enum(['township', 'village', 'grid'], { error: 'level 应为 township、village 或 grid' }),
  code: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{12,15}$/, '代码应为 12 或 15 位数字').optional()),
});

export const progressParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '进度编号格式不正确') });

// --- answers ----------------------------------------------------------------------------------

/** A place on the map, WGS84 degrees. */
export interface ProblemPoint { lng: number; lat: number }

export interface FeatureProblem {
  kind: ProblemKind;
  severity: 'error' | 'warning';
  message: string;
  area_m2?: number;
  other?: string;
  /** Where the problem lies (issue 17): GEOS's location of an invalidity or a crossing, a point on the part
   *  outside the district or the parent, on the overlap, the feature itself (unmatched, duplicate, parent),
   *  a ring's first vertex; null when it has no place (a feature without geometry). */
  point: ProblemPoint | null;
}

export interface PreviewFeature {
  /** 1-based position in the file. */
  n: number;
  file_code: string | null;
  file_name: string | null;
  code: string | null;
  unit_name: string | null;
  status: 'ok' | 'warning' | 'error';
  area_m2: number | null;
  problems: FeatureProblem[];
}

/** A file shifted as a whole by the GCJ-02 offset: read in the wrong CRS (services/boundaries/offset.ts). */
export interface CrsOffset {
  kind: 'gcj02_as_wgs84' | 'wgs84_as_gcj02';
  east_m: number;
  north_m: number;
  distance_m: number;
  /** The `crs` to upload the file again with. */
  suggested_crs: 'gcj02' | 'EPSG:4326';
  message: string;
}

export interface BoundaryPreview {
  id: string;
  level: BoundaryLevel;
  expires_at: string;
  file: { name: string; format: 'geojson' | 'shapefile' | 'kml' | 'kmz' | 'geopackage' | 'flatgeobuf'; features: number };
  crs: { used: string; label: string; source: 'user' | 'prj' | 'geojson' | 'kml' | 'guessed' | 'default'; note: string | null };
  match: { by: 'code' | 'name'; property: string | null; candidates: { property: string; matches: number }[] };
  summary: {
    features: number; matched: number; unmatched: number; units_without_feature: number;
    invalid: number; repaired: number; outside: number; overlaps: number; gaps: number;
    errors: number; warnings: number; can_commit: boolean; seconds: number;
    /** Features left out on request (skip_errors): their units keep the current boundary. */
    skipped: number;
  };
  features: PreviewFeature[];
  overlaps: { a: string; b: string; area_m2: number; point: ProblemPoint | null }[];
  gaps: { parent_code: string; parent_name: string; area_m2: number; point: ProblemPoint | null }[];
  units_without_feature: { code: string; name: string }[];
  /** Village imports: grids the new village boundaries would put mostly into another village than their
   *  recorded one. Cases are located by grid, so each is an error: import the grids first. */
  grid_conflicts: { grid_code: string; grid_name: string; recorded: string; recorded_name: string; lies_in: string; lies_in_name: string; share: number }[];
  /** Set when the whole file lies shifted by the GCJ-02 offset: an error (the preview cannot be committed). */
  crs_offset: CrsOffset | null;
  /** The boundary revision the checks were made against; a commit after another commit answers 409 boundaries_changed. */
  boundary_revision: number;
}

export interface CaseChange {
  case_id: number;
  title: string;
  status: string;
  old: { township_code: string | null; village_code: string | null; grid_code: string | null };
  new: { township_code: string | null; village_code: string | null; grid_code: string | null };
  tribunal_changed: boolean;
}

export interface ImportChanges {
  import_id: string;
  level: BoundaryLevel;
  valid_from: string;
  committed_at: string;
  /** Units given a new version (their boundary changed). */
  units: number;
  /** Units in the file whose boundary was already the current one (within 1 cm): no new version. */
  unchanged: number;
  /** The boundary revision after this commit (unchanged when no unit changed; null: committed before revisions). */
  boundary_revision: number | null;
  cases_checked: number;
  cases: CaseChange[];
  /** Service areas whose unit (an imported one, or a child of one) now lies mainly in another parent than the one recorded. */
  service_areas: { mediator_id: number; mediator_name: string; level: string; code: string; recorded_parent: string; spatial_parent: string }[];
  /** Active mediators whose location the new boundaries put outside every one of their service areas. */
  mediators_outside: { mediator_id: number; mediator_name: string; codes: string[] }[];
}

export interface BoundaryVersion {
  level: BoundaryLevel;
  code: string;
  name: string | null;
  version: number;
  valid_from: string | null;
  valid_to: string | null;
  geometry_source: string;
  area_km2: number;
  imported_by: string | null;
  import_id: string | null;
}

export interface ImportProgress { step: string; label: string; index: number; total: number; done: boolean }
