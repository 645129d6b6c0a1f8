// The life of a case after it is placed: registration, lists, the case file with its timeline,
// status changes, the pre-litigation deadline and its extensions, supervision (督促督办) and
// judge-guidance requests. Which cases a user reaches: services/case-scope.ts; what a role sees of
// them: services/case-view.ts (applied to every answer here on its way out); party data: masking.ts.
import type { Knex } from '../db/types.ts';
import type {
  AddressMatchInfo, CaseDetail, CaseEventKind, CaseSummary, CreateCaseBody, ExtendBody, GuidanceBody, GuidancePatch, GuidanceView,
  ListCasesQuery, PartyView, StatusBody, SupervisionQuery, TimelineEntry,
} from '../contract/cases.ts';
import { CASE_EVENT_KINDS, STATUS_TRANSITIONS } from '../contract/cases.ts';
import type { AuditAction } from '../contract/auth.ts';
import { CASE_STATUSES, type CaseStatus } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import { toWgs84 } from '../geo/coords.ts';
import { matchAddress } from './gazetteer.ts';
import { caseUnits } from './case-location.ts';
import { caseScope, reachChild, whereReachable } from './case-scope.ts';
import { viewCase, viewSummary } from './case-view.ts';
import { hasPartyAccess, maskParty, partyAccess, type Actor, type PartyAccess } from './masking.ts';
import { toBounds } from './period.ts';
import { versionConflict } from './assignment.ts';
import { notifyGuidanceAnswered, notifySupervision } from './notifications/notify.ts';
import { afterDispatchCommit } from './dispatch/preview.ts';
import { deadlineSql, overdueNowSql, whereSupervised } from './figures.ts';
import { nextCaseNumber, type Numbering } from './case-numbers.ts';

type Db = Knex | Knex.Transaction;
export type Auditor = (trx: Knex.Transaction, action: AuditAction, target: { type: string; id: number }, details: Record<string, unknown>) => Promise<void>;

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

/** The deadline in force and the overdue rule: services/figures.ts (one definition, issue 17); also the notifications' deadline job. */
export const deadlineExpr = (days: number) => deadlineSql('c', days);

function summaryQuery(db: Db, days: number) {
  return db('cases as c')
    .leftJoin('townships as t', 't.code', 'c.township_code')
    .leftJoin('villages as v', 'v.code', 'c.village_code')
    .leftJoin('grids as g', 'g.code', 'c.grid_code')
    .leftJoin('mediators as m', 'm.id', 'c.mediator_id')
    .select(
      'c.id', 'c.version', 'c.title', 'c.dispute_type', 'c.status', 'c.source', 'c.resolved_on_spot', 'c.township_code', 't.name as township_name',
      'c.village_code', 'v.display_name as village_name', 'c.grid_code', 'g.name as grid_name', 'c.tribunal_id', 'c.location_precision',
      db.raw('ST_X(c.location) AS lng'), db.raw('ST_Y(c.location) AS lat'), 'c.mediator_id', 'm.name as mediator_name',
      'c.created_at', 'c.assigned_at', 'c.case_number', db.raw(`${deadlineExpr(days)} AS deadline`),
      db.raw(`${overdueNowSql('c', days)} AS overdue`), 'c.is_demo',
    );
}

/** The case as stored; what the reader may see of it is decided on the way out (viewSummary, viewCase). */
function toSummary(r: Record<string, unknown>): CaseSummary {
  return {
    id: r.id as number,
    version: r.version as number,
    title: r.title as string,
    dispute_type: r.dispute_type as CaseSummary['dispute_type'],
    status: r.status as CaseStatus,
    source: r.source as CaseSummary['source'],
    resolved_on_spot: Boolean(r.resolved_on_spot),
    township_code: (r.township_code as string) ?? null,
    township_name: (r.township_name as string) ?? null,
    village_code: (r.village_code as string) ?? null,
    village_name: (r.village_name as string) ?? null,
    grid_code: (r.grid_code as string) ?? null,
    grid_name: (r.grid_name as string) ?? null,
    tribunal_id: (r.tribunal_id as number) ?? null,
    location_precision: (r.location_precision as CaseSummary['location_precision']) ?? 'point',
    lng: (r.lng as number) ?? null,
    lat: (r.lat as number) ?? null,
    mediator_id: (r.mediator_id as number) ?? null,
    mediator_name: (r.mediator_name as string) ?? null,
    created_at: iso(r.created_at as Date)!,
    assigned_at: iso(r.assigned_at as Date),
    deadline: iso(r.deadline as Date),
    overdue: Boolean(r.overdue),
    is_demo: Boolean(r.is_demo),
    case_number: (r.case_number as string) ?? null,
  };
}

