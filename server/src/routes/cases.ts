// Dispatch (案件分流), thin HTTP: validate with contract/cases.ts, check the role's rule, call a
// service, audit every write and every unmasked view of party data.
//   dispatcher (and admin): register, rank, assign, batch, status, extend, notes, guidance
//   mediator: their own cases (GET /api/my/cases, the case file, status, extension, guidance)
//   leader: lists and supervision, never party data; planner: lists and previews, never party data
//   which cases a user reaches (a tribunal's catchment, a mediator's own): services/case-scope.ts, in the
//   services; what a role sees of them: services/case-view.ts
import { Router, type Request } from 'express';
import type { AppContext } from '../app.ts';
import {
  assignBody, batchBody, caseIdParam, createCaseBody, extendBody, guidanceBody, guidanceIdParam, guidancePatch,
  listCasesQuery, noteBody, previewBody, statusBody, supervisionQuery,
} from '../contract/cases.ts';
import { HttpError } from '../errors.ts';
import { ruleAnswer } from '../services/assignment-rule.ts';
import { audit } from '../services/audit.ts';
import {
  assignInTrx, batchAssign, rankForPoint, readCaseForUpdate, versionConflict,
} from '../services/assignment.ts';
import {
  addNote, changeStatus, createCase, extendDeadline, findVisibleCase, getCase, listCases, requestGuidance, resolveLocation,
  supervisionList, updateGuidance, type Auditor,
} from '../services/cases.ts';
import { caseScope } from '../services/case-scope.ts';
import type { Actor } from '../services/masking.ts';
import { allow, LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

const DISPATCH = allow('dispatcher');
const DISPATCH_OR_MEDIATOR = allow('dispatcher', 'mediator');

/** audit() for a service's transaction (the actions are in contract/auth.ts AUDIT_ACTIONS). */
const auditor = (req: Request): Auditor => (trx, action, target, details) => audit(req, action, target, details, { trx });

export function caseRoutes(ctx: AppContext): Router {
  const r = Router();
  const days = ctx.config.PRE_LITIGATION_DAYS;
  const knex = ctx.db.knex;
  const actorOf = (req: Request): Actor => req.actor!;

  route(r, 'post', '/api/cases', DISPATCH, async (req, res) => {
    const b = parse(createCaseBody, req.body ?? {});
    res.status(201).json(await createCase(knex, actorOf(req), b, auditor(req), days));
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
    const c = await findVisibleCase(knex, actorOf(req), id, days);
    const full = await readCaseForUpdate(knex, id);
    res.json({ case_id: id, version: c.version, ...(await rankForPoint(knex, full!.lng, full!.lat, full!.dispute_type)) });
  });

  route(r, 'post', '/api/assign/preview', allow('dispatcher', 'planner'), async (req, res) => {
    const b = parse(previewBody, req.body ?? {});
    const { lng, lat, addressMatch } = await resolveLocation(knex, b);
    const answer = await rankForPoint(knex, lng, lat, b.dispute_type);
    res.json(addressMatch ? { ...answer, address_match: addressMatch } : answer);
  });

  // The rule is no secret: every logged-in role may read it (the dispatch view's rule panel).
  const rule = ruleAnswer(days);
  route(r, 'get', '/api/assign/rule', LOGGED_IN, (_req, res) => {
    res.json(rule);
  });

  route(r, 'post', '/api/cases/:id/assign', DISPATCH, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(assignBody, req.body ?? {});
    const actor = actorOf(req);
    const done = await knex.transaction(async (trx) => {
      await findVisibleCase(trx, actor, id, days);
      const c = (await readCaseForUpdate(trx, id))!;
      if (c.version !== b.version) throw versionConflict(id);
      if (!['pending', 'assigned', 'mediating'].includes(c.status)) {
        throw new HttpError(409, 'invalid_transition', `案件已结束（${c.status}），不能再分派`, { status: c.status });
      }
      const reassign = c.mediator_id !== null;
      if (reassign && !b.reason) throw new HttpError(422, 'reason_required', '改派须说明理由（reason）', { current_mediator_id: c.mediator_id });
      if (reassign && b.mediator_id === c.mediator_id) throw new HttpError(422, 'same_mediator', '案件已分派给该调解员', { mediator_id: c.mediator_id });
      const ranked = await rankForPoint(trx, c.lng, c.lat, c.dispute_type);
      const list = ranked.candidates.filter((x) => x.mediator_id !== c.mediator_id);
      let pick = b.mediator_id === undefined ? list[0] : list.find((x) => x.mediator_id === b.mediator_id);
      if (b.mediator_id === undefined && !pick) {
        throw new HttpError(422, 'no_eligible_mediator', ranked.outcome === 'outside_district' ? ranked.advice : (ranked.advice ?? '没有可分派的调解员'), { excluded: ranked.excluded });
      }
      const result = await assignInTrx(trx, {
        caseRow: c, version: b.version, mediatorId: pick?.mediator_id ?? b.mediator_id!, mode: b.mediator_id === undefined ? 'top' : 'manual',
        reason: b.reason ?? null, tier: pick?.tier ?? null, distance_m: pick?.distance_m ?? null, actor, deadlineDays: days,
      });
      await audit(req, result.reassigned ? 'case.reassign' : 'case.assign', { type: 'case', id }, {
        mediator_id: result.mediator_id, previous_mediator_id: c.mediator_id, tier: pick?.tier ?? null, in_candidates: Boolean(pick), reason: b.reason ?? null,
      }, { trx });
      return { ...result, tier: pick?.tier ?? null, distance_m: pick?.distance_m ?? null, in_candidates: Boolean(pick) };
    });
    res.json({ outcome: 'assigned', ...done });
  });

  route(r, 'post', '/api/assign/batch', DISPATCH, async (req, res) => {
    const b = parse(batchBody, req.body ?? {});
    const actor = actorOf(req);
    const report = await batchAssign(knex, actor, { limit: b.limit, scope: caseScope(actor), deadlineDays: days }, (trx, rep) =>
      audit(req, 'case.batch_assign', { type: 'batch', id: new Date().toISOString() }, { counts: rep.counts, assigned: rep.assigned }, { trx }),
    );
    res.json(report);
  });

  route(r, 'post', '/api/cases/:id/status', DISPATCH_OR_MEDIATOR, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(statusBody, req.body ?? {});
    res.json(await changeStatus(knex, actorOf(req), id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/extend', DISPATCH_OR_MEDIATOR, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(extendBody, req.body ?? {});
    res.json(await extendDeadline(knex, actorOf(req), id, b, days, auditor(req)));
  });

  route(r, 'get', '/api/supervision', allow('dispatcher', 'leader'), async (req, res) => {
    res.json(await supervisionList(knex, actorOf(req), parse(supervisionQuery, req.query), days));
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
