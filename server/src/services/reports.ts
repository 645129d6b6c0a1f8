// Grid reports (网格上报): a dispute a grid worker (a mediator account linked to the registry, usually of
// kind 网格员) found in their grid, reported from the phone. It is stored as a case with source
// `grid_report`: either resolved on the spot (就地化解: status settled, mediator = the reporter,
// resolved_on_spot, counted by the statistics as such) or pending in the dispatcher's queue.
// Photos are not stored here: the client attaches them to the created case (case attachments).
import type { Knex } from '../db/types.ts';
import { storeAttachment, type CheckedFile } from './case-work/attachments.ts';
import type { AuditAction } from '../contract/auth.ts';
import type { ReportAnswer, ReportBody } from '../contract/reports.ts';
import { DISPUTE_TYPES } from '../contract/vocab.ts';
import { HttpError } from '../errors.ts';
import { toWgs84 } from '../geo/coords.ts';
import { addEvent } from './cases.ts';
import { locatePoint } from './locate.ts';
import type { Actor } from './masking.ts';

export type ReportAuditor = (trx: Knex.Transaction, action: AuditAction, target: { type: string; id: number }, details: Record<string, unknown>) => Promise<void>;

/**
 * A report, with its photos (already checked: case-work/attachments.ts checkFile) stored in the same
 * transaction as evidence of the new case, so a report and its photos arrive together or not at all (one
 * request, one Idempotency-Key: the offline queue sends them as one item).
 */
export async function createReport(knex: Knex, actor: Actor, b: ReportBody, onCreated: ReportAuditor, photos: readonly CheckedFile[] = []): Promise<ReportAnswer> {
  if (actor.mediator_id === null) {
    throw new HttpError(409, 'account_not_linked', '您的账号尚未关联调解员名册，不能上报：请联系系统管理员在“用户管理”中把账号关联到您的名册信息', null);
  }
  const reporter = await knex('mediators').where({ id: actor.mediator_id }).first('id', 'name', 'status');
  if (!reporter || reporter.status === 'withdrawn') {
    throw new HttpError(409, 'reporter_withdrawn', '您在调解员名册中的状态为“退出”，不能上报：如仍在岗，请联系系统管理员更新名册', null);
  }
  const system = b.coord_system ?? 'wgs84';
  const [lng, lat] = toWgs84(b.lng, b.lat, system);
  const where = await locatePoint(knex, lng, lat);
  if (where.outcome === 'outside_district') {
    throw new HttpError(404, 'outside_district', `该位置（${lng}, ${lat}）不在浉河区范围内：请重新定位，或在地图上点选纠纷发生的地点`, { lng, lat, coord_system: system });
  }
  const onSpot = b.outcome === 'resolved_on_spot';
  const title = b.title ?? `${DISPUTE_TYPES[b.dispute_type]}（网格上报 · ${where.grid.name}）`;
  const id = await knex.transaction(async (trx) => {
    const now = trx.fn.now();
    const [row] = await trx('cases')
      .insert({
        title, dispute_type: b.dispute_type, description: b.description, source: 'grid_report',
        status: onSpot ? 'settled' : 'pending', resolved_on_spot: onSpot,
        ...(onSpot ? { mediator_id: actor.mediator_id, assigned_at: now, settled_at: now, closed_at: now } : {}),
        location: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]),
        township_code: where.township.code, village_code: where.village.code, grid_code: where.grid.code,
        tribunal_id: where.tribunal?.id ?? null, coord_system_in: system, input_lng: b.lng, input_lat: b.lat,
        created_by: actor.id, updated_at: now,
      })
      .returning('id');
    const caseId = (row as { id: number }).id;
    await trx('case_parties').insert(b.parties.map((p, i) => ({ case_id: caseId, position: i + 1, role: p.role, name: p.name, phone: p.phone ?? null, id_number: p.id_number ?? null })));
    await addEvent(trx, caseId, actor, 'created', {
      to: onSpot ? 'settled' : 'pending',
      details: {
        case_source: 'grid_report', on_spot: onSpot, coord_system: system, located_by: b.located_by, accuracy_m: b.accuracy_m ?? null,
        grid_code: where.grid.code, ...(onSpot ? { mediator_id: actor.mediator_id, mediator_name: reporter.name, resolution: b.resolution ?? null } : {}),
      },
    });
    await onCreated(trx, 'case.report', { type: 'case', id: caseId }, {
      dispute_type: b.dispute_type, outcome: b.outcome, grid_code: where.grid.code, coord_system: system, located_by: b.located_by, parties: b.parties.length, photos: photos.length,
    });
    for (const p of photos) await storeAttachment(trx, actor, caseId, 'evidence', p, onCreated);
    return caseId;
  });
  return {
    id, status: onSpot ? 'settled' : 'pending', source: 'grid_report', resolved_on_spot: onSpot, lng, lat, coord_system_in: system,
    township_name: where.township.name, village_name: where.village.name, grid_name: where.grid.name,
  };
}