export async function addEvent(trx: Knex.Transaction, caseId: number, actor: Actor, kind: CaseEventKind, e: { from?: string | null; to?: string | null; details?: Record<string, unknown> } = {}) {
  await trx('case_events').insert({
    case_id: caseId, kind, from_status: e.from ?? null, to_status: e.to ?? null, actor_id: actor.id, actor_name: actor.username,
    details: e.details ? JSON.stringify(e.details) : null,
  });
}

// --- create ---------------------------------------------------------------------------------------

export interface Created extends CaseSummary {
  address: string | null;
  coord_system_in: 'wgs84' | 'gcj02' | 'address';
  address_match?: AddressMatchInfo;
  parties: PartyView[];
}

/**
 * The WGS84 point of a location given as `lng`/`lat` (+ `coord_system`, gcj02 converted) or as an
 * `address` matched against the gazetteer; 422 address_not_found / address_ambiguous, and with
 * `exactOnly` (a case is saved there) address_uncertain for a partial match. Shared by
 * POST /api/cases and POST /api/assign/preview.
 */
export async function resolveLocation(
  db: Db,
  b: { lng?: number; lat?: number; coord_system?: 'wgs84' | 'gcj02'; address?: string },
  opts: { exactOnly?: boolean } = {},
): Promise<{ lng: number; lat: number; system: 'wgs84' | 'gcj02' | 'address'; addressMatch?: AddressMatchInfo }> {
  if (b.address === undefined) {
    const system = b.coord_system ?? 'wgs84';
    const [lng, lat] = toWgs84(b.lng!, b.lat!, system);
    return { lng, lat, system };
  }
  const m = await matchAddress(db, b.address);
  if (m.outcome === 'none') throw new HttpError(422, 'address_not_found', `地址“${b.address}”与本区的乡镇（街道）和村（社区）名称都对不上，请在地图上点选位置或写出乡镇、村名`, { address: b.address });
  if (m.outcome === 'ambiguous') {
    throw new HttpError(422, 'address_ambiguous', `地址“${b.address}”对应多个地点：${m.candidates.map(placeLabel).join('、')}，请写出所属乡镇（街道）或在地图上点选`, { address: b.address, candidates: m.candidates });
  }
  // A partial match is a guess: a preview may show it (uncertain, with its alternatives), a case is not saved on it.
  if (m.outcome === 'partial' && opts.exactOnly) {
    throw new HttpError(422, 'address_uncertain', `地址“${b.address}”只部分对上“${placeLabel(m.place)}”，请从可能的地点中选定一个，或在地图上点选位置`, { address: b.address, candidates: [m.place, ...m.alternatives] });
  }
  return { lng: m.place.lng, lat: m.place.lat, system: 'address', addressMatch: { outcome: m.outcome, ...m.place, alternatives: m.alternatives } };
}

const placeLabel = (p: { level: string; name: string; township_name: string }) => (p.level === 'village' ? `${p.township_name}${p.name}` : p.name);

