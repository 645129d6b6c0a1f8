// People's tribunals (人民法庭): name, seat, address and catchment (the townships whose
// townships.tribunal_id is the tribunal). Editing the catchment moves townships between tribunals and
// the OPEN cases of the moved townships with them (a scoped dispatcher then sees them); closed cases
// keep the tribunal they were handled by.
import type { Knex } from '../../db/types.ts';
import type { TribunalBody, TribunalItem, TribunalPatch } from '../../contract/registry.ts';
import { OPEN_CASE_STATUSES } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';
import { assertInDistrict, geoPoint, pointSql, versionConflict, wgs84, type Db, type RegistryAuditor } from './common.ts';

function selectTribunals(db: Db) {
  return db('tribunals as tr').select(
    'tr.id', 'tr.name', 'tr.name_is_real', 'tr.address', db.raw('ST_X(tr.seat) AS lng'), db.raw('ST_Y(tr.seat) AS lat'), 'tr.seat_source', 'tr.is_demo', 'tr.version',
    db.raw(`(SELECT coalesce(json_agg(json_build_object('code', t.code, 'name', t.name) ORDER BY t.code), '[]'::json) FROM townships t WHERE t.tribunal_id = tr.id) AS catchment`),
    db.raw(`(SELECT count(*) FROM mediators m WHERE m.tribunal_id = tr.id AND m.status = 'active') AS mediator_count`),
    db.raw(`(SELECT count(*) FROM organisations o WHERE o.tribunal_id = tr.id AND o.status = 'active') AS organisation_count`),
  );
}

function toItem(r: Record<string, unknown>): TribunalItem {
  return {
    id: r.id as number,
    name: r.name as string,
    name_is_real: Boolean(r.name_is_real),
    address: (r.address as string) ?? null,
    seat: geoPoint(r.lng, r.lat),
    seat_source: (r.seat_source as string) ?? null,
    catchment: (typeof r.catchment === 'string' ? JSON.parse(r.catchment) : r.catchment) as TribunalItem['catchment'],
    mediator_count: Number(r.mediator_count ?? 0),
    organisation_count: Number(r.organisation_count ?? 0),
    is_demo: Boolean(r.is_demo),
    version: r.version as number,
  };
}

export async function listTribunals(db: Db): Promise<{ total: number; items: TribunalItem[] }> {
  const items = (await selectTribunals(db).orderBy('tr.id')).map(toItem);
  return { total: items.length, items };
}

export async function getTribunal(db: Db, id: number): Promise<TribunalItem> {
  const row = await selectTribunals(db).where('tr.id', id).first();
  if (!row) throw new HttpError(404, 'tribunal_not_found', `没有编号为 ${id} 的人民法庭`);
  return toItem(row);
}

async function assertUniqueName(trx: Knex.Transaction, name: string, except?: number) {
  const q = trx('tribunals').where({ name }).first('id');
  if (except !== undefined) q.whereNot('id', except);
  const dup = await q;
  if (dup) throw new HttpError(409, 'duplicate_tribunal', `已有同名的人民法庭（编号 ${dup.id}）`, { id: dup.id });
}

/** Sets the catchment of a tribunal to exactly `codes`; answers how many townships and open cases moved. */
async function setCatchment(trx: Knex.Transaction, id: number, codes: string[]): Promise<{ added: string[]; removed: string[]; open_cases_moved: number }> {
  const unique = [...new Set(codes)];
  const known = (await trx('townships').whereIn('code', unique).pluck('code')) as string[];
  const unknown = unique.filter((c) => !known.includes(c));
  if (unknown.length) throw new HttpError(422, 'unknown_area', `乡镇（街道）编码不存在：${unknown.join('、')}`, { codes: unknown });
  const before = (await trx('townships').where({ tribunal_id: id }).pluck('code')) as string[];
  const added = unique.filter((c) => !before.includes(c));
  const removed = before.filter((c) => !unique.includes(c));
  if (added.length) await trx('townships').whereIn('code', added).update({ tribunal_id: id });
  if (removed.length) await trx('townships').whereIn('code', removed).update({ tribunal_id: null });
  let moved = 0;
  const changed = [...added, ...removed];
  if (changed.length) {
    moved = await trx('cases as c').whereIn('c.township_code', changed).whereIn('c.status', OPEN_CASE_STATUSES as string[])
      .update({ tribunal_id: trx.raw('(SELECT t.tribunal_id FROM townships t WHERE t.code = c.township_code)') });
  }
  return { added, removed, open_cases_moved: Number(moved) };
}

export async function createTribunal(knex: Knex, b: TribunalBody, onWrite: RegistryAuditor): Promise<TribunalItem> {
  const id = await knex.transaction(async (trx) => {
    await assertUniqueName(trx, b.name);
    const seat = b.seat ? wgs84(b.seat) : null;
    if (seat) await assertInDistrict(trx, seat, '法庭驻地');
    const [row] = await trx('tribunals').insert({
      name: b.name, name_is_real: false, address: b.address ?? null, seat: pointSql(trx, seat), seat_source: seat ? 'entered' : 'schematic', is_demo: false,
    }).returning('id');
    const newId = (row as { id: number }).id;
    const moved = b.catchment ? await setCatchment(trx, newId, b.catchment) : null;
    await onWrite(trx, 'tribunal.create', { type: 'tribunal', id: newId }, { name: b.name, catchment: b.catchment ?? [], ...(moved ? { open_cases_moved: moved.open_cases_moved } : {}) });
    return newId;
  });
  return getTribunal(knex, id);
}

export async function updateTribunal(knex: Knex, id: number, b: TribunalPatch, onWrite: RegistryAuditor): Promise<TribunalItem & { open_cases_moved: number }> {
  const moved = await knex.transaction(async (trx) => {
    const cur = await trx('tribunals').where({ id }).forUpdate().first('id', 'version');
    if (!cur) throw new HttpError(404, 'tribunal_not_found', `没有编号为 ${id} 的人民法庭`);
    if (cur.version !== b.version) throw versionConflict('该人民法庭', id, cur.version);
    const set: Record<string, unknown> = { version: cur.version + 1, updated_at: trx.fn.now() };
    if (b.name !== undefined) {
      await assertUniqueName(trx, b.name, id);
      set.name = b.name;
    }
    if (b.address !== undefined) set.address = b.address;
    if (b.seat !== undefined) {
      const seat = b.seat ? wgs84(b.seat) : null;
      if (seat) await assertInDistrict(trx, seat, '法庭驻地');
      set.seat = pointSql(trx, seat);
      set.seat_source = seat ? 'entered' : 'schematic';
    }
    await trx('tribunals').where({ id }).update(set);
    const m = b.catchment ? await setCatchment(trx, id, b.catchment) : { added: [], removed: [], open_cases_moved: 0 };
    const { version: _v, ...changed } = b;
    await onWrite(trx, 'tribunal.update', { type: 'tribunal', id }, { changed: Object.keys(changed), ...m });
    return m.open_cases_moved;
  });
  return { ...(await getTribunal(knex, id)), open_cases_moved: moved };
}
