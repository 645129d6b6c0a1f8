// A registered case's ranked candidates (GET /api/cases/:id/candidates): the ranking of its point (by village for a
// village-only case) and type (from the read model when it runs), with the version the dispatcher must send back when assigning.
import type { Knex } from '../../db/types.ts';
import type { PreviewAnswer } from '../../contract/cases.ts';
import { readCaseForUpdate } from '../assignment.ts';
import { findVisibleCase } from '../cases.ts';
import type { Actor } from '../masking.ts';
import { previewCase } from './preview.ts';

/** 404 when the case is outside the actor's reach (services/case-scope.ts). */
export async function caseCandidates(knex: Knex, actor: Actor, id: number, days: number): Promise<{ case_id: number; version: number } & PreviewAnswer> {
  const c = await findVisibleCase(knex, actor, id, days);
  const full = (await readCaseForUpdate(knex, id))!;
  return { case_id: id, version: c.version as number, ...(await previewCase(knex, full)) };
}