/** `numbering`: the case gets the next case number of the year in its transaction (services/case-numbers.ts). */
export async function createCase(knex: Knex, actor: Actor, b: CreateCaseBody, onCreated: Auditor, days: number, numbering: Numbering): Promise<Created> {
  const { lng, lat, system, addressMatch } = await resolveLocation(knex, b, { exactOnly: true });
  // An address matched only to a village is saved so (services/case-location.ts): no grid, ranked by village.
  const where = await caseUnits(knex, lng, lat, addressMatch);
  if (!where) {
    throw new HttpError(404, 'outside_district', `该位置（${lng}, ${lat}）不在浉河区范围内${system === 'wgs84' ? '；高德、腾讯地图的坐标请选择 GCJ-02 坐标系' : ''}`, { lng, lat, coord_system: system });
  }
  const scope = caseScope(actor);
  if (scope !== null && where.tribunal?.id !== scope) {
    throw new HttpError(403, 'outside_scope', `该位置属于${where.tribunal?.name ?? '其他法庭'}的辖区，不在您的辖区内`, { tribunal_id: where.tribunal?.id ?? null });
  }
  const gridCode = where.grid?.code ?? null;
  const id = await knex.transaction(async (trx) => {
    const number = await nextCaseNumber(trx, numbering);
    const [row] = await trx('cases')
      .insert({
        ...number,
        title: b.title, dispute_type: b.dispute_type, description: b.description ?? null, status: 'pending', source: b.source ?? 'court_delegated',
        location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]),
        township_code: where.township.code, village_code: where.village.code, grid_code: gridCode, location_precision: where.precision,
        tribunal_id: where.tribunal?.id ?? null, address: b.address ?? null, coord_system_in: system,
        input_lng: b.lng ?? null, input_lat: b.lat ?? null, created_by: actor.id, updated_at: trx.fn.now(),
      })
      .returning('id');
    const caseId = (row as { id: number }).id;
    await trx('case_parties').insert(b.parties.map((p, i) => ({ case_id: caseId, position: i + 1, role: p.role, name: p.name, phone: p.phone ?? null, id_number: p.id_number ?? null })));
    await addEvent(trx, caseId, actor, 'created', { to: 'pending', details: { case_number: number.case_number, coord_system: system, address: b.address ?? null, grid_code: gridCode, location_precision: where.precision, case_source: b.source ?? 'court_delegated' } });
    await onCreated(trx, 'case.create', { type: 'case', id: caseId }, { case_number: number.case_number, dispute_type: b.dispute_type, source: b.source ?? 'court_delegated', grid_code: gridCode, location_precision: where.precision, coord_system: system, parties: b.parties.length });
    return caseId;
  });
  const [summary] = await summaryQuery(knex, days).where('c.id', id);
  const parties = await readParties(knex, id, 'full');
  return {
    ...toSummary(summary as Record<string, unknown>),
    lng, lat,
    address: b.address ?? null,
    coord_system_in: system,
    ...(addressMatch ? { address_match: addressMatch } : {}),
    parties,
  };
}

// --- read -----------------------------------------------------------------------------------------

export async function listCases(knex: Knex, actor: Actor, q: ListCasesQuery, days: number): Promise<{ total: number; items: CaseSummary[] }> {
  const { from, to } = toBounds(q);
  const base = whereReachable(summaryQuery(knex, days), actor).where((w) => {
    if (q.status) w.whereIn('c.status', q.status);
    if (q.type) w.where('c.dispute_type', q.type);
    if (q.township) w.where('c.township_code', q.township);
    if (q.village) w.where('c.village_code', q.village);
    if (q.grid) w.where('c.grid_code', q.grid);
    if (q.mediator !== undefined) w.where('c.mediator_id', q.mediator);
    if (q.source) w.where('c.source', q.source);
    if (q.precision) w.where('c.location_precision', q.precision);
    if (from) w.where('c.created_at', '>=', from);
    if (to) w.where('c.created_at', '<', to);
    if (q.overdue !== undefined) {
      const overdue = overdueNowSql('c', days);
      w.whereRaw(q.overdue ? overdue : `NOT ${overdue}`);
    }
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      // A reader without party access searches only what it is shown: not the description, and no digits
      // in the title (a phone typed there is masked on the way out; a hit would confirm it).
      const shown = hasPartyAccess(actor);
      w.where((x) => {
        if (shown) x.whereILike('c.title', like).orWhereILike('c.description', like);
        else if (!/\d/.test(q.q!)) x.whereILike('c.title', like);
        else x.whereRaw('FALSE');
        if (/^\d{1,9}$/.test(q.q!)) x.orWhere('c.id', Number(q.q));
        // The case number is no personal data: every reader finds a case by it, whole or a part (诉前调123).
        x.orWhereILike('c.case_number', like);
      });
    }
  });
  const [{ n }] = (await knex.from(base.clone().as('x')).count({ n: '*' })) as [{ n: number }];
  const rows = await base.clone().orderBy([{ column: 'c.created_at', order: 'desc' }, { column: 'c.id', order: 'desc' }])
    .limit(q.page_size).offset((q.page - 1) * q.page_size);
  return { total: Number(n), items: rows.map((r: Record<string, unknown>) => viewSummary(actor, toSummary(r))) };
}

