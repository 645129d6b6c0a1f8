// Saved scenarios (coverage_scenarios): named parameters + changes, listed, compared. Writes are one
// transaction each, with their audit row.
import type { Knex } from '../../db/types.ts';
import type { CompareAnswer, ScenarioRow, scenarioBody } from '../../contract/coverage.ts';
import type { z } from 'zod';
import { HttpError } from '../../errors.ts';
import { audit, type AuditSource } from '../audit.ts';
import { totalsOf } from './baseline.ts';
import { modelFor } from './model.ts';
import { scenarioOver } from './planning.ts';

type Body = z.infer<typeof scenarioBody>;

interface DbRow { id: number; name: string; owner_id: number | null; owner: string | null; created_at: Date; updated_at: Date; params: unknown; changes: unknown }

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
const toRow = (r: DbRow): ScenarioRow => ({
  id: r.id, name: r.name, owner_id: r.owner_id, owner: r.owner,
  created_at: new Date(r.created_at).toISOString(), updated_at: new Date(r.updated_at).toISOString(),
  params: json(r.params), changes: json(r.changes),
});

const select = (db: Knex | Knex.Transaction) =>
  db('coverage_scenarios as s').leftJoin('users as u', 'u.id', 's.owner_id')
    .select('s.id', 's.name', 's.owner_id', 'u.display_name as owner', 's.created_at', 's.updated_at', 's.params', 's.changes');

export async function listScenarios(knex: Knex): Promise<ScenarioRow[]> {
  return ((await select(knex).orderBy('s.updated_at', 'desc').orderBy('s.id', 'desc')) as DbRow[]).map(toRow);
}

export async function getScenario(db: Knex | Knex.Transaction, id: number): Promise<ScenarioRow> {
  const r = (await select(db).where('s.id', id).first()) as DbRow | undefined;
  if (!r) throw new HttpError(404, 'scenario_not_found', `没有编号为 ${id} 的方案`, { id });
  return toRow(r);
}

export async function createScenario(req: AuditSource, body: Body): Promise<ScenarioRow> {
  return req.db.transaction(async (trx) => {
    const [{ id }] = await trx('coverage_scenarios')
      .insert({ name: body.name, owner_id: req.actor?.id ?? null, params: JSON.stringify(body.params), changes: JSON.stringify(body.changes) })
      .returning('id');
    await audit(req, 'coverage.scenario_create', { type: 'coverage_scenario', id }, { name: body.name, changes: body.changes.length }, { trx });
    return getScenario(trx, id);
  });
}

export async function updateScenario(req: AuditSource, id: number, body: Body): Promise<ScenarioRow> {
  return req.db.transaction(async (trx) => {
    const n = await trx('coverage_scenarios').where({ id })
      .update({ name: body.name, params: JSON.stringify(body.params), changes: JSON.stringify(body.changes), updated_at: trx.fn.now() });
    if (!n) throw new HttpError(404, 'scenario_not_found', `没有编号为 ${id} 的方案`, { id });
    await audit(req, 'coverage.scenario_update', { type: 'coverage_scenario', id }, { name: body.name, changes: body.changes.length }, { trx });
    return getScenario(trx, id);
  });
}

export async function deleteScenario(req: AuditSource, id: number): Promise<void> {
  await req.db.transaction(async (trx) => {
    const row = await trx('coverage_scenarios').where({ id }).first('name');
    if (!row) throw new HttpError(404, 'scenario_not_found', `没有编号为 ${id} 的方案`, { id });
    await trx('coverage_scenarios').where({ id }).delete();
    await audit(req, 'coverage.scenario_delete', { type: 'coverage_scenario', id }, { name: row.name }, { trx });
  });
}

/** Each scenario's totals against its own baseline (same parameters, no changes), plus the default baseline. */
export async function compareScenarios(knex: Knex, ids: number[]): Promise<CompareAnswer> {
  const rows = [];
  for (const id of ids) rows.push(await getScenario(knex, id));
  const defaults = await modelFor(knex, { level: 'village' });
  const out: CompareAnswer = { baseline: totalsOf(defaults.units), scenarios: [] };
  for (const s of rows) {
    const model = await modelFor(knex, s.params);
    const r = await scenarioOver(knex, model, s.changes);
    out.scenarios.push({
      id: s.id, name: s.name, settings: model.settings, changes: s.changes.length,
      baseline: totalsOf(model.units), totals: totalsOf(r.units),
    });
  }
  return out;
}
