// Mediators (调解员): list with filters, one, create, edit (at the version the editor saw), withdraw,
// and delete (only someone who never handled a case). Phones by role: common.ts `phoneFor`.
import type { Knex } from '../../db/types.ts';
import type { Role } from '../../contract/auth.ts';
import type {
  DeactivateAnswer, DeactivateBody, MediatorBody, MediatorDetail, MediatorItem, MediatorPatch, MediatorsQuery, ServiceAreaView,
} from '../../contract/registry.ts';
import { assertSpecialties } from './specialties.ts';
import { OPEN_CASE_STATUSES, type MediatorKind, type MediatorStatus } from '../../contract/vocab.ts';
import { HttpError } from '../../errors.ts';
import { runSql } from '../../db/sql.ts';
import { loadAreaIndex, type AreaIndex, type ResolvedArea } from './areas.ts';
import {
  assertInDistrict, day, geoPoint, isoTime, likePattern, phoneFor, pointSql, today, versionConflict, wgs84, type Db, type RegistryAuditor,
} from './common.ts';

const OPEN = OPEN_CASE_STATUSES.map((s) => `'${s}'`).join(', ');

/** The columns of a mediator item; service areas and open cases by correlated subqueries (indexed). */
export function selectMediators(db: Db) {
  return db('mediators as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('tribunals as tr', 'tr.id', 'm.tribunal_id')
    .select(
      'm.id', 'm.name', 'm.kind', 'm.status', 'm.status_since', 'm.joined_on', 'm.leave_until', 'm.withdrawn_on',
      db.raw('ST_X(m.location) AS lng'), db.raw('ST_Y(m.location) AS lat'), 'm.location_source', 'm.specialties', 'm.capacity',
      'm.tribunal_id', 'tr.name as tribunal_name', 'm.organisation_id', 'o.name as organisation_name', 'm.work_unit', 'm.position',
      'm.phone', 'm.is_liaison', 'm.note', 'm.is_demo', 'm.version', 'm.updated_at',
      db.raw(`(SELECT coalesce(json_agg(json_build_object('level', sa.level, 'code', sa.code,
                 'name', coalesce(g.name, v.display_name, t.name, CASE WHEN sa.level = 'district' THEN '全区' END))
                 ORDER BY CASE sa.level WHEN 'district' THEN 0 WHEN 'township' THEN 1 WHEN 'village' THEN 2 ELSE 3 END, sa.code), '[]'::json)
               FROM mediator_service_areas sa
               LEFT JOIN grids g ON sa.level = 'grid' AND g.code = sa.code
               LEFT JOIN villages v ON sa.level = 'village' AND v.code = sa.code
               LEFT JOIN townships t ON sa.level = 'township' AND t.code = sa.code
               WHERE sa.mediator_id = m.id) AS areas`),
      db.raw(`(SELECT count(*) FROM cases c WHERE c.mediator_id = m.id AND c.status IN (${OPEN})) AS open_cases`),
    );
}

export function toMediatorItem(r: Record<string, unknown>, role: Role | null): MediatorItem {
  const areas = (typeof r.areas === 'string' ? JSON.parse(r.areas) : r.areas) as ServiceAreaView[];
  const full = phoneFor(r.phone as string | null, role);
  return {
    id: r.id as number,
    name: r.name as string,
    kind: r.kind as MediatorKind,
    status: r.status as MediatorStatus,
    status_since: day(r.status_since),
    joined_on: day(r.joined_on),
    leave_until: day(r.leave_until),
    withdrawn_on: day(r.withdrawn_on),
    location: geoPoint(r.lng, r.lat),
    // Rows loaded before this column existed carry coordinates of their own.
    location_source: (r.location_source as MediatorItem['location_source']) ?? (r.lng === null ? null : 'given'),
    service_area_codes: areas.map((a) => a.code),
    service_areas: areas,
    specialties: (r.specialties as string[]) ?? [],
    capacity: r.capacity as number,
    open_cases: Number(r.open_cases ?? 0),
    tribunal_id: (r.tribunal_id as number) ?? null,
    tribunal_name: (r.tribunal_name as string) ?? null,
    organisation_id: (r.organisation_id as number) ?? null,
    organisation_name: (r.organisation_name as string) ?? null,
    work_unit: (r.work_unit as string) ?? null,
    position: (r.position as string) ?? null,
    phone: full,
    phone_masked: full !== r.phone,
    is_liaison: Boolean(r.is_liaison),
    note: (r.note as string) ?? null,
    is_demo: Boolean(r.is_demo),
    version: r.version as number,
    updated_at: isoTime(r.updated_at),
  };
}

/** Applies the filters of GET /api/mediators (also the export). */
export function filterMediators(q: Knex.QueryBuilder, f: MediatorsQuery): Knex.QueryBuilder {
  const area = (where: string, values: string[]) =>
    q.whereExists((s) => s.select('sa.mediator_id').from('mediator_service_areas as sa').whereRaw(`sa.mediator_id = m.id AND ${where}`, values));
  if (f.kind?.length) q.whereIn('m.kind', f.kind);
  if (f.status?.length) q.whereIn('m.status', f.status);
  if (f.township) area('sa.township_code = ?', [f.township]);
  if (f.village) area('sa.village_code = ?', [f.village]);
  // A grid's mediators: its own, and those of its whole village (as mediator_count counts them).
  if (f.grid) area(`((sa.level = 'grid' AND sa.code = ?) OR (sa.level = 'village' AND sa.code = ?))`, [f.grid, f.grid.slice(0, 12)]);
  if (f.tribunal !== undefined) q.where('m.tribunal_id', f.tribunal);
  if (f.organisation !== undefined) q.where('m.organisation_id', f.organisation);
  if (f.specialty) q.whereRaw('? = ANY(m.specialties)', [f.specialty]);
  if (f.liaison !== undefined) q.where('m.is_liaison', f.liaison);
  if (f.q) {
    const like = likePattern(f.q);
    q.where((w) => {
      w.whereILike('m.name', like).orWhereILike('m.work_unit', like).orWhereILike('m.position', like).orWhereILike('o.name', like);
      if (/^\d{1,9}$/.test(f.q!)) w.orWhere('m.id', Number(f.q));
    });
  }
  if (f.bbox) q.whereRaw('m.location && ST_MakeEnvelope(?, ?, ?, ?, 4326)', f.bbox);
  return q;
}

export async function listMediators(knex: Knex, role: Role, f: MediatorsQuery): Promise<{ total: number; items: MediatorItem[] }> {
  const base = filterMediators(selectMediators(knex), f);
  const counted = filterMediators(knex('mediators as m').leftJoin('organisations as o', 'o.id', 'm.organisation_id'), f);
  const [{ n }] = (await counted.count({ n: '*' })) as [{ n: number }];
  const rows = await base.orderBy('m.id').limit(f.page_size).offset((f.page - 1) * f.page_size);
  return { total: Number(n), items: rows.map((r: Record<string, unknown>) => toMediatorItem(r, role)) };
}

export async function getMediator(db: Db, role: Role, id: number): Promise<MediatorDetail> {
  const row = await selectMediators(db).where('m.id', id).first();
  if (!row) throw new HttpError(404, 'mediator_not_found', `没有编号为 ${id} 的调解员`);
  const [{ n }] = (await db('case_assignments').where({ mediator_id: id }).count({ n: '*' })) as [{ n: number }];
  const [{ c }] = (await db('cases').where({ mediator_id: id }).count({ c: '*' })) as [{ c: number }];
  return { ...toMediatorItem(row, role), case_count: Math.max(Number(n), Number(c)) };
}

// --- writes ---------------------------------------------------------------------------------------

async function checkRefs(trx: Knex.Transaction, b: { organisation_id?: number | null; tribunal_id?: number | null; specialties?: string[] }): Promise<void> {
  await assertSpecialties(trx, b.specialties);
  if (b.organisation_id != null && !(await trx('organisations').where({ id: b.organisation_id }).first('id'))) {
    throw new HttpError(422, 'unknown_organisation', `没有编号为 ${b.organisation_id} 的调解组织`, { organisation_id: b.organisation_id });
  }
  if (b.tribunal_id != null && !(await trx('tribunals').where({ id: b.tribunal_id }).first('id'))) {
    throw new HttpError(422, 'unknown_tribunal', `没有编号为 ${b.tribunal_id} 的人民法庭`, { tribunal_id: b.tribunal_id });
  }
}

function resolveAreas(index: AreaIndex, areas: { level: string; code: string }[]): ResolvedArea[] {
  return areas.map((a) => {
    const r = index.resolve(a.code);
    if (r.outcome !== 'ok' || r.area.level !== a.level) {
      throw new HttpError(422, 'unknown_area', `服务区域 ${a.level} ${a.code} 不存在`, { level: a.level, code: a.code });
    }
    return r.area;
  });
}

async function writeAreas(trx: Knex.Transaction, id: number, areas: ResolvedArea[]): Promise<void> {
  await trx('mediator_service_areas').where({ mediator_id: id }).delete();
  await runSql(trx, 'registry-insert-service-areas', {
    rows: JSON.stringify(areas.map((a) => ({ mediator_id: id, level: a.level, code: a.code, township_code: a.township_code, village_code: a.village_code }))),
  });
}

async function assertNoDuplicate(trx: Knex.Transaction, name: string, phone: string, except?: number): Promise<void> {
  const q = trx('mediators').where({ name, phone }).first('id');
  if (except !== undefined) q.whereNot('id', except);
  const dup = await q;
  if (dup) throw new HttpError(409, 'duplicate_mediator', `已登记同名同电话的调解员（编号 ${dup.id}）`, { id: dup.id });
}

export async function createMediator(knex: Knex, role: Role, b: MediatorBody, onWrite: RegistryAuditor): Promise<MediatorDetail> {
  const id = await knex.transaction(async (trx) => {
    await checkRefs(trx, b);
    await assertNoDuplicate(trx, b.name, b.phone);
    const index = await loadAreaIndex(trx);
    const areas = resolveAreas(index, b.service_areas);
    let point: [number, number];
    let source: 'given' | 'area';
    if (b.location) {
      point = wgs84(b.location);
      await assertInDistrict(trx, point, '调解员位置');
      source = 'given';
    } else {
      point = index.pointOf(areas[0]!);
      source = 'area';
    }
    const status = b.status ?? 'active';
    const since = b.status_since ?? today();
    const [row] = await trx('mediators').insert({
      name: b.name, kind: b.kind, work_unit: b.work_unit ?? null, position: b.position ?? null, phone: b.phone,
      organisation_id: b.organisation_id ?? null,
      tribunal_id: b.tribunal_id !== undefined ? b.tribunal_id : areas.map((a) => index.tribunalOf(a)).find((t) => t !== null) ?? null,
      location: pointSql(trx, point), location_source: source, specialties: b.specialties ?? [], capacity: b.capacity ?? 10,
      status, status_since: since, leave_until: status === 'on_leave' ? (b.leave_until ?? null) : null,
      withdrawn_on: status === 'withdrawn' ? since : null, joined_on: b.joined_on ?? today(), is_liaison: b.is_liaison ?? false,
      note: b.note ?? null, is_demo: false,
    }).returning('id');
    const newId = (row as { id: number }).id;
    await writeAreas(trx, newId, areas);
    await onWrite(trx, 'mediator.create', { type: 'mediator', id: newId }, { name: b.name, kind: b.kind, service_areas: b.service_areas.map((a) => a.code) });
    return newId;
  });
  return getMediator(knex, role, id);
}

export async function updateMediator(knex: Knex, role: Role, id: number, b: MediatorPatch, onWrite: RegistryAuditor): Promise<MediatorDetail> {
  await knex.transaction(async (trx) => {
    const cur = await trx('mediators').where({ id }).forUpdate().first('id', 'name', 'phone', 'status', 'version');
    if (!cur) throw new HttpError(404, 'mediator_not_found', `没有编号为 ${id} 的调解员`);
    if (cur.version !== b.version) throw versionConflict('该调解员', id, cur.version);
    await checkRefs(trx, b);
    if (b.name !== undefined || b.phone !== undefined) await assertNoDuplicate(trx, b.name ?? cur.name, b.phone ?? cur.phone, id);
    const set: Record<string, unknown> = { version: cur.version + 1, updated_at: trx.fn.now() };
    for (const k of ['name', 'kind', 'work_unit', 'position', 'phone', 'organisation_id', 'tribunal_id', 'specialties', 'capacity', 'is_liaison', 'note', 'joined_on', 'leave_until'] as const) {
      if (b[k] !== undefined) set[k] = b[k];
    }
    if (b.status !== undefined && b.status !== cur.status) {
      const since = b.status_since ?? today();
      set.status = b.status;
      set.status_since = since;
      if (b.status === 'withdrawn') set.withdrawn_on = since;
      if (b.status !== 'on_leave') set.leave_until = null;
    } else if (b.status_since !== undefined) {
      set.status_since = b.status_since;
    }
    if (b.location !== undefined) {
      if (b.location === null) {
        set.location = null;
        set.location_source = null;
      } else {
        const p = wgs84(b.location);
        await assertInDistrict(trx, p, '调解员位置');
        set.location = pointSql(trx, p);
        set.location_source = 'given';
      }
    }
    if (b.service_areas !== undefined) {
      const index = await loadAreaIndex(trx);
      const areas = resolveAreas(index, b.service_areas);
      await writeAreas(trx, id, areas);
      // A location that was only the old area's point follows the new areas.
      const src = await trx('mediators').where({ id }).first('location_source');
      if (b.location === undefined && src?.location_source === 'area') set.location = pointSql(trx, index.pointOf(areas[0]!));
    }
    await trx('mediators').where({ id }).update(set);
    const { version: _v, ...changed } = b;
    await onWrite(trx, 'mediator.update', { type: 'mediator', id }, { changed: Object.keys(changed), status: b.status ?? null });
  });
  return getMediator(knex, role, id);
}

export async function deactivateMediator(knex: Knex, role: Role, id: number, b: DeactivateBody, onWrite: RegistryAuditor): Promise<DeactivateAnswer> {
  const open = await knex.transaction(async (trx) => {
    const cur = await trx('mediators').where({ id }).forUpdate().first('id', 'status', 'version');
    if (!cur) throw new HttpError(404, 'mediator_not_found', `没有编号为 ${id} 的调解员`);
    if (cur.version !== b.version) throw versionConflict('该调解员', id, cur.version);
    if (cur.status === 'withdrawn') throw new HttpError(409, 'already_withdrawn', `该调解员（编号 ${id}）已退出`);
    const date = b.date ?? today();
    await trx('mediators').where({ id }).update({
      status: 'withdrawn', status_since: date, withdrawn_on: date, status_note: b.reason ?? null, leave_until: null,
      version: cur.version + 1, updated_at: trx.fn.now(),
    });
    const ids = (await trx('cases').where({ mediator_id: id }).whereIn('status', OPEN_CASE_STATUSES as string[]).orderBy('id').pluck('id')) as number[];
    await onWrite(trx, 'mediator.deactivate', { type: 'mediator', id }, { date, reason: b.reason ?? null, open_case_ids: ids });
    return ids;
  });
  const item = await getMediator(knex, role, id);
  return { item, open_case_ids: open };
}

/** Only a mediator who never handled a case may be deleted; anyone else is withdrawn instead. */
export async function deleteMediator(knex: Knex, id: number, onWrite: RegistryAuditor): Promise<void> {
  await knex.transaction(async (trx) => {
    const cur = await trx('mediators').where({ id }).forUpdate().first('id', 'name');
    if (!cur) throw new HttpError(404, 'mediator_not_found', `没有编号为 ${id} 的调解员`);
    const handled = (await trx('cases').where({ mediator_id: id }).first('id')) ?? (await trx('case_assignments').where({ mediator_id: id }).first('id'));
    if (handled) {
      throw new HttpError(409, 'mediator_has_cases', `该调解员（编号 ${id}）办理过案件，不能删除；请改为“退出”（POST /api/mediators/${id}/deactivate）`, { id });
    }
    await trx('users').where({ mediator_id: id }).update({ mediator_id: null });
    await trx('mediators').where({ id }).delete();
    await onWrite(trx, 'mediator.delete', { type: 'mediator', id }, { name: cur.name });
  });
}