async function readParties(db: Db, caseId: number, access: PartyAccess): Promise<PartyView[]> {
  const rows = await db('case_parties').where({ case_id: caseId }).orderBy('position').select('id', 'role', 'name', 'phone', 'id_number');
  return rows.map((p: PartyView) => maskParty({ ...p }, access));
}

/** A case the actor may see, or 404 (a case outside one's scope is not confirmed to exist). */
export async function findVisibleCase(db: Db, actor: Actor, id: number, days: number): Promise<Record<string, unknown>> {
  const [row] = await whereReachable(summaryQuery(db, days).where('c.id', id), actor);
  if (!row) throw new HttpError(404, 'case_not_found', `没有编号为 ${id} 的案件，或您无权查看`);
  return row as Record<string, unknown>;
}

export async function getCase(knex: Knex, actor: Actor, id: number, days: number, onPartyView: (access: PartyAccess) => Promise<void>): Promise<CaseDetail> {
  const row = await findVisibleCase(knex, actor, id, days);
  const extra = await knex('cases').where({ id }).first(
    'description', 'address', 'coord_system_in', 'deadline_at', 'extended_until', 'mediating_at', 'settled_at', 'failed_at',
    'filed_at', 'withdrawn_at', 'closed_at', 'created_at', 'assigned_at', 'status',
  );
  const access = partyAccess(actor, { tribunal_id: row.tribunal_id as number | null, mediator_id: row.mediator_id as number | null });
  const parties = await readParties(knex, id, access);
  if (parties.length) await onPartyView(access);
  const assignments = await knex('case_assignments as a').join('mediators as m', 'm.id', 'a.mediator_id').leftJoin('users as u', 'u.id', 'a.assigned_by')
    .where('a.case_id', id).orderBy('a.assigned_at').orderBy('a.id')
    .select('a.id', 'a.mediator_id', 'm.name as mediator_name', 'a.assigned_at', 'u.display_name as assigned_by', 'a.mode', 'a.reason', 'a.tier', 'a.distance_m', 'a.replaced_at');
  const extensions = await knex('case_extensions as e').leftJoin('users as u', 'u.id', 'e.extended_by').where('e.case_id', id).orderBy('e.at')
    .select('e.days', 'e.reason', 'e.previous_deadline', 'e.new_deadline', 'e.at', 'u.display_name as by');
  // Who wrote or did it by display name (issue 17), the stored login name only for a removed account.
  const notes = await knex('supervision_notes as s').leftJoin('users as u', 'u.id', 's.author_id').where('s.case_id', id).orderBy('s.at')
    .select('s.id', 's.at', knex.raw('coalesce(u.display_name, s.author_name) AS author_name'), 's.note');
  const guidance = await listGuidance(knex, id);
  const events = await knex('case_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').where('e.case_id', id).orderBy('e.at').orderBy('e.id')
    .select('e.at', 'e.kind', 'e.from_status', 'e.to_status', knex.raw('coalesce(u.display_name, e.actor_name) AS actor_name'), 'e.details');
  let timeline: TimelineEntry[] = events.map((e: Record<string, unknown>) => ({
    at: iso(e.at as Date)!, kind: e.kind as CaseEventKind, label: CASE_EVENT_KINDS[e.kind as CaseEventKind] ?? String(e.kind),
    from_status: (e.from_status as CaseStatus) ?? null, to_status: (e.to_status as CaseStatus) ?? null,
    actor: (e.actor_name as string) ?? null, details: (e.details as Record<string, unknown>) ?? null,
  }));
  if (!timeline.some((t) => t.kind === 'created')) timeline = [...legacyTimeline(extra), ...timeline];
  return viewCase(actor, {
    ...toSummary(row),
    description: extra.description ?? null,
    address: extra.address ?? null,
    coord_system_in: extra.coord_system_in ?? null,
    party_access: access,
    parties,
    deadline_at: iso(extra.deadline_at), extended_until: iso(extra.extended_until), mediating_at: iso(extra.mediating_at),
    settled_at: iso(extra.settled_at), failed_at: iso(extra.failed_at), filed_at: iso(extra.filed_at),
    withdrawn_at: iso(extra.withdrawn_at), closed_at: iso(extra.closed_at),
    assignments: assignments.map((a: Record<string, unknown>) => ({ ...(a as object), assigned_at: iso(a.assigned_at as Date)!, replaced_at: iso(a.replaced_at as Date) })) as CaseDetail['assignments'],
    extensions: extensions.map((e: Record<string, unknown>) => ({ ...(e as object), previous_deadline: iso(e.previous_deadline as Date), new_deadline: iso(e.new_deadline as Date)!, at: iso(e.at as Date)! })) as CaseDetail['extensions'],
    notes: notes.map((n: Record<string, unknown>) => ({ id: n.id as number, at: iso(n.at as Date)!, author: (n.author_name as string) ?? null, note: n.note as string })),
    guidance,
    timeline,
  });
}

