// The causes of action (案由) → dispute type table of the bulk intake: list, add, change, delete (admin,
// audited through `onWrite` in the same transaction), and the lookup a preview uses.
import type { Knex } from '../../db/types.ts';
import type { CauseBody, CauseItem, CausePatch } from '../../contract/intake.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';

type Db = Knex | Knex.Transaction;
export type CauseAuditor = (trx: Knex.Transaction, action: 'create' | 'update' | 'delete', item: CauseItem, before?: CauseItem) => Promise<void>;

const toItem = (r: Record<string, unknown>): CauseItem => ({
  id: r.id as number, cause: r.cause as string, dispute_type: r.dispute_type as DisputeType, updated_at: new Date(r.updated_at as string).toISOString(),
});

/** A cause as written in files: no spaces, full-width brackets. */
export const normaliseCause = (s: string) => s.replace(/[\s\u3000]/g, '').replace(/\(/g, '（').replace(/\)/g, '）');

export async function listCauses(db: Db): Promise<CauseItem[]> {
  return (await db('intake_causes').select('id', 'cause', 'dispute_type', 'updated_at').orderBy('id')).map(toItem);
}

/** cause → dispute type; a cause is also found without its trailing 纠纷 (劳动争议纠纷 → 劳动争议) or with it. */
export async function causeLookup(db: Db): Promise<(cause: string) => DisputeType | null> {
  const map = new Map((await listCauses(db)).map((c) => [normaliseCause(c.cause), c.dispute_type]));
  return (cause) => {
    const c = normaliseCause(cause);
    return map.get(c) ?? map.get(c.replace(/纠纷$/, '')) ?? map.get(`${c}纠纷`) ?? null;
  };
}

const exists = (cause: string, id: number) =>
  new HttpError(409, 'cause_exists', `案由“${cause}”已在对照表中（编号 ${id}），无需重复添加`, { cause, id });
const notFound = (id: number) => new HttpError(404, 'cause_not_found', `没有编号为 ${id} 的案由`, { id });

export async function createCause(knex: Knex, body: CauseBody, onWrite: CauseAuditor): Promise<CauseItem> {
  return knex.transaction(async (trx) => {
    const cause = normaliseCause(body.cause);
    const [row] = await trx('intake_causes').insert({ cause, dispute_type: body.dispute_type }).onConflict('cause').ignore()
      .returning(['id', 'cause', 'dispute_type', 'updated_at']);
    if (!row) throw exists(cause, (await trx('intake_causes').where({ cause }).first('id')).id as number);
    const item = toItem(row as Record<string, unknown>);
    await onWrite(trx, 'create', item);
    return item;
  });
}

export async function updateCause(knex: Knex, id: number, body: CausePatch, onWrite: CauseAuditor): Promise<CauseItem> {
  return knex.transaction(async (trx) => {
    const before = await trx('intake_causes').where({ id }).forUpdate().first('id', 'cause', 'dispute_type', 'updated_at');
    if (!before) throw notFound(id);
    const cause = body.cause === undefined ? undefined : normaliseCause(body.cause);
    if (cause !== undefined && cause !== before.cause) {
      const other = await trx('intake_causes').where({ cause }).first('id');
      if (other) throw exists(cause, other.id as number);
    }
    const [row] = await trx('intake_causes').where({ id })
      .update({ ...(cause !== undefined ? { cause } : {}), ...(body.dispute_type ? { dispute_type: body.dispute_type } : {}), updated_at: trx.fn.now() })
      .returning(['id', 'cause', 'dispute_type', 'updated_at']);
    const item = toItem(row as Record<string, unknown>);
    await onWrite(trx, 'update', item, toItem(before as Record<string, unknown>));
    return item;
  });
}

export async function deleteCause(knex: Knex, id: number, onWrite: CauseAuditor): Promise<void> {
  await knex.transaction(async (trx) => {
    const [row] = await trx('intake_causes').where({ id }).delete().returning(['id', 'cause', 'dispute_type', 'updated_at']);
    if (!row) throw notFound(id);
    await onWrite(trx, 'delete', toItem(row as Record<string, unknown>));
  });
}
