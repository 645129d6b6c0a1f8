// The specialties vocabulary (issue 17 §4): list, add, and the check of a mediator's specialties
// against it (registry edit and import use the same list).
import type { Knex } from '../../db/types.ts';
import type { SpecialtyBody, SpecialtyItem } from '../../contract/specialties.ts';
import { HttpError } from '../../errors.ts';
import type { Db } from './common.ts';

const toItem = (r: Record<string, unknown>): SpecialtyItem => ({
  code: r.code as string,
  label: r.label as string,
  specialist: Boolean(r.specialist),
  created_at: new Date(r.created_at as string).toISOString(),
});

/** Specialist ones first (the order of the rule), then general ones by when they were added. */
export async function listSpecialties(db: Db): Promise<SpecialtyItem[]> {
  const rows = await db('specialties').select('code', 'label', 'specialist', 'created_at').orderBy([
    { column: 'specialist', order: 'desc' }, { column: 'created_at' }, { column: 'code' },
  ]);
  return rows.map(toItem);
}

/** Adds a general specialty; `onWrite` audits it in the same transaction. */
export async function createSpecialty(knex: Knex, body: SpecialtyBody, onWrite: (trx: Knex.Transaction, item: SpecialtyItem) => Promise<void>): Promise<SpecialtyItem> {
  return knex.transaction<SpecialtyItem>(async (trx) => {
    const item = await insertSpecialty(trx, body);
    await onWrite(trx, item);
    return item;
  });
}

async function insertSpecialty(db: Db, body: SpecialtyBody): Promise<SpecialtyItem> {
  // ON CONFLICT DO NOTHING: two admins adding the same one at once get one row and one 409, never a 5xx.
  const [row] = await db('specialties').insert({ code: body.code, label: body.label, specialist: false })
    .onConflict().ignore().returning(['code', 'label', 'specialist', 'created_at']);
  if (!row) {
    const dup = await db('specialties').where('code', body.code).orWhere('label', body.label).first('code', 'label');
    throw new HttpError(409, 'specialty_exists', `专长已存在：${dup?.label ?? body.label}（${dup?.code ?? body.code}），无需重复添加`,
      { code: dup?.code ?? body.code, label: dup?.label ?? body.label });
  }
  return toItem(row as Record<string, unknown>);
}

/** Code → label of every specialty. */
export async function specialtyLabels(db: Db): Promise<Map<string, string>> {
  const rows = (await db('specialties').select('code', 'label')) as { code: string; label: string }[];
  return new Map(rows.map((r) => [r.code, r.label]));
}

/** 422 naming the allowed specialties when a code is not in the vocabulary. */
export async function assertSpecialties(db: Db, codes: readonly string[] | undefined): Promise<void> {
  if (!codes?.length) return;
  const labels = await specialtyLabels(db);
  const unknown = codes.filter((c) => !labels.has(c));
  if (unknown.length) {
    throw new HttpError(422, 'unknown_specialty', `专长“${unknown.join('、')}”未登记，应为：${[...labels.values()].join('、')}（管理员可在“专长”中添加）`,
      { unknown, allowed: [...labels.keys()] });
  }
}
