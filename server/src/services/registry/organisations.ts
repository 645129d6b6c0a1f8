// Mediation organisations (调解组织): list, one with its members (its mediators), create, edit at a
// version, withdraw (撤销: the row stays, with its date) and delete (only one that never had members).
import type { Knex } from '../../db/types.ts';
import type { Role } from '../../contract/auth.ts';
import type {
  OrganisationBody, OrganisationDetail, OrganisationItem, OrganisationPatch, OrganisationsQuery, OrganisationStatus,
} from '../../contract/registry.ts';
import type { OrganisationKind, Specialty } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';
import { loadAreaIndex } from './areas.ts';
import {
  assertInDistrict, day, geoPoint, likePattern, phoneFor, pointSql, today, versionConflict, wgs84, type Db, type RegistryAuditor,
} from './common.ts';
import { selectMediators, toMediatorItem } from './mediators.ts';

export function selectOrganisations(db: Db) {
  return db('organisations as o')
    .leftJoin('townships as t', 't.code', 'o.township_code')
    .leftJoin('villages as v', 'v.code', 'o.village_code')
    .leftJoin('tribunals as tr', 'tr.id', 'o.tribunal_id')
    .select(
      'o.id', 'o.name', 'o.kind', 'o.industry', 'o.status', 'o.status_since', 'o.township_code', 't.name as township_name',
      'o.village_code', 'v.display_name as village_name', 'o.address', db.raw('ST_X(o.location) AS lng'), db.raw('ST_Y(o.location) AS lat'),
      'o.contact_name', 'o.contact_phone', 'o.tribunal_id', 'tr.name as tribunal_name', 'o.note', 'o.is_demo', 'o.version',
      db.raw('(SELECT count(*) FROM mediators m WHERE m.organisation_id = o.id) AS member_count'),
      db.raw(`(SELECT count(*) FROM mediators m WHERE m.organisation_id = o.id AND m.status = 'active') AS active_member_count`),
    );
}

export function toOrganisationItem(r: Record<string, unknown>, role: Role | null): OrganisationItem {
  const phone = phoneFor(r.contact_phone as string | null, role);
  return {
    id: r.id as number,
    name: r.name as string,
    kind: r.kind as OrganisationKind,
    industry: (r.industry as Specialty) ?? null,
    status: r.status as OrganisationStatus,
    status_since: day(r.status_since),
    township_code: (r.township_code as string) ?? null,
    township_name: (r.township_name as string) ?? null,
    village_code: (r.village_code as string) ?? null,
    village_name: (r.village_name as string) ?? null,
    address: (r.address as string) ?? null,
    location: geoPoint(r.lng, r.lat),
    contact_name: (r.contact_name as string) ?? null,
    contact_phone: phone,
    phone_masked: phone !== r.contact_phone,
    tribunal_id: (r.tribunal_id as number) ?? null,
    tribunal_name: (r.tribunal_name as string) ?? null,
    member_count: Number(r.member_count ?? 0),
    active_member_count: Number(r.active_member_count ?? 0),
    note: (r.note as string) ?? null,
    is_demo: Boolean(r.is_demo),
    version: r.version as number,
  };
}

export function filterOrganisations(q: Knex.QueryBuilder, f: OrganisationsQuery): Knex.QueryBuilder {
  if (f.kind?.length) q.whereIn('o.kind', f.kind);
  if (f.status?.length) q.whereIn('o.status', f.status);
  if (f.township) q.where('o.township_code', f.township);
  if (f.village) q.where('o.village_code', f.village);
  if (f.tribunal !== undefined) q.where('o.tribunal_id', f.tribunal);
  if (f.industry) q.where('o.industry', f.industry);
  if (f.q) {
    const like = likePattern(f.q);
    q.where((w) => { w.whereILike('o.name', like).orWhereILike('o.address', like).orWhereILike('o.contact_name', like); });
  }
  if (f.bbox) q.whereRaw('o.location && ST_MakeEnvelope(?, ?, ?, ?, 4326)', f.bbox);
  return q;
}

