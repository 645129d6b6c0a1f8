// Commit a preview as a new boundary version, in one transaction (all or nothing): versions, the
// current tables, village points, then every open case and service area re-checked against the new
// boundaries. The answer (also stored on the import) lists what the dispatcher must look at.
// Only units whose boundary changed get a version; a preview made before another commit changed the
// boundaries is refused (revision.ts), and so is a second commit of the same preview (its row lock).
import type { Knex } from '../../db/types.ts';
import type { BoundaryLevel, BoundaryPreview, CaseChange, ImportChanges } from '../../contract/boundaries.ts';
import { HttpError } from '../../errors.ts';
import { bindNamed, loadSql, type SqlIdentifiers, type SqlParams } from '../../db/sql.ts';
import { runSql } from '../../db/sql.ts';
import { SLIVER_TOLERANCE_M } from '../locate.ts';
import { whereReachable } from '../case-scope.ts';
import type { Actor } from '../masking.ts';
import { todayInShanghai } from '../period.ts';
import { LEVEL_TABLES, METRES_PER_DEGREE, UNCHANGED_TOLERANCE_M } from './levels.ts';
import { bumpRevision, lockRevision } from './revision.ts';

/** Runs the statements of one sql/*.sql file in order (each ends with ";" at a line's end); the last one's rows. */
async function runSteps<T>(trx: Knex.Transaction, name: string, params: SqlParams, idents: SqlIdentifiers): Promise<T[][]> {
  const text = loadSql(name).replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
    if (idents[k] === undefined) throw new Error(`SQL template slot {{${k}}} has no value`);
    return idents[k]!;
  });
  const out: T[][] = [];
  for (const stmt of text.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) {
    const { sql, values } = bindNamed(stmt, params);
    out.push(((await trx.raw(sql, values as Knex.RawBinding[])) as { rows: T[] }).rows);
  }
  return out;
}

/** The level below, whose units may now lie in another parent after a village or township import. */
const CHILD: Record<BoundaryLevel, { level: string; table: string; parent_col: string } | null> = {
  township: { level: 'village', table: 'villages', parent_col: 'township_code' },
  village: { level: 'grid', table: 'grids', parent_col: 'village_code' },
  grid: null,
};

export type Auditor = (trx: Knex.Transaction, details: Record<string, unknown>) => Promise<void>;

interface PreviewRow {
  id: string; level: BoundaryLevel; status: string; expires_at: Date | string; can_commit: boolean;
  answer: BoundaryPreview | string; boundary_revision: number;
}

