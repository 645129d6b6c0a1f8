// A boundary file → a preview kept server-side (import_boundary_previews + its features and problems):
// read, reproject to WGS84, match to units, then the checks in PostGIS (validity, inside the district
// and the parent, overlaps and gaps between siblings). The answer lists every problem per feature.
import crypto from 'node:crypto';
import type { Knex } from '../../db/types.ts';
import type {
  BoundaryLevel, BoundaryPreview, CrsOffset, FeatureProblem, PreviewFeature, ProblemPoint, UploadFields,
} from '../../contract/boundaries.ts';
import { BOUNDARY_LEVELS } from '../../contract/boundaries.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';
import type { Actor } from '../masking.ts';
import { LEVEL_TABLES, MIN_PROBLEM_M2, MIN_WIDTH_M, PREVIEW_HOURS } from './levels.ts';
import { codeCandidates, matchFeatures, nameProperty, type Matched, type Unit } from './match.ts';
import type { Reporter } from './progress.ts';
import { currentRevision } from './revision.ts';
import { detectCrsOffset } from './offset.ts';
import type { PreparedFile } from './prepare.ts';
import type { UploadLimits } from '../uploads/limits.ts';
import { readUpload } from '../uploads/run.ts';

const REASONS: [RegExp, string][] = [
  [/^Ring Self-intersection/i, '环自相交'],
  [/^Self-intersection/i, '自相交'],
  [/^Too few points/i, '顶点过少'],
  [/^Interior is disconnected/i, '内部不连通'],
  [/^Hole lies outside shell/i, '内环在外环之外'],
  [/^Nested shells/i, '外环相互嵌套'],
  [/^Nested holes/i, '内环相互嵌套'],
  [/^Invalid Coordinate/i, '坐标无效'],
];
/**
 * GEOS's reason in Chinese with its place (issue 17): "Self-intersection[114.06 32.12]" →
 * "自相交，位置约在东经 114.06°、北纬 32.12°"; an unknown kind keeps GEOS's words after 几何问题.
 */
export function reasonText(reason: string): string {
  const hit = REASONS.find(([re]) => re.test(reason));
  const at = /\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\]/.exec(reason);
  const place = at ? `，位置约在东经 ${Number(at[1]).toFixed(5)}°、北纬 ${Number(at[2]).toFixed(5)}°` : '';
  return hit ? `${hit[1]}${place}` : `几何问题（${reason.replace(/\[.*\]/, '').trim() || '原因不明'}）${place}`;
}