export async function listOrganisations(knex: Knex, role: Role, f: OrganisationsQuery): Promise<{ total: number; items: OrganisationItem[] }> {
  const [{ n }] = (await filterOrganisations(knex('organisations as o'), f).count({ n: '*' })) as [{ n: number }];
  const rows = await filterOrganisations(selectOrganisations(knex), f).orderBy('o.id').limit(f.page_size).offset((f.page - 1) * f.page_size);
  return { total: Number(n), items: rows.map((r: Record<string, unknown>) => toOrganisationItem(r, role)) };
}

export async function getOrganisation(db: Db, role: Role, id: number): Promise<OrganisationDetail> {
  const row = await selectOrganisations(db).where('o.id', id).first();
  if (!row) throw new HttpError(404, 'organisation_not_found', `没有编号为 ${id} 的调解组织`);
  const members = await selectMediators(db).where('m.organisation_id', id).orderBy('m.id');
  return { ...toOrganisationItem(row, role), members: members.map((m: Record<string, unknown>) => toMediatorItem(m, role)) };
}

/** Township and village must exist and agree; the tribunal defaults to the township's. */
async function placeOf(trx: Knex.Transaction, b: Partial<OrganisationBody>, cur?: { township_code: string | null; village_code: string | null }) {
  const index = await loadAreaIndex(trx);
  let township = b.township_code !== undefined ? b.township_code : (cur?.township_code ?? null);
  const village = b.village_code !== undefined ? b.village_code : (cur?.village_code ?? null);
  if (township !== null && index.unit(township)?.level !== 'township') throw new HttpError(422, 'unknown_area', `乡镇（街道）编码 ${township} 不存在`, { township_code: township });
  if (village !== null) {
    const v = index.unit(village);
    if (v?.level !== 'village') throw new HttpError(422, 'unknown_area', `村（社区）编码 ${village} 不存在`, { village_code: village });
    if (township !== null && v.township_code !== township) throw new HttpError(422, 'area_mismatch', `村（社区）${v.name} 不属于乡镇（街道）${index.unit(township)!.name}`, { village_code: village, township_code: township });
    township = v.township_code;
  }
  return { township, village, tribunal: township ? index.tribunalOf({ level: 'township', code: township }) : null };
}

async function checkTribunal(trx: Knex.Transaction, id: number | null | undefined) {
  if (id != null && !(await trx('tribunals').where({ id }).first('id'))) throw new HttpError(422, 'unknown_tribunal', `没有编号为 ${id} 的人民法庭`, { tribunal_id: id });
}

async function assertUniqueName(trx: Knex.Transaction, name: string, except?: number) {
  const q = trx('organisations').where({ name }).first('id');
  if (except !== undefined) q.whereNot('id', except);
  const dup = await q;
  if (dup) throw new HttpError(409, 'duplicate_organisation', `已登记同名的调解组织（编号 ${dup.id}）`, { id: dup.id });
}

export async function createOrganisation(knex: Knex, role: Role, b: OrganisationBody, onWrite: RegistryAuditor): Promise<OrganisationDetail> {
  const id = await knex.transaction(async (trx) => {
    await assertUniqueName(trx, b.name);
    await checkTribunal(trx, b.tribunal_id);
    const place = await placeOf(trx, b);
    let point: [number, number] | null = null;
    if (b.location) {
      point = wgs84(b.location);
      await assertInDistrict(trx, point, '调解组织位置');
    }
    const [row] = await trx('organisations').insert({
      name: b.name, kind: b.kind, industry: b.industry ?? null, township_code: place.township, village_code: place.village,
      address: b.address ?? null, location: pointSql(trx, point), contact_name: b.contact_name ?? null, contact_phone: b.contact_phone ?? null,
      tribunal_id: b.tribunal_id !== undefined ? b.tribunal_id : place.tribunal, note: b.note ?? null, status: 'active', status_since: today(), is_demo: false,
    }).returning('id');
    const newId = (row as { id: number }).id;
    await onWrite(trx, 'organisation.create', { type: 'organisation', id: newId }, { name: b.name, kind: b.kind });
    return newId;
  });
  return getOrganisation(knex, role, id);
}