/** Cases loaded from the demo data have timestamps but no events: their timeline is read from them. */
function legacyTimeline(c: Record<string, unknown>): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const push = (at: unknown, kind: CaseEventKind, from: CaseStatus | null, to: CaseStatus | null) => {
    if (at) out.push({ at: iso(at as Date)!, kind, label: CASE_EVENT_KINDS[kind], from_status: from, to_status: to, actor: null, details: { source: 'imported' } });
  };
  push(c.created_at, 'created', null, 'pending');
  push(c.assigned_at, 'assigned', 'pending', 'assigned');
  const status = c.status as CaseStatus;
  if (c.closed_at && !['pending', 'assigned', 'mediating'].includes(status)) push(c.closed_at, 'status', null, status);
  return out;
}

// --- change ---------------------------------------------------------------------------------------

/** The column stamped when a case enters a status (also the outcomes export's closing day). */
export const STATUS_COLUMN: Partial<Record<CaseStatus, string>> = {
  mediating: 'mediating_at', settled: 'settled_at', failed: 'failed_at', filed: 'filed_at', withdrawn: 'withdrawn_at',
};
/** The statuses that close a case (closed_at is set on the first of them). */
export const CLOSING: readonly CaseStatus[] = ['settled', 'failed', 'filed', 'withdrawn'];

export async function changeStatus(knex: Knex, actor: Actor, id: number, b: StatusBody, days: number, onChanged: Auditor) {
  const done = await knex.transaction((trx) => changeStatusInTrx(trx, actor, id, b, days, onChanged));
  await afterDispatchCommit(knex); // a closed case frees its mediator's place: the read model sees it now
  return done;
}

/**
 * A status change inside the caller's transaction. `extra`: more columns written in the same UPDATE
 * (a closing outcome) and more details for the event and the audit row.
 */
export async function changeStatusInTrx(
  trx: Knex.Transaction, actor: Actor, id: number, b: StatusBody, days: number, onChanged: Auditor,
  extra: { columns?: Record<string, unknown>; details?: Record<string, unknown> } = {},
) {
  const row = await findVisibleCase(trx, actor, id, days);
  const from = row.status as CaseStatus;
  if (row.version !== b.version) throw versionConflict(id);
  const allowed = STATUS_TRANSITIONS[from];
  if (!allowed.includes(b.status)) {
    const hint = b.status === 'assigned' ? '；分派请使用分派功能（POST /api/cases/:id/assign）' : '';
    throw new HttpError(409, 'invalid_transition', `案件状态不能从“${CASE_STATUSES[from]}”改为“${CASE_STATUSES[b.status]}”${hint}`, { from, to: b.status, allowed });
  }
  if (actor.role === 'mediator' && b.status === 'filed') throw new HttpError(403, 'forbidden', '转立案须由分流员办理');
  const col = STATUS_COLUMN[b.status]!;
  const cols = Object.entries(extra.columns ?? {});
  const updated = (await trx.raw(
    `UPDATE cases SET status = ?, ${col} = now(), closed_at = CASE WHEN ? THEN coalesce(closed_at, now()) ELSE closed_at END,
            ${cols.map(([c]) => `${c} = ?, `).join('')}version = version + 1, updated_at = now()
     WHERE id = ? AND version = ? AND status = ? RETURNING id, version, status`,
    [b.status, CLOSING.includes(b.status), ...cols.map(([, v]) => v as Knex.Value), id, b.version, from],
  )).rows[0] as { id: number; version: number; status: CaseStatus } | undefined;
  if (!updated) throw versionConflict(id);
  const details = { ...(b.note ? { note: b.note } : {}), ...extra.details };
  await addEvent(trx, id, actor, 'status', { from, to: b.status, details: Object.keys(details).length ? details : undefined });
  await onChanged(trx, 'case.status', { type: 'case', id }, { from, to: b.status, note: b.note ?? null, ...extra.details });
  return updated;
}

