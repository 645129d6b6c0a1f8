// Dispatch (案件分流), thin HTTP: validate with contract/cases.ts, check the role's rule, call a
// service, audit every write and every unmasked view of party data.
//   dispatcher (and admin): register, rank, assign, batch, status, extend, notes, guidance
//   mediator: their own cases (GET /api/my/cases, the case file, status, extension, guidance)
//   leader: lists and supervision, never party data; planner: lists and previews, never party data
//   the assignment rule (reach, version, reassignment, ranking, audit): services/dispatch/
//   which cases a user reaches (a tribunal's catchment, a mediator's own): services/case-scope.ts, in the
//   services; what a role sees of them: services/case-view.ts
import { Router, type Request } from 'express';
import type { AppContext } from '../app.ts';
import {
  assignBody, batchBody, caseIdParam, createCaseBody, extendBody, guidanceBody, guidanceIdParam, guidancePatch,
  listCasesQuery, locationBody, noteBody, previewBody, statusBody, supervisionQuery,
} from '../contract/cases.ts';
import { setCaseLocation } from '../services/case-location.ts';
import { ruleAnswer } from '../services/assignment-rule.ts';
import { audit } from '../services/audit.ts';
import {
  addNote, changeStatus, createCase, extendDeadline, getCase, listCases, requestGuidance, resolveLocation,
  supervisionList, updateGuidance, type Auditor,
} from '../services/cases.ts';
import { caseScope } from '../services/case-scope.ts';
import { supervisionExportQuery } from '../contract/exports.ts';
import { readDatasetInfo } from '../services/dataset.ts';
import { supervisionExport } from '../services/exports/figure-lists.ts';
import { attachment } from '../services/exports/list-workbook.ts';
import { assignCase } from '../services/dispatch/assign.ts';
import { caseCandidates } from '../services/dispatch/candidates.ts';
import { backlogBatch, previewPlace } from '../services/dispatch/preview.ts';
import type { Actor } from '../services/masking.ts';
import { allow, LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

const DISPATCH = allow('dispatcher');
const DISPATCH_OR_MEDIATOR = allow('dispatcher', 'mediator');

/** audit() for a service's transaction (the actions are in contract/auth.ts AUDIT_ACTIONS). */
const auditor = (req: Request): Auditor => (trx, action, target, details) => audit(req, action, target, details, { trx });

/**
 * POST /api/assign/preview, in a router of its own that app.ts mounts before the others (the dispatcher's
 * most frequent request: it need not be matched against every other route first).
 */
export function previewRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  route(r, 'post', '/api/assign/preview', allow('dispatcher', 'planner'), async (req, res) => {
    const b = parse(previewBody, req.body ?? {});
    const where = await resolveLocation(knex, b);
    const answer = await previewPlace(knex, where, b.dispute_type, { all: b.all });
    const body = where.addressMatch ? { ...answer, address_match: where.addressMatch } : answer;
    // written as it is: no ETag (a POST's answer is never revalidated), compression still applies
    res.status(200).type('application/json; charset=utf-8').end(JSON.stringify(body));
  });
  return r;
}