export async function updateOrganisation(knex: Knex, role: Role, id: number, b: OrganisationPatch, onWrite: RegistryAuditor): Promise<OrganisationDetail> {
  await knex.transaction(async (trx) => {
    const cur = await trx('organisations').where({ id }).forUpdate().first('id', 'kind', 'industry', 'township_code', 'village_code', 'version');
    if (!cur) throw new HttpError(404, 'organisation_not_found', `没有编号为 ${id} 的调解组织`);
    if (cur.version !== b.version) throw versionConflict('该调解组织', id, cur.version);
    if (b.name !== undefined) await assertUniqueName(trx, b.name, id);
    await checkTribunal(trx, b.tribunal_id);
    const kind = b.kind ?? cur.kind;
    const industry = b.industry !== undefined ? b.industry : cur.industry;
    if (kind === 'industry' && !industry) throw new HttpError(400, 'invalid_input', '行业性/专业性调解组织须填写行业 industry', [{ path: 'industry', message: '请填写行业' }]);
    const set: Record<string, unknown> = { version: cur.version + 1, updated_at: trx.fn.now() };
    for (const k of ['name', 'kind', 'industry', 'address', 'contact_name', 'contact_phone', 'tribunal_id', 'note'] as const) if (b[k] !== undefined) set[k] = b[k];
    if (b.township_code !== undefined || b.village_code !== undefined) {
      const place = await placeOf(trx, b, cur);
      set.township_code = place.township;
      set.village_code = place.village;
    }
    if (b.location !== undefined) {
      const p = b.location ? wgs84(b.location) : null;
      if (p) await assertInDistrict(trx, p, '调解组织位置');
      set.location = pointSql(trx, p);
    }
    await trx('organisations').where({ id }).update(set);
    const { version: _v, ...changed } = b;
    await onWrite(trx, 'organisation.update', { type: 'organisation', id }, { changed: Object.keys(changed) });
  });
  return getOrganisation(knex, role, id);
}

export async function deactivateOrganisation(knex: Knex, role: Role, id: number, b: { version: number; date?: string; reason?: string | null }, onWrite: RegistryAuditor): Promise<OrganisationDetail> {
  await knex.transaction(async (trx) => {
    const cur = await trx('organisations').where({ id }).forUpdate().first('id', 'status', 'version');
    if (!cur) throw new HttpError(404, 'organisation_not_found', `没有编号为 ${id} 的调解组织`);
    if (cur.version !== b.version) throw versionConflict('该调解组织', id, cur.version);
    if (cur.status === 'withdrawn') throw new HttpError(409, 'already_withdrawn', `该调解组织（编号 ${id}）已撤销`);
    const date = b.date ?? today();
    await trx('organisations').where({ id }).update({ status: 'withdrawn', status_since: date, note: b.reason ?? trx.raw('note'), version: cur.version + 1, updated_at: trx.fn.now() });
    await onWrite(trx, 'organisation.deactivate', { type: 'organisation', id }, { date, reason: b.reason ?? null });
  });
  return getOrganisation(knex, role, id);
}

/** Only an organisation that never had members may be deleted; others are withdrawn. */
export async function deleteOrganisation(knex: Knex, id: number, onWrite: RegistryAuditor): Promise<void> {
  await knex.transaction(async (trx) => {
    const cur = await trx('organisations').where({ id }).forUpdate().first('id', 'name');
    if (!cur) throw new HttpError(404, 'organisation_not_found', `没有编号为 ${id} 的调解组织`);
    if (await trx('mediators').where({ organisation_id: id }).first('id')) {
      throw new HttpError(409, 'organisation_has_members', `该调解组织（编号 ${id}）有成员，不能删除；请改为“撤销”`, { id });
    }
    await trx('organisations').where({ id }).delete();
    await onWrite(trx, 'organisation.delete', { type: 'organisation', id }, { name: cur.name });
  });
}