export async function extendDeadline(knex: Knex, actor: Actor, id: number, b: ExtendBody, days: number, onExtended: Auditor) {
  return knex.transaction((trx) => extendInTrx(trx, actor, id, b, days, onExtended));
}

/** An extension inside the caller's transaction (also an approved extension request, services/case-work/). */
export async function extendInTrx(trx: Knex.Transaction, actor: Actor, id: number, b: ExtendBody, days: number, onExtended: Auditor, extraDetails: Record<string, unknown> = {}) {
  const row = await findVisibleCase(trx, actor, id, days);
  if (row.version !== b.version) throw versionConflict(id);
  if (!['assigned', 'mediating'].includes(row.status as string) || !row.deadline) {
    throw new HttpError(409, 'invalid_transition', `只有已分派或调解中的案件可以延长调解期限（当前：${CASE_STATUSES[row.status as CaseStatus]}）`, { status: row.status });
  }
  const previous = new Date(row.deadline as Date);
  const next = new Date(previous.getTime() + b.days * 86_400_000);
  const updated = (await trx.raw(
    `UPDATE cases SET extended_until = ?, deadline_at = coalesce(deadline_at, ?), version = version + 1, updated_at = now()
     WHERE id = ? AND version = ? RETURNING id, version, extended_until`,
    [next, previous, id, b.version],
  )).rows[0] as { id: number; version: number; extended_until: Date } | undefined;
  if (!updated) throw versionConflict(id);
  await trx('case_extensions').insert({ case_id: id, days: b.days, reason: b.reason, previous_deadline: previous, new_deadline: next, extended_by: actor.id });
  await addEvent(trx, id, actor, 'extended', { details: { days: b.days, reason: b.reason, previous_deadline: previous.toISOString(), new_deadline: next.toISOString(), ...extraDetails } });
  await onExtended(trx, 'case.extend', { type: 'case', id }, { days: b.days, reason: b.reason, new_deadline: next.toISOString(), ...extraDetails });
  return { id: updated.id, version: updated.version, deadline: next.toISOString(), previous_deadline: previous.toISOString() };
}

export async function addNote(knex: Knex, actor: Actor, id: number, note: string, days: number, onNoted: Auditor) {
  return knex.transaction(async (trx) => {
    await findVisibleCase(trx, actor, id, days);
    const [row] = await trx('supervision_notes').insert({ case_id: id, author_id: actor.id, author_name: actor.username, note }).returning(['id', 'at']);
    await addEvent(trx, id, actor, 'note', { details: { note } });
    await notifySupervision(trx, id, (row as { id: number }).id);
    await onNoted(trx, 'case.note', { type: 'case', id }, { note_id: (row as { id: number }).id });
    return { id: (row as { id: number }).id, case_id: id, at: iso((row as { at: Date }).at)!, author: await displayName(trx, actor), note };
  });
}

/** The name people know a user by (users.display_name), else the login name. */
async function displayName(db: Db, actor: Actor): Promise<string> {
  const u = (await db('users').where({ id: actor.id }).first('display_name')) as { display_name: string } | undefined;
  return u?.display_name ?? actor.username;
}

// --- judge guidance -------------------------------------------------------------------------------

async function listGuidance(db: Db, caseId: number): Promise<GuidanceView[]> {
  const rows = await db('guidance_requests as g').leftJoin('users as u', 'u.id', 'g.requested_by').where('g.case_id', caseId).orderBy('g.requested_at')
    .select('g.id', 'g.case_id', 'g.mode', 'g.requested_at', 'u.display_name as requested_by', 'g.note', 'g.held_at', 'g.outcome');
  return rows.map(toGuidance);
}