export async function commitImport(
  knex: Knex, actor: Actor, id: string, body: { valid_from?: string; accept_warnings?: boolean }, auditor: Auditor,
): Promise<ImportChanges> {
  const validFrom = body.valid_from ?? todayInShanghai();
  return knex.transaction(async (trx) => {
    const p = (await trx('import_boundary_previews').where({ id }).forUpdate().first()) as PreviewRow | undefined;
    if (!p) throw new HttpError(404, 'import_not_found', '没有这个边界导入预览（可能已过期被清理），请重新上传文件');
    if (p.status === 'committed') throw new HttpError(409, 'already_committed', '该导入已经提交过，不能重复提交');
    if (p.status === 'discarded') throw new HttpError(409, 'import_discarded', '该导入预览已放弃，请重新上传文件');
    if (new Date(p.expires_at).getTime() < Date.now()) throw new HttpError(410, 'preview_expired', '预览已过期，请重新上传文件');
    // Lock order, the same in every commit: the preview's row, then the revision's.
    const { revision } = await lockRevision(trx, Number(p.boundary_revision));
    const answer: BoundaryPreview = typeof p.answer === 'string' ? JSON.parse(p.answer) : p.answer;
    if (!p.can_commit) {
      throw new HttpError(422, 'preview_has_errors', `预览中有 ${answer.summary.errors} 个错误（${answer.summary.matched === 0 ? '没有匹配到任何区划' : '见问题列表'}），修正文件后重新上传`, { errors: answer.summary.errors, matched: answer.summary.matched });
    }
    if (answer.summary.warnings > 0 && !body.accept_warnings) {
      throw new HttpError(422, 'warnings_not_accepted', `预览中有 ${answer.summary.warnings} 个警告（重叠、缝隙、超出范围或未匹配）：确认接受后再提交（accept_warnings: true）`, { warnings: answer.summary.warnings });
    }
    const level = p.level;
    const lt = LEVEL_TABLES[level];
    const marks = await runSql<{ code: string; changed: boolean }>(trx, 'boundary-commit-changed', { id, tol_deg: UNCHANGED_TOLERANCE_M / METRES_PER_DEGREE }, { table: lt.table });
    const unchanged = marks.filter((m) => !m.changed).length;
    if (unchanged === marks.length) return commitNothing(trx, actor, id, { level, validFrom, unchanged, revision, answer }, auditor);
    // A new version may not start before the version it replaces.
    const [late] = (await trx('area_boundary_versions as v')
      .join('import_boundary_features as f', function () { this.on('f.code', 'v.code').andOnVal('f.preview_id', id).andOnVal('f.changed', true); })
      .where('v.level', level).whereNull('v.valid_to').whereNotNull('v.valid_from').where('v.valid_from', '>', validFrom)
      .select('v.code', trx.raw(`to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from`)).limit(1)) as { code: string; valid_from: string }[];
    if (late) throw new HttpError(422, 'valid_from_too_early', `生效日期 ${validFrom} 早于 ${late.code} 现行边界的生效日期 ${late.valid_from}`, late);

    const before = await runSql<{ mediator_id: number }>(trx, 'boundary-mediators-outside');
    const params = { id, level, valid_from: validFrom, user_id: actor.id };
    const versions = (await runSteps<{ code: string; version: number }>(trx, 'boundary-commit-versions', params, { table: lt.table })).at(-1)!;
    const [applied, points] = await runSteps<{ code: string }>(trx, 'boundary-commit-apply', { id }, { table: lt.table, village_points: level === 'village' ? 'true' : 'false' });
    const moved = await runSql<{ case_id: number }>(trx, 'boundary-recheck-cases', { id, max_m: SLIVER_TOLERANCE_M });
    const [{ n: checked }] = (await trx('cases').whereIn('status', ['pending', 'assigned', 'mediating']).count({ n: '*' })) as [{ n: number | string }];
    const serviceAreas = await runSql<ImportChanges['service_areas'][number]>(trx, 'boundary-service-areas', { id, level }, { table: lt.table, parent_col: lt.parent_col });
    const child = CHILD[level];
    if (child) {
      serviceAreas.push(...await runSql<ImportChanges['service_areas'][number]>(trx, 'boundary-children-moved', { id, child_level: child.level }, { table: lt.table, child_table: child.table, child_parent_col: child.parent_col }));
    }
    const wasOutside = new Set(before.map((r) => r.mediator_id));
    const after = await runSql<ImportChanges['mediators_outside'][number]>(trx, 'boundary-mediators-outside');
    const mediatorsOutside = after.filter((r) => !wasOutside.has(r.mediator_id));

    const committedAt = new Date();
    const result = {
      units: applied!.length, unchanged, boundary_revision: await bumpRevision(trx, id),
      versions: versions.length, village_points_moved: points?.length ?? 0,
      cases_checked: Number(checked), cases_changed: moved.length,
      service_areas: serviceAreas, mediators_outside: mediatorsOutside,
    };
    await trx('import_boundary_previews').where({ id }).update({
      status: 'committed', valid_from: validFrom, committed_by: actor.id, committed_at: committedAt, result: JSON.stringify(result),
    });
    await auditor(trx, {
      import_id: id, level, valid_from: validFrom, file: answer.file.name, crs: answer.crs.used,
      units: result.units, unchanged, boundary_revision: result.boundary_revision,
      cases_changed: result.cases_changed, village_points_moved: result.village_points_moved,
      warnings: answer.summary.warnings,
    });
    return readChanges(trx, id, null);
  });
}