const m2 = (v: number) => Math.round(v * 10) / 10;
const fmt = (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(3)} 平方千米` : `${Math.round(v).toLocaleString('en-US')} 平方米`);

interface FeatureRow {
  n: number; code: string | null; duplicate: boolean; file_code: string | null; file_name: string | null;
  has_geom: boolean; is_valid: boolean | null; invalid_reason: string | null; repaired: boolean;
  area_m2: number | null; outside_m2: number | null; outside_parent_m2: number | null; spatial_parent: string | null;
  invalid_x: number | null; invalid_y: number | null; outside_x: number | null; outside_y: number | null;
  outside_parent_x: number | null; outside_parent_y: number | null; label_x: number | null; label_y: number | null;
  /** JSON text: [[lng, lat], …] of the nodes where the rings cross or touch (invalid features only). */
  crossings: string | null;
  /** Left out on request (skip_errors): the unit it matched, which keeps its boundary. */
  skipped_code: string | null;
}

const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
/** A point from two nullable numbers (the database's ST_X/ST_Y), or null. */
export const pointOf = (x: number | string | null | undefined, y: number | string | null | undefined): ProblemPoint | null =>
  (x === null || x === undefined || y === null || y === undefined ? null : { lng: r7(Number(x)), lat: r7(Number(y)) });
/** Two places closer than about a metre are one (GEOS's location is one of the crossings). */
const samePlace = (a: ProblemPoint | null, b: ProblemPoint) => !!a && Math.abs(a.lng - b.lng) < 1e-5 && Math.abs(a.lat - b.lat) < 1e-5;

export async function createPreview(
  knex: Knex, actor: Actor, file: { name: string; buffer: Buffer }, fields: UploadFields, report: Reporter, limits: UploadLimits,
): Promise<BoundaryPreview> {
  const started = Date.now();
  const level: BoundaryLevel = fields.level;
  const lt = LEVEL_TABLES[level];
  report('parse');
  const read = await readUpload<PreparedFile>({ task: 'boundary', name: file.name, data: file.buffer, crs: fields.crs }, limits);
  report('reproject');
  const { crs, shapes } = read;

  report('match');
  // Read before any boundary: a commit from now on bumps it, and this preview's commit is refused.
  const revision = await currentRevision(knex);
  const units = (await knex(lt.table).select('code', 'name', knex.raw(`${lt.name_expr} AS display_name`), knex.raw(`${lt.parent_col} AS parent_code`))) as Unit[];
  const candidates = codeCandidates(read.features, units, level);
  const codeProperty = fields.code_property ?? (candidates[0]?.matches ? candidates[0].property : null);
  if (fields.code_property && !read.features.some((f) => f.properties && fields.code_property! in f.properties)) {
    throw new HttpError(422, 'unknown_property', `文件中没有属性「${fields.code_property}」；可选：${[...new Set(read.features.flatMap((f) => Object.keys(f.properties ?? {})))].join('、')}`);
  }
  const nameProp = nameProperty(read.features, fields.name_property);
  const matched = matchFeatures(read.features, units, level, { by: fields.match_by, codeProperty, nameProperty: nameProp });

  report('store');
  const id = crypto.randomUUID();
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  let answer: BoundaryPreview | undefined;
  await knex.transaction(async (trx) => {
    // Expired previews go first: they were never committed and nobody can commit them now.
    await trx('import_boundary_previews').where('status', 'preview').where('expires_at', '<', trx.fn.now()).delete();
    await trx('import_boundary_previews').insert({
      id, level, file_name: file.name.slice(0, 200), format: read.format, crs: crs.used, created_by: actor.id,
      expires_at: trx.raw(`now() + interval '${PREVIEW_HOURS} hours'`), answer: '{}', can_commit: false, boundary_revision: revision,
    });
    const rows = read.features.map((f, i) => ({
      n: i + 1, code: matched[i]!.code, duplicate: matched[i]!.duplicate,
      file_code: matched[i]!.file_code, file_name: matched[i]!.file_name, geom: shapes[i]!.geom,
      // As read: the problem list (Excel) gives each problem with the feature's own attributes.
      properties: f.properties ?? {},
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await trx.raw(
        `INSERT INTO import_boundary_features (preview_id, n, code, duplicate, file_code, file_name, geom_in, properties)
         SELECT ?, r.n, r.code, r.duplicate, r.file_code, r.file_name,
                CASE WHEN r.geom IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326) END, r.properties
         FROM json_to_recordset(?::json) AS r(n int, code text, duplicate boolean, file_code text, file_name text, geom text, properties json)`,
        [id, JSON.stringify(rows.slice(i, i + 1000))],
      );
    }
    report('validate');
    await runSql(trx, 'boundary-validate', { id, min_m2: MIN_PROBLEM_M2, min_width_m: MIN_WIDTH_M }, { ...lt });
    if (fields.make_valid) await trx('import_boundary_features').where({ preview_id: id, is_valid: false }).whereNotNull('geom').update({ repaired: true });
    if (fields.skip_errors) await skipErrors(trx, id, level, matched, { shapes, unitByCode, match: { matchBy: fields.match_by, codeProperty, nameProp } });
    report('overlaps');
    await runSql(trx, 'boundary-overlaps', { id, min_m2: MIN_PROBLEM_M2, min_width_m: MIN_WIDTH_M }, { table: lt.table });
    report('gaps');
    await runSql(trx, 'boundary-gaps', { id, min_m2: MIN_PROBLEM_M2, min_width_m: MIN_WIDTH_M }, { ...lt });

    const crsOffset = await detectCrsOffset(trx, id, lt.table, crs.used);
    const gridConflicts = level === 'village' ? await runSql<{ grid_code: string; grid_name: string; recorded: string; lies_in: string; share: number }>(trx, 'boundary-grid-agreement', { id }) : [];
    report('answer');
    answer = await buildAnswer(trx, id, level, { fileName: file.name, read, crs, candidates, codeProperty, nameProp, matchBy: fields.match_by, shapes, unitByCode, units, revision, crsOffset, gridConflicts });
    answer.summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    await trx('import_boundary_previews').where({ id }).update({ answer: JSON.stringify(answer), can_commit: answer.summary.can_commit });
  });
  report('done');
  return answer!;
}

/**
 * Asked to (skip_errors), leave out every feature with an error of its own, and every feature of a unit
 * the file gives twice (which one is right is not known): their code becomes null, so the overlap and gap
 * checks that follow, and the commit, see the units' current boundaries instead. Run after the validity
 * checks and before the overlaps: the preview then shows exactly the layer a commit would make.
 */
async function skipErrors(
  trx: Knex.Transaction, id: string, level: BoundaryLevel, matched: Matched[],
  c: { shapes: PreparedFile['shapes']; unitByCode: Map<string, Unit>; match: ProblemContext['match'] },
): Promise<void> {
  const k: ProblemContext = { level, shapes: c.shapes, unitByCode: c.unitByCode, parentNames: new Map(), overlapsOf: new Map(), match: c.match };
  const twice = new Set(matched.flatMap((m) => (m.duplicate_of ? [m.duplicate_of] : [])));
  const out = (await readRows(trx, id))
    .filter((r) => (r.code && twice.has(r.code)) || featureProblems(r, k).some((p) => p.severity === 'error'))
    .map((r) => ({ n: r.n, code: r.code ?? matched[r.n - 1]?.duplicate_of ?? null }))
    .filter((r) => r.code);
  if (!out.length) return;
  await trx.raw(
    `UPDATE import_boundary_features f SET skipped_code = s.code, code = NULL
     FROM json_to_recordset(?::json) AS s(n int, code text) WHERE f.preview_id = ? AND f.n = s.n`,
    [JSON.stringify(out), id],
  );
}

/** The features of a preview with their checks and the places of their problems. */
async function readRows(trx: Knex.Transaction, id: string): Promise<FeatureRow[]> {
  return (await trx('import_boundary_features').where('preview_id', id).orderBy('n').select(
    'n', 'code', 'duplicate', 'file_code', 'file_name', trx.raw('geom IS NOT NULL AS has_geom'), 'is_valid', 'invalid_reason',
    'repaired', 'area_m2', 'outside_m2', 'outside_parent_m2', 'spatial_parent', 'skipped_code',
    trx.raw('ST_X(invalid_at) AS invalid_x, ST_Y(invalid_at) AS invalid_y, ST_X(outside_at) AS outside_x, ST_Y(outside_at) AS outside_y'),
    trx.raw('ST_X(outside_parent_at) AS outside_parent_x, ST_Y(outside_parent_at) AS outside_parent_y, ST_X(label_at) AS label_x, ST_Y(label_at) AS label_y'),
    trx.raw('(SELECT json_agg(json_build_array(ST_X(d.geom), ST_Y(d.geom)) ORDER BY ST_X(d.geom), ST_Y(d.geom)) FROM ST_Dump(crossings) d)::text AS crossings'),
  )) as FeatureRow[];
}

async function buildAnswer(
  trx: Knex.Transaction, id: string, level: BoundaryLevel,
  c: {
    fileName: string; read: PreparedFile; crs: BoundaryPreview['crs']; candidates: { property: string; matches: number }[];
    codeProperty: string | null; nameProp: string | null; matchBy: 'code' | 'name';
    shapes: PreparedFile['shapes']; unitByCode: Map<string, Unit>; units: Unit[]; revision: number; crsOffset: CrsOffset | null;
    gridConflicts: { grid_code: string; grid_name: string; recorded: string; lies_in: string; share: number }[];
  },
): Promise<BoundaryPreview> {
  const lt = LEVEL_TABLES[level];
  const rows = await readRows(trx, id);
  const problems = (await trx('import_boundary_problems').where('preview_id', id).orderBy('id').select('kind', 'a', 'b', 'parent_code', 'area_m2',
    trx.raw('ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y'))) as
    { kind: 'overlap' | 'gap'; a: string | null; b: string | null; parent_code: string | null; area_m2: number; x: number | null; y: number | null }[];
  const overlapsOf = new Map<string, { other: string; area_m2: number; point: ProblemPoint | null }[]>();
  for (const p of problems) {
    if (p.kind !== 'overlap') continue;
    for (const [x, y] of [[p.a!, p.b!], [p.b!, p.a!]] as const) overlapsOf.set(x, [...(overlapsOf.get(x) ?? []), { other: y, area_m2: p.area_m2, point: pointOf(p.x, p.y) }]);
  }
  const parentNames = new Map<string, string>(
    ((await trx(lt.parent_table).select('code', trx.raw(`${lt.parent_table === 'villages' ? 'display_name' : 'name'} AS name`))) as { code: string; name: string }[]).map((r) => [r.code, r.name]),
  );
  const k: ProblemContext = { level, shapes: c.shapes, unitByCode: c.unitByCode, parentNames, overlapsOf, match: c };
  const features: PreviewFeature[] = rows.map((r) => {
    const list = featureProblems(r, k);
    const status = list.some((p) => p.severity === 'error') ? 'error' : list.length ? 'warning' : 'ok';
    return {
      n: r.n, file_code: r.file_code, file_name: r.file_name, code: r.code,
      unit_name: r.code ?? r.skipped_code ? c.unitByCode.get((r.code ?? r.skipped_code)!)?.display_name ?? null : null,
      status, area_m2: r.area_m2 === null ? null : m2(r.area_m2), problems: list,
    };
  });

  const matchedCodes = new Set(rows.filter((r) => r.code).map((r) => r.code!));
  const parents = new Set([...matchedCodes].map((code) => c.unitByCode.get(code)!.parent_code));
  const without = c.units.filter((u) => !matchedCodes.has(u.code) && parents.has(u.parent_code)).map((u) => ({ code: u.code, name: u.display_name }));
  const overlaps = problems.filter((p) => p.kind === 'overlap').map((p) => ({ a: p.a!, b: p.b!, area_m2: m2(p.area_m2), point: pointOf(p.x, p.y) }));
  const gaps = problems.filter((p) => p.kind === 'gap').map((p) => ({ parent_code: p.parent_code!, parent_name: parentNames.get(p.parent_code!) ?? p.parent_code!, area_m2: m2(p.area_m2), point: pointOf(p.x, p.y) }));
  const all = features.flatMap((f) => f.problems);
  const errors = all.filter((p) => p.severity === 'error').length + (c.crsOffset ? 1 : 0) + c.gridConflicts.length;
  const villageName = (code: string) => c.unitByCode.get(code)?.display_name ?? code;
  const gridConflicts = c.gridConflicts.map((g) => ({
    grid_code: g.grid_code, grid_name: g.grid_name, recorded: g.recorded, recorded_name: villageName(g.recorded),
    lies_in: g.lies_in, lies_in_name: villageName(g.lies_in), share: Math.round(Number(g.share) * 1000) / 1000,
  }));
  const warnings = all.filter((p) => p.severity === 'warning').length + gaps.length;
  const expires = (await trx('import_boundary_previews').where({ id }).first('expires_at')) as { expires_at: Date | string };
  return {
    id, level,
    expires_at: new Date(expires.expires_at).toISOString(),
    file: { name: c.fileName, format: c.read.format, features: rows.length },
    crs: c.crs,
    match: { by: c.matchBy, property: c.matchBy === 'code' ? c.codeProperty : c.nameProp, candidates: c.candidates.slice(0, 10) },
    summary: {
      features: rows.length,
      matched: matchedCodes.size,
      unmatched: rows.filter((r) => !r.code && !r.skipped_code).length,
      units_without_feature: without.length,
      invalid: rows.filter((r) => r.is_valid === false || c.shapes[r.n - 1]?.problems.length).length,
      repaired: rows.filter((r) => r.repaired).length,
      outside: rows.filter((r) => (r.outside_m2 ?? 0) > 0).length,
      overlaps: overlaps.length,
      gaps: gaps.length,
      errors, warnings,
      can_commit: errors === 0 && matchedCodes.size > 0,
      seconds: 0,
      skipped: rows.filter((r) => r.skipped_code).length,
    },
    features, overlaps, gaps, units_without_feature: without, grid_conflicts: gridConflicts, crs_offset: c.crsOffset, boundary_revision: c.revision,
  };
}

interface ProblemContext {
  level: BoundaryLevel; shapes: PreparedFile['shapes']; unitByCode: Map<string, Unit>; parentNames: Map<string, string>;
  overlapsOf: Map<string, { other: string; area_m2: number; point: ProblemPoint | null }[]>;
  match: { matchBy: 'code' | 'name'; codeProperty: string | null; nameProp: string | null };
}

/** Every problem of one feature, each with its place; the one rule of what is an error and what a warning. */
function featureProblems(r: FeatureRow, k: ProblemContext): FeatureProblem[] {
  const { level, unitByCode: units, parentNames, overlapsOf } = k;
  const levelName = BOUNDARY_LEVELS[level];
  const list: FeatureProblem[] = [];
  const committed = r.code !== null; // only matched features would be written
  const sev = (s: 'error' | 'warning') => (committed ? s : 'warning');
  const label = pointOf(r.label_x, r.label_y);
  const shape = k.shapes[r.n - 1]?.problems ?? [];
  if (r.skipped_code) {
    list.push({ kind: 'skipped', severity: 'warning', point: label,
      message: `已按选择排除：${levelName} ${r.skipped_code}「${units.get(r.skipped_code)?.display_name ?? ''}」保留现有边界；下列问题不影响提交` });
  }
  if (r.duplicate) list.push({ kind: 'duplicate', severity: r.skipped_code ? 'warning' : 'error', message: `${levelName} ${r.file_code ?? r.file_name} 在文件中出现了不止一次`, other: r.file_code ?? undefined, point: label });
  else if (!r.code && !r.skipped_code) list.push({ kind: 'unmatched', severity: 'warning', message: matchReason(r, k.match), point: label });
  for (const x of shape) list.push({ kind: x.kind, severity: sev('error'), message: x.message, point: x.at ? { lng: x.at[0], lat: x.at[1] } : null });
  if (r.is_valid === false) {
    const why = reasonText(r.invalid_reason ?? '');
    const at = pointOf(r.invalid_x, r.invalid_y);
    if (r.repaired) list.push({ kind: 'repaired', severity: 'warning', message: `几何无效：${why}；已用 ST_MakeValid 修复`, point: at });
    else list.push({ kind: 'invalid_geometry', severity: sev('error'), message: `几何无效：${why}。可勾选“自动修复无效几何”后重新预览`, point: at });
    // GEOS names the first place only: every other node where the rings cross or touch is its own problem.
    const others = ((r.crossings ? JSON.parse(r.crossings) : []) as [number, number][]).map(([x, y]) => pointOf(x, y)!).filter((p) => !samePlace(at, p));
    for (const p of others) {
      const where = `东经 ${p.lng.toFixed(5)}°、北纬 ${p.lat.toFixed(5)}°`;
      list.push(r.repaired
        ? { kind: 'repaired', severity: 'warning', message: `另一处边界交叉或相接，位置约在${where}；已用 ST_MakeValid 修复`, point: p }
        : { kind: 'invalid_geometry', severity: sev('error'), message: `另一处边界交叉或相接，位置约在${where}`, point: p });
    }
    if (!r.has_geom) list.push({ kind: 'invalid_geometry', severity: sev('error'), message: '修复后没有剩下面状几何', point: at });
  }
  const area = r.area_m2 ?? 0;
  if (r.outside_m2 && r.outside_m2 > 0) {
    const all = r.outside_m2 >= area * 0.99;
    list.push({ kind: 'outside_district', severity: all ? sev('error') : 'warning', area_m2: m2(r.outside_m2), message: all ? '整个要素都在浉河区辖区之外：请检查坐标系' : `有 ${fmt(r.outside_m2)} 在辖区之外`, point: pointOf(r.outside_x, r.outside_y) });
  }
  if (level !== 'township' && r.outside_parent_m2 && r.outside_parent_m2 > 0 && r.code) {
    const parent = units.get(r.code)?.parent_code ?? '';
    list.push({ kind: 'outside_parent', severity: 'warning', area_m2: m2(r.outside_parent_m2), other: parent, message: `有 ${fmt(r.outside_parent_m2)} 超出所属${level === 'grid' ? '村（社区）' : '乡镇（街道）'}「${parentNames.get(parent) ?? parent}」的现有边界`, point: pointOf(r.outside_parent_x, r.outside_parent_y) });
  }
  if (r.spatial_parent && r.code) {
    list.push({ kind: 'parent_mismatch', severity: 'warning', other: r.spatial_parent, message: `新边界大部分落在「${parentNames.get(r.spatial_parent) ?? r.spatial_parent}」(${r.spatial_parent})，与登记的上级不同；相关调解员服务范围需复核`, point: label });
  }
  for (const o of (r.code ? overlapsOf.get(r.code) : undefined) ?? []) {
    list.push({ kind: 'overlap', severity: 'warning', area_m2: m2(o.area_m2), other: o.other, message: `与 ${o.other}「${units.get(o.other)?.display_name ?? ''}」重叠 ${fmt(o.area_m2)}`, point: o.point });
  }
  return list;
}

function matchReason(r: FeatureRow, c: ProblemContext['match']): string {
  if (c.matchBy === 'code') {
    if (!c.codeProperty) return '文件中没有找到区划代码属性：请在“代码字段”中指定，或改为按名称匹配';
    return r.file_code ? `代码 ${r.file_code} 不是现有的区划代码` : `属性 ${c.codeProperty} 为空`;
  }
  if (!c.nameProp) return '文件中没有找到名称属性：请指定名称字段';
  return r.file_name ? `名称「${r.file_name}」没有唯一对应的区划` : `属性 ${c.nameProp} 为空`;
}
