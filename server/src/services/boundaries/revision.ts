// The boundary revision: one counter (table boundary_revision, migration 14) bumped by every commit that
// changes a boundary. A preview records it when it starts reading the boundaries; its commit locks the
// row, and refuses when the number moved — the preview's checks were made against other boundaries.
// The row lock also makes boundary commits run one at a time (the database decides which goes first).
import type { Knex } from '../../db/types.ts';
import { HttpError } from '../../errors.ts';

export interface Revision { revision: number; import_id: string | null }

/** The revision as it is now (no lock): read by a preview before it reads any boundary. */
export async function currentRevision(db: Knex | Knex.Transaction): Promise<number> {
  const row = (await db('boundary_revision').first('revision')) as { revision: number };
  return Number(row.revision);
}

/**
 * In a commit's transaction: locks the counter (a concurrent commit waits here until this one ends),
 * and refuses a preview made at another revision with 409 boundaries_changed.
 */
export async function lockRevision(trx: Knex.Transaction, previewRevision: number): Promise<Revision> {
  const row = (await trx('boundary_revision').forUpdate().first('revision', 'import_id')) as Revision;
  const current = Number(row.revision);
  if (previewRevision !== current) {
    throw new HttpError(409, 'boundaries_changed', `边界已在预览之后被修改（版本 ${previewRevision} → ${current}），请重新上传并预览`, {
      preview_revision: previewRevision, current_revision: current, changed_by_import: row.import_id,
    });
  }
  return { revision: current, import_id: row.import_id };
}

/** In the commit's transaction, after the row was locked: the next revision, made by import `id`. */
export async function bumpRevision(trx: Knex.Transaction, id: string): Promise<number> {
  const [row] = (await trx('boundary_revision').update({ revision: trx.raw('revision + 1'), import_id: id, changed_at: trx.fn.now() }).returning('revision')) as { revision: number }[];
  return Number(row!.revision);
}