/**
 * A preview whose every unit has the boundary it already has: committed (so it is not committed again,
 * and the history says so) with no version, no case re-located and the revision left as it is, so other
 * previews stay valid. A 200 rather than an error: importing the same file again is harmless.
 */
async function commitNothing(
  trx: Knex.Transaction, actor: Actor, id: string,
  c: { level: BoundaryLevel; validFrom: string; unchanged: number; revision: number; answer: BoundaryPreview }, auditor: Auditor,
): Promise<ImportChanges> {
  const result = {
    units: 0, unchanged: c.unchanged, boundary_revision: c.revision, versions: 0, village_points_moved: 0,
    cases_checked: 0, cases_changed: 0, service_areas: [], mediators_outside: [],
  };
  await trx('import_boundary_previews').where({ id }).update({
    status: 'committed', valid_from: c.validFrom, committed_by: actor.id, committed_at: new Date(), result: JSON.stringify(result),
  });
  await auditor(trx, {
    import_id: id, level: c.level, valid_from: c.validFrom, file: c.answer.file.name, crs: c.answer.crs.used,
    units: 0, unchanged: c.unchanged, boundary_revision: c.revision, cases_changed: 0, village_points_moved: 0, warnings: c.answer.summary.warnings,
  });
  return readChanges(trx, id, null);
}

/** The changes a committed import made; `reader` (null: all) sees the cases it may reach (services/case-scope.ts). */
export async function readChanges(db: Knex | Knex.Transaction, id: string, reader: Actor | null): Promise<ImportChanges> {
  const p = (await db('import_boundary_previews').where({ id }).first('id', 'level', 'status', 'committed_at', db.raw(`to_char(valid_from, 'YYYY-MM-DD') AS valid_from`), 'result')) as
    { id: string; level: BoundaryLevel; status: string; committed_at: Date | string | null; valid_from: string | null; result: unknown } | undefined;
  if (!p) throw new HttpError(404, 'import_not_found', '没有这个边界导入');
  if (p.status !== 'committed') throw new HttpError(409, 'not_committed', '该导入尚未提交，还没有变更');
  const result = (typeof p.result === 'string' ? JSON.parse(p.result) : p.result) as {
    units: number; unchanged?: number; boundary_revision?: number; cases_checked: number;
    service_areas: ImportChanges['service_areas']; mediators_outside: ImportChanges['mediators_outside'];
  };
  const q = db('boundary_case_changes as x').join('cases as c', 'c.id', 'x.case_id').where('x.import_id', id).orderBy('x.case_id')
    .select('x.*', 'c.title', 'c.status');
  if (reader) whereReachable(q, reader);
  const rows = (await q) as Record<string, unknown>[];
  const cases: CaseChange[] = rows.map((r) => ({
    case_id: Number(r.case_id), title: String(r.title), status: String(r.status),
    old: { township_code: r.old_township_code as string | null, village_code: r.old_village_code as string | null, grid_code: r.old_grid_code as string | null },
    new: { township_code: r.new_township_code as string | null, village_code: r.new_village_code as string | null, grid_code: r.new_grid_code as string | null },
    tribunal_changed: r.old_tribunal_id !== r.new_tribunal_id,
  }));
  return {
    import_id: p.id, level: p.level, valid_from: p.valid_from ?? '', committed_at: new Date(p.committed_at!).toISOString(),
    // Imports committed before migration 14 kept no count of unchanged units, nor a revision.
    units: result.units, unchanged: result.unchanged ?? 0, boundary_revision: result.boundary_revision ?? null, cases_checked: result.cases_checked, cases,
    service_areas: result.service_areas, mediators_outside: result.mediators_outside,
  };
}