function toGuidance(r: Record<string, unknown>): GuidanceView {
  return {
    id: r.id as number, case_id: r.case_id as number, mode: r.mode as GuidanceView['mode'], requested_at: iso(r.requested_at as Date)!,
    requested_by: (r.requested_by as string) ?? null, note: (r.note as string) ?? null, held_at: iso(r.held_at as Date), outcome: (r.outcome as string) ?? null,
  };
}

export async function requestGuidance(knex: Knex, actor: Actor, id: number, b: GuidanceBody, days: number, onRequested: Auditor): Promise<GuidanceView> {
  return knex.transaction(async (trx) => {
    await findVisibleCase(trx, actor, id, days);
    const [row] = await trx('guidance_requests')
      .insert({ case_id: id, mode: b.mode, requested_at: b.requested_at ?? trx.fn.now(), requested_by: actor.id, note: b.note })
      .returning(['id', 'case_id', 'mode', 'requested_at', 'note', 'held_at', 'outcome']);
    await addEvent(trx, id, actor, 'guidance_requested', { details: { guidance_id: (row as { id: number }).id, mode: b.mode } });
    await onRequested(trx, 'case.guidance', { type: 'case', id }, { guidance_id: (row as { id: number }).id, mode: b.mode });
    return toGuidance({ ...(row as Record<string, unknown>), requested_by: await displayName(trx, actor) });
  });
}

export async function updateGuidance(knex: Knex, actor: Actor, gid: number, b: GuidancePatch, onUpdated: Auditor): Promise<GuidanceView> {
  return knex.transaction(async (trx) => {
    const g = await reachChild(trx, actor, 'guidance', gid);
    const patch: Record<string, unknown> = { updated_at: trx.fn.now() };
    if (b.held_at !== undefined) patch.held_at = b.held_at;
    if (b.outcome !== undefined) patch.outcome = b.outcome;
    await trx('guidance_requests').where({ id: gid }).update(patch);
    await addEvent(trx, g.case_id, actor, 'guidance_updated', { details: { guidance_id: gid, held_at: b.held_at ?? null, outcome: b.outcome ?? null } });
    await onUpdated(trx, 'case.guidance', { type: 'case', id: g.case_id }, { guidance_id: gid, held_at: b.held_at ?? null, outcome_set: b.outcome !== undefined });
    if (b.outcome !== undefined) await notifyGuidanceAnswered(trx, gid);
    const [row] = await trx('guidance_requests as g').leftJoin('users as u', 'u.id', 'g.requested_by').where('g.id', gid)
      .select('g.id', 'g.case_id', 'g.mode', 'g.requested_at', 'u.display_name as requested_by', 'g.note', 'g.held_at', 'g.outcome');
    return toGuidance(row as Record<string, unknown>);
  });
}

// --- supervision ----------------------------------------------------------------------------------

/** Open (assigned/mediating) cases past their deadline, or due within `days` days, soonest first. */
export async function supervisionList(knex: Knex, actor: Actor, q: SupervisionQuery, days: number) {
  const dl = deadlineExpr(days);
  const base = whereSupervised(whereReachable(summaryQuery(knex, days), actor), 'c', days, q.kind, q.days);
  if (q.township) base.where('c.township_code', q.township);
  const [{ n }] = (await knex.from(base.clone().as('x')).count({ n: '*' })) as [{ n: number }];
  const rows = await base.clone()
    .select(knex.raw('(SELECT count(*)::int FROM supervision_notes s WHERE s.case_id = c.id) AS note_count'))
    .orderByRaw(`${dl}, c.id`).limit(q.page_size).offset((q.page - 1) * q.page_size);
  const now = Date.now();
  return {
    total: Number(n),
    kind: q.kind,
    items: rows.map((r: Record<string, unknown>) => {
      const s = toSummary(r);
      const daysLeft = s.deadline ? Math.floor((new Date(s.deadline).getTime() - now) / 86_400_000) : null;
      return viewSummary(actor, { ...s, days_left: daysLeft, note_count: r.note_count as number }, { days_left: 'keep', note_count: 'keep' });
    }),
  };
}
