// The ranking for a point as the preview and a case's candidates answer it: from the in-memory model
// (model.ts) when this process runs one, without a query; else from the candidates SQL. Either way the
// one rule (rule.ts rank). An assignment never trusts this: it ranks again inside its transaction.
import type { Numbering } from '../case-numbers.ts';
import type { Knex } from 'knex';
import type { PreviewAnswer } from '../../contract/cases.ts';
import type { DisputeType } from '../../contract/vocab.ts';
import type { BatchReport } from '../../contract/cases.ts';
import { batchAssign, previewAnswer, rankForPoint } from '../assignment.ts';
import type { Actor } from '../masking.ts';
import { dispatchModel } from './model.ts';
import { rank } from './rule.ts';

export async function previewPoint(knex: Knex, lng: number, lat: number, type: DisputeType): Promise<PreviewAnswer> {
  const model = dispatchModel(knex).current;
  if (!model) return rankForPoint(knex, lng, lat, type);
  return previewAnswer(rank(model.facts(lng, lat, type), type), lng, lat, type);
}

/** After a dispatch write has committed: the next preview of this process sees it (a no-op without a model). */
export async function afterDispatchCommit(knex: Knex): Promise<void> {
  const h = dispatchModel(knex);
  if (h.current) await h.refresh();
}

/** The backlog batch (services/assignment.ts batchAssign), then the read model brought up to date. */
export async function backlogBatch(knex: Knex, actor: Actor, opts: { limit?: number; caseIds?: number[]; deadlineDays: number; numbering?: Numbering }, onDone: (trx: Knex.Transaction, report: BatchReport) => Promise<void>): Promise<BatchReport> {
  const report = await batchAssign(knex, actor, opts, onDone);
  await afterDispatchCommit(knex);
  return report;
}
