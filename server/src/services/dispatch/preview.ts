// The ranking for a point as the preview and a case's candidates answer it: from the in-memory model
// (model.ts) when this process runs one, without a query; else from the candidates SQL. Either way the
// one rule (rule.ts rank). An address matched only to a village is ranked by village (previewVillage).
// An assignment never trusts this: it ranks again inside its transaction.
import type { Knex } from '../../db/types.ts';
import { PREVIEW_FIRST, type PreviewAnswer } from '../../contract/cases.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import type { BatchReport } from '../../contract/cases.ts';
import { previewAnswer, rankForPoint } from '../assignment.ts';
import { runBatch, type BatchOptions } from './batch.ts';
import type { Actor } from '../masking.ts';
import { villageFactsFromSql } from './facts.ts';
import { dispatchModel, type DispatchModel, type OpenChange } from './model.ts';
import { rank } from './rule.ts';

/** `limit`: how many candidates are listed (the answer's `more` says how many the rule ranks beyond them). */
export async function previewPoint(knex: Knex, lng: number, lat: number, type: DisputeType, limit?: number): Promise<PreviewAnswer> {
  const model = dispatchModel(knex).current;
  if (!model) return rankForPoint(knex, lng, lat, type, undefined, limit);
  return previewFromModel(model, lng, lat, type, limit);
}

/** The preview of a point from a model (synchronous); the distances estimated first, rank works out those it shows. */
export function previewFromModel(model: DispatchModel, lng: number, lat: number, type: DisputeType, limit?: number): PreviewAnswer {
  return previewAnswer(rank(model.facts(lng, lat, type, undefined, { estimate: true }), type, undefined, { limit }), lng, lat, type);
}

/**
 * The ranking for a dispute known only to its village (an address matched to a village): by village
 * (rule.ts: the village's mediators, then the township's and the district's specialists; no grid, no
 * distance, no boundary). `lng`/`lat`, the village's representative point, only mark the place on the
 * map. Not cached: the model's open counts change in place (applyOpen), and a village's pool is small.
 */
export async function previewVillage(knex: Knex, villageCode: string, lng: number, lat: number, type: DisputeType, limit?: number): Promise<PreviewAnswer> {
  const model = dispatchModel(knex).current;
  const facts = model?.villageFacts(villageCode, type);
  // a village the model does not know yet (registered this instant): the database answers
  if (facts?.located) return previewAnswer(rank(facts, type, undefined, { limit }), lng, lat, type);
  return previewAnswer(rank(await villageFactsFromSql(knex, villageCode, type), type, undefined, { limit }), lng, lat, type);
}

/** The ranking for a registered case (all its candidates): by village when it is located only to its village, else at its point. */
export function previewCase(knex: Knex, c: { lng: number; lat: number; dispute_type: DisputeType; location_precision: string; village_code: string | null }): Promise<PreviewAnswer> {
  return c.location_precision === 'village' && c.village_code !== null
    ? previewVillage(knex, c.village_code, c.lng, c.lat, c.dispute_type)
    : previewPoint(knex, c.lng, c.lat, c.dispute_type);
}

/**
 * The preview of a resolved place: by village when an address matched only a village, else at the point;
 * the first PREVIEW_FIRST candidates, or `all` (at most the rule's max_candidates).
 */
export function previewPlace(knex: Knex, where: { lng: number; lat: number; addressMatch?: { level: string; code: string } }, type: DisputeType, opts: { all?: boolean } = {}): Promise<PreviewAnswer> {
  const m = where.addressMatch;
  const limit = opts.all ? undefined : PREVIEW_FIRST;
  return m?.level === 'village' ? previewVillage(knex, m.code, where.lng, where.lat, type, limit) : previewPoint(knex, where.lng, where.lat, type, limit);
}

/**
 * After a dispatch write has committed: the next preview of this process sees it (a no-op without a
 * model). Given the change (`change`), it is applied to the model at once, without a query; without
 * it, the model is refreshed from its change counters (the open counts reloaded whole).
 */
export async function afterDispatchCommit(knex: Knex, change?: OpenChange): Promise<void> {
  const h = dispatchModel(knex);
  if (!h.current) return;
  if (change) h.applyOpen(change.xid, change.delta);
  else await h.refresh();
}

/** The backlog batch (dispatch/batch.ts), its change applied to the read model after the commit. */
export async function backlogBatch(knex: Knex, actor: Actor, opts: BatchOptions, onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>): Promise<BatchReport> {
  const { report, change } = await runBatch(knex, actor, opts, onDone);
  await afterDispatchCommit(knex, change);
  return report;
}
