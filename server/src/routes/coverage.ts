// Planning (issue 6): coverage of villages and grids, what-if scenarios, best new sites.
// Leaders read (coverage, saved scenarios, comparisons, what-if answers); planners and admins also
// search best sites and save, change and delete scenarios. Nothing here writes real data: scenarios are their own table.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import {
  COVERAGE_DEFINITION, bestSitesBody, compareQuery, coverageParams, scenarioBody, scenarioIdParam as idParam, whatIfBody, type CoverageUnitsAnswer,
} from '../contract/coverage.ts';
import { readDatasetInfo } from '../services/dataset.ts';
import { runSql } from '../db/sql.ts';
import { coverageSummary, modelFor, townshipNames } from '../services/coverage/index.ts';
import { coverageWorkbook } from '../services/coverage/excel.ts';
import { findBestSites, whatIf } from '../services/coverage/planning.ts';
import { compareScenarios, createScenario, deleteScenario, getScenario, listScenarios, updateScenario } from '../services/coverage/scenarios.ts';
import { allow, route } from './access.ts';
import { parse } from './validate.ts';

const READ = allow('leader', 'planner');
const EDIT = allow('planner');

export function coverageRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  route(r, 'get', '/api/coverage/units', READ, async (req, res) => {
    const q = parse(coverageParams, req.query);
    const b = await modelFor(knex, q);
    const answer: CoverageUnitsAnswer = { settings: b.settings, definition: COVERAGE_DEFINITION, units: b.units };
    res.json(answer);
  });

  route(r, 'get', '/api/coverage/units.xlsx', READ, async (req, res) => {
    const q = parse(coverageParams, req.query);
    const b = await modelFor(knex, q);
    const buf = await coverageWorkbook(b.units, b.settings, await townshipNames(knex), (await readDatasetInfo(knex)).demo);
    const name = `覆盖情况-${b.settings.level === 'village' ? '村' : '网格'}-${b.settings.period.to}.xlsx`;
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .set('content-disposition', `attachment; filename="coverage.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(buf);
  });

  route(r, 'get', '/api/coverage/summary', READ, async (req, res) => {
    const q = parse(coverageParams, req.query);
    res.json(await coverageSummary(knex, q));
  });

  route(r, 'get', '/api/coverage/mediators', READ, async (_req, res) => {
    const [row] = await runSql<{ doc: unknown }>(knex, 'coverage-mediator-list');
    res.json({ items: row!.doc });
  });

  // A what-if is a computation, not a write: leaders may look at a saved scenario's effect too.
  route(r, 'post', '/api/coverage/what-if', READ, async (req, res) => {
    res.json(await whatIf(knex, parse(whatIfBody, req.body)));
  });

  route(r, 'post', '/api/coverage/best-sites', EDIT, async (req, res) => {
    res.json(await findBestSites(knex, parse(bestSitesBody, req.body)));
  });

  route(r, 'get', '/api/coverage/scenarios', READ, async (_req, res) => {
    res.json({ items: await listScenarios(knex) });
  });

  route(r, 'get', '/api/coverage/scenarios/compare', READ, async (req, res) => {
    const q = parse(compareQuery, req.query);
    res.json(await compareScenarios(knex, q.ids));
  });

  route(r, 'get', '/api/coverage/scenarios/:id', READ, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const s = await getScenario(knex, id);
    res.json(s);
  });

  route(r, 'post', '/api/coverage/scenarios', EDIT, async (req, res) => {
    res.status(201).json(await createScenario(req, parse(scenarioBody, req.body)));
  });

  route(r, 'put', '/api/coverage/scenarios/:id', EDIT, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await updateScenario(req, id, parse(scenarioBody, req.body)));
  });

  route(r, 'delete', '/api/coverage/scenarios/:id', EDIT, async (req, res) => {
    const { id } = parse(idParam, req.params);
    await deleteScenario(req, id);
    res.status(204).end();
  });

  return r;
}
