// Reading back: a preview as answered, its geometries for the map, the imports, the versions of a level.
import type { Knex } from '../../db/types.ts';
import type { BoundaryLevel, BoundaryPreview, BoundaryVersion } from '../../contract/boundaries.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';
import { LEVEL_TABLES } from './levels.ts';

export async function readPreview(knex: Knex, id: string): Promise<BoundaryPreview & { status: string }> {
  const p = (await knex('import_boundary_previews').where({ id }).first('answer', 'status')) as { answer: unknown; status: string } | undefined;
  if (!p) throw new HttpError(404, 'import_not_found', '没有这个边界导入预览（可能已过期被清理），请重新上传文件');
  const answer = (typeof p.answer === 'string' ? JSON.parse(p.answer) : p.answer) as BoundaryPreview;
  return { ...answer, status: p.status };
}

/** The preview's features and problems as GeoJSON text (built in PostGIS, sent unparsed). */
export async function previewGeojson(knex: Knex, id: string): Promise<string> {
  const exists = await knex('import_boundary_previews').where({ id }).first('id');
  if (!exists) throw new HttpError(404, 'import_not_found', '没有这个边界导入预览');
  const [row] = await runSql<{ fc: string }>(knex, 'boundary-preview-geojson', { id });
  return row!.fc;
}

/** In a transaction: the row lock makes a discard and a commit of the same preview wait for each other. */
export async function discardPreview(knex: Knex.Transaction, id: string): Promise<void> {
  const p = (await knex('import_boundary_previews').where({ id }).forUpdate().first('status')) as { status: string } | undefined;
  if (!p) throw new HttpError(404, 'import_not_found', '没有这个边界导入预览');
  if (p.status !== 'preview') throw new HttpError(409, 'already_committed', '已提交的导入不能放弃');
  await knex('import_boundary_features').where({ preview_id: id }).delete();
  await knex('import_boundary_problems').where({ preview_id: id }).delete();
  await knex('import_boundary_previews').where({ id }).update({ status: 'discarded' });
}

/** Admin: every upload not discarded; others (the dispatcher): the committed ones. */
export async function listImports(knex: Knex, level: BoundaryLevel | undefined, committedOnly: boolean) {
  const q = knex('import_boundary_previews as p').leftJoin('users as u', 'u.id', 'p.created_by')
    .select('p.id', 'p.level', 'p.status', 'p.file_name', 'p.format', 'p.crs', 'p.created_at', 'p.committed_at',
      knex.raw(`to_char(p.valid_from, 'YYYY-MM-DD') AS valid_from`), 'u.username as created_by', 'p.can_commit',
      knex.raw(`(SELECT count(*) FROM boundary_case_changes x WHERE x.import_id = p.id)::int AS cases_changed`))
    .whereNot('p.status', 'discarded')
    .orderBy('p.created_at', 'desc').limit(100);
  if (level) q.where('p.level', level);
  if (committedOnly) q.where('p.status', 'committed');
  return { items: await q };
}

export async function listVersions(knex: Knex, level: BoundaryLevel, code?: string): Promise<{ total: number; items: BoundaryVersion[] }> {
  const lt = LEVEL_TABLES[level];
  const q = knex('area_boundary_versions as v')
    .leftJoin(`${lt.table} as a`, 'a.code', 'v.code')
    .leftJoin('users as u', 'u.id', 'v.imported_by')
    .where('v.level', level)
    .orderBy([{ column: 'v.code' }, { column: 'v.version', order: 'desc' }])
    .select('v.level', 'v.code', knex.raw(`a.${lt.name_expr} AS name`), 'v.version',
      knex.raw(`to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from`), knex.raw(`to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to`),
      'v.geometry_source', 'v.area_km2', 'u.username as imported_by', 'v.import_id')
    .limit(2000);
  if (code) q.where('v.code', code);
  const items = (await q) as BoundaryVersion[];
  return { total: items.length, items: items.map((i) => ({ ...i, version: Number(i.version), area_km2: Number(i.area_km2) })) };
}