export function caseRoutes(ctx: AppContext): Router {
  const r = Router();
  const days = ctx.config.PRE_LITIGATION_DAYS;
  const knex = ctx.db.knex;
  const actorOf = (req: Request): Actor => req.actor!;
  const numbering = { court: ctx.config.CASE_NUMBER_COURT, type: ctx.config.CASE_NUMBER_TYPE, now: ctx.now };

  route(r, 'post', '/api/cases', DISPATCH, async (req, res) => {
    const b = parse(createCaseBody, req.body ?? {});
    res.status(201).json(await createCase(knex, actorOf(req), b, auditor(req), days, numbering));
  });

  route(r, 'get', '/api/cases', LOGGED_IN, async (req, res) => {
    res.json(await listCases(knex, actorOf(req), parse(listCasesQuery, req.query), days));
  });

  route(r, 'get', '/api/my/cases', allow('mediator'), async (req, res) => {
    const actor = actorOf(req);
    const q = parse(listCasesQuery, req.query);
    if (actor.mediator_id === null) {
      res.json({ total: 0, items: [] });
      return;
    }
    // Own queue: the actor's cases whatever the role (admin linked to a mediator sees that one's queue).
    res.json(await listCases(knex, { ...actor, role: 'mediator' }, q, days));
  });

  route(r, 'get', '/api/cases/:id', LOGGED_IN, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const detail = await getCase(knex, actorOf(req), id, days, async (access) => {
      if (access === 'full') await audit(req, 'case.view_party', { type: 'case', id }, { access });
    });
    res.json(detail);
  });

  route(r, 'get', '/api/cases/:id/candidates', DISPATCH, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    res.json(await caseCandidates(knex, actorOf(req), id, days));
  });

  // The rule is no secret: every logged-in role may read it (the dispatch view's rule panel).
  const rule = ruleAnswer(days);
  route(r, 'get', '/api/assign/rule', LOGGED_IN, (_req, res) => {
    res.json(rule);
  });

  route(r, 'post', '/api/cases/:id/assign', DISPATCH, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(assignBody, req.body ?? {});
    res.json(await assignCase(knex, actorOf(req), id, b, { deadlineDays: days, auditor: auditor(req), numbering }));
  });

  // The dispatcher sets the exact point (a village-only case becomes point-located): services/case-location.ts.
  route(r, 'post', '/api/cases/:id/location', DISPATCH, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(locationBody, req.body ?? {});
    res.json(await setCaseLocation(knex, actorOf(req), id, b, { days, auditor: auditor(req) }));
  });

  route(r, 'post', '/api/assign/batch', DISPATCH, async (req, res) => {
    const b = parse(batchBody, req.body ?? {});
    const actor = actorOf(req);
    res.json(await backlogBatch(knex, actor, { limit: b.limit, caseIds: b.case_ids, deadlineDays: days, numbering }, (trx, rep) =>
      audit(req, 'case.batch_assign', { type: 'batch', id: new Date().toISOString() }, { counts: rep.counts, assigned: rep.assigned }, { trx }),
    ));
  });

  route(r, 'post', '/api/cases/:id/status', DISPATCH_OR_MEDIATOR, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(statusBody, req.body ?? {});
    res.json(await changeStatus(knex, actorOf(req), id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/extend', DISPATCH, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(extendBody, req.body ?? {});
    res.json(await extendDeadline(knex, actorOf(req), id, b, days, auditor(req)));
  });

  route(r, 'get', '/api/supervision', allow('dispatcher', 'leader'), async (req, res) => {
    res.json(await supervisionList(knex, actorOf(req), parse(supervisionQuery, req.query), days));
  });

  route(r, 'get', '/api/supervision/export', allow('dispatcher', 'leader'), async (req, res) => {
    const q = parse(supervisionExportQuery, req.query);
    const x = await supervisionExport(knex, actorOf(req), q, days, (await readDatasetInfo(knex)).demo);
    await audit(req, 'assessment.export', { type: 'supervision', id: q.kind }, { kind: q.kind, days: q.days, township: q.township ?? null, rows: x.total });
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').set('Content-Disposition', attachment(x.name, x.fallback)).send(x.file);
  });

  route(r, 'post', '/api/cases/:id/notes', allow('dispatcher', 'leader'), async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(noteBody, req.body ?? {});
    res.status(201).json(await addNote(knex, actorOf(req), id, b.note, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/guidance', DISPATCH_OR_MEDIATOR, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(guidanceBody, req.body ?? {});
    res.status(201).json(await requestGuidance(knex, actorOf(req), id, b, days, auditor(req)));
  });

  route(r, 'patch', '/api/guidance/:id', DISPATCH, async (req, res) => {
    const { id } = parse(guidanceIdParam, req.params);
    const b = parse(guidancePatch, req.body ?? {});
    res.json(await updateGuidance(knex, actorOf(req), id, b, auditor(req)));
  });

  return r;
}
