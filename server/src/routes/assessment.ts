// Assessment (issue 7), thin HTTP: performance statistics and their Excel export, the leadership
// dashboard and the lists behind its figures, training, legal publicity, judges.
//   read (leader, dispatcher, planner; admin): statistics, training, publicity, register, compliance
//   write (dispatcher; admin): training sessions and attendance, publicity events, the register of schools
//   and enterprises, a guidance's judge
//   dashboard (leader; admin). Every write is one transaction with its audit row.
import { Router, type Request } from 'express';
import type { AppContext } from '../app.ts';
import type { AuditAction } from '../contract/auth.ts';
import {
  attendanceBody, complianceQuery, dashboardListExportQuery, dashboardListQuery, dashboardQuery, enterpriseBody, enterprisePatch, guidanceListQuery, idParam,
  judgeAssignBody, listPeriodQuery, performanceQuery, publicityBody, publicityPatch, schoolBody, schoolPatch, trainingSessionBody,
  trainingSessionPatch, trendQuery, untrainedQuery, PERFORMANCE_DIMENSIONS,
} from '../contract/assessment.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { reachChild } from '../services/case-scope.ts';
import { readDatasetInfo } from '../services/dataset.ts';
import { dashboard, dashboardList } from '../services/assessment/dashboard.ts';
import { performanceWorkbook } from '../services/assessment/export.ts';
import { attachment } from '../services/exports/list-workbook.ts';
import { dashboardListExport } from '../services/exports/figure-lists.ts';
import { performance, trend } from '../services/assessment/performance.ts';
import { quarterBounds, quarterOf } from '../services/assessment/periods.ts';
import { compliance, createEvent, deleteEvent, getEvent, listEvents, updateEvent } from '../services/assessment/publicity.ts';
import { createUnit, listGuidance, listUnits, updateUnit } from '../services/assessment/register.ts';
import { createSession, deleteSession, getSession, listSessions, setAttendance, untrained, updateSession } from '../services/assessment/training.ts';
import { allow, route } from './access.ts';
import { parse } from './validate.ts';

const READ = allow('leader', 'dispatcher', 'planner');
const WRITE = allow('dispatcher');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DASHBOARD = allow('leader');

export function assessmentRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const days = ctx.config.PRE_LITIGATION_DAYS;
  const anchor = async () => (await readDatasetInfo(knex)).anchor_date;
  /** A write and its audit row in one transaction. */
  const write = <T>(req: Request, action: AuditAction, target: (out: T) => { type: string; id: number }, fn: (trx: import('../db/types.ts').Knex.Transaction) => Promise<T>, details?: (out: T) => Record<string, unknown>) =>
    knex.transaction(async (trx) => {
      const out = await fn(trx);
      await audit(req, action, target(out), details ? details(out) : null, { trx });
      return out;
    });

  // --- performance ---------------------------------------------------------------------------------
  route(r, 'get', '/api/assessment/performance', READ, async (req, res) => {
    const q = parse(performanceQuery, req.query);
    res.json(await performance(knex, q.dimension, q, await anchor(), days));
  });

  route(r, 'get', '/api/assessment/export', READ, async (req, res) => {
    const q = parse(performanceQuery, req.query);
    const info = await readDatasetInfo(knex);
    const answer = await performance(knex, q.dimension, q, info.anchor_date, days);
    const file = await performanceWorkbook(answer, info.demo);
    await audit(req, 'assessment.export', { type: 'performance', id: q.dimension }, { period: answer.period, rows: answer.rows.length });
    const name = `performance-${q.dimension}-${answer.period.from}-${answer.period.to}.xlsx`;
    const chinese = `考核统计-${PERFORMANCE_DIMENSIONS[q.dimension]}-${answer.period.from}至${answer.period.to}.xlsx`;
    res.type(XLSX).set('Content-Disposition', attachment(chinese, name)).send(file);
  });

  route(r, 'get', '/api/assessment/trend', READ, async (req, res) => {
    const q = parse(trendQuery, req.query);
    res.json(await trend(knex, q, await anchor()));
  });

  // --- dashboard -----------------------------------------------------------------------------------
  route(r, 'get', '/api/dashboard', DASHBOARD, async (req, res) => {
    const q = parse(dashboardQuery, req.query);
    res.json(await dashboard(knex, q, await readDatasetInfo(knex), days));
  });

  route(r, 'get', '/api/dashboard/list/export', DASHBOARD, async (req, res) => {
    const q = parse(dashboardListExportQuery, req.query);
    const x = await dashboardListExport(knex, req.actor!, q, await readDatasetInfo(knex), days);
    await audit(req, 'assessment.export', { type: 'dashboard_list', id: q.figure }, { figure: q.figure, period: { from: q.from ?? null, to: q.to ?? null }, township: q.township ?? null, rows: x.total });
    res.type(XLSX).set('Content-Disposition', attachment(x.name, x.fallback)).send(x.file);
  });

  route(r, 'get', '/api/dashboard/list', DASHBOARD, async (req, res) => {
    const q = parse(dashboardListQuery, req.query);
    res.json(await dashboardList(knex, req.actor!, q, await readDatasetInfo(knex), days));
  });

  // --- judges --------------------------------------------------------------------------------------
  route(r, 'get', '/api/judges', READ, async (_req, res) => {
    const items = await knex('judges as j').leftJoin('tribunals as t', 't.id', 'j.tribunal_id').orderBy('j.id')
      .select('j.id', 'j.name', 'j.department', 'j.tribunal_id', 't.name as tribunal_name', 'j.active', 'j.is_demo');
    res.json({ items });
  });

  route(r, 'get', '/api/guidance', READ, async (req, res) => {
    res.json(await listGuidance(knex, req.actor!, parse(guidanceListQuery, req.query)));
  });

  route(r, 'put', '/api/guidance/:id/judge', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const b = parse(judgeAssignBody, req.body ?? {});
    res.json(await write(req, 'guidance.judge', () => ({ type: 'guidance', id }), async (trx) => {
      const g = await reachChild(trx, req.actor!, 'guidance', id);
      if (b.judge_id !== null && !(await trx('judges').where({ id: b.judge_id }).first('id'))) {
        throw new HttpError(422, 'unknown_judge', `没有编号为 ${b.judge_id} 的法官`, { judge_id: b.judge_id });
      }
      await trx('guidance_requests').where({ id }).update({ judge_id: b.judge_id, updated_at: trx.fn.now() });
      return { id, case_id: g.case_id as number, judge_id: b.judge_id };
    }, (o) => ({ judge_id: o.judge_id, case_id: o.case_id })));
  });

  // --- training ------------------------------------------------------------------------------------
  route(r, 'get', '/api/training/sessions', READ, async (req, res) => {
    res.json(await listSessions(knex, parse(listPeriodQuery, req.query)));
  });
  route(r, 'get', '/api/training/sessions/:id', READ, async (req, res) => {
    res.json(await getSession(knex, parse(idParam, req.params).id));
  });
  route(r, 'post', '/api/training/sessions', WRITE, async (req, res) => {
    const b = parse(trainingSessionBody, req.body ?? {});
    res.status(201).json(await write(req, 'training.create', (s: { id: unknown }) => ({ type: 'training_session', id: Number(s.id) }), (trx) => createSession(trx, b, req.actor!.id), () => ({ held_on: b.held_on, topic: b.topic })));
  });
  route(r, 'patch', '/api/training/sessions/:id', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const b = parse(trainingSessionPatch, req.body ?? {});
    res.json(await write(req, 'training.update', () => ({ type: 'training_session', id }), (trx) => updateSession(trx, id, b), () => ({ fields: Object.keys(b) })));
  });
  route(r, 'delete', '/api/training/sessions/:id', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await write(req, 'training.delete', () => ({ type: 'training_session', id }), (trx) => deleteSession(trx, id), (o) => ({ attendees: o.attendees })));
  });
  route(r, 'put', '/api/training/sessions/:id/attendance', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const b = parse(attendanceBody, req.body ?? {});
    res.json(await write(req, 'training.attendance', () => ({ type: 'training_session', id }), (trx) => setAttendance(trx, id, b),
      () => ({ mediators: b.mediator_ids.length, others: b.others.length })));
  });
  route(r, 'get', '/api/training/untrained', READ, async (req, res) => {
    const q = parse(untrainedQuery, req.query);
    const year = q.year ?? Number((await anchor()).slice(0, 4));
    res.json({ year, ...(await untrained(knex, { yearFrom: `${year}-01-01`, yearTo: `${year}-12-31`, township: q.township })) });
  });

  // --- publicity -----------------------------------------------------------------------------------
  route(r, 'get', '/api/publicity/events', READ, async (req, res) => {
    res.json(await listEvents(knex, parse(listPeriodQuery, req.query)));
  });
  route(r, 'get', '/api/publicity/events/:id', READ, async (req, res) => {
    res.json(await getEvent(knex, parse(idParam, req.params).id));
  });
  route(r, 'post', '/api/publicity/events', WRITE, async (req, res) => {
    const b = parse(publicityBody, req.body ?? {});
    res.status(201).json(await write(req, 'publicity.create', (e: { id: unknown }) => ({ type: 'publicity_event', id: Number(e.id) }), (trx) => createEvent(trx, b, req.actor!.id), () => ({ kind: b.kind, held_at: b.held_at })));
  });
  route(r, 'patch', '/api/publicity/events/:id', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const b = parse(publicityPatch, req.body ?? {});
    res.json(await write(req, 'publicity.update', () => ({ type: 'publicity_event', id }), (trx) => updateEvent(trx, id, b), () => ({ fields: Object.keys(b) })));
  });
  route(r, 'delete', '/api/publicity/events/:id', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await write(req, 'publicity.delete', () => ({ type: 'publicity_event', id }), (trx) => deleteEvent(trx, id)));
  });
  route(r, 'get', '/api/publicity/schools', READ, async (_req, res) => { res.json(await listUnits(knex, 'schools')); });
  route(r, 'get', '/api/publicity/enterprises', READ, async (_req, res) => { res.json(await listUnits(knex, 'enterprises')); });
  const unitDetails = (o: Record<string, unknown>) => ({ name: o.name, township_code: o.township_code, village_code: o.village_code });
  route(r, 'post', '/api/publicity/schools', WRITE, async (req, res) => {
    const b = parse(schoolBody, req.body ?? {});
    res.status(201).json(await write(req, 'school.create', (o: { id: number }) => ({ type: 'school', id: o.id }), (trx) => createUnit(trx, 'schools', b), unitDetails));
  });
  route(r, 'patch', '/api/publicity/schools/:id', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const b = parse(schoolPatch, req.body ?? {});
    res.json(await write(req, 'school.update', () => ({ type: 'school', id }), (trx) => updateUnit(trx, 'schools', id, b), () => ({ fields: Object.keys(b) })));
  });
  route(r, 'post', '/api/publicity/enterprises', WRITE, async (req, res) => {
    const b = parse(enterpriseBody, req.body ?? {});
    res.status(201).json(await write(req, 'enterprise.create', (o: { id: number }) => ({ type: 'enterprise', id: o.id }), (trx) => createUnit(trx, 'enterprises', b), unitDetails));
  });
  route(r, 'patch', '/api/publicity/enterprises/:id', WRITE, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const b = parse(enterprisePatch, req.body ?? {});
    res.json(await write(req, 'enterprise.update', () => ({ type: 'enterprise', id }), (trx) => updateUnit(trx, 'enterprises', id, b), () => ({ fields: Object.keys(b) })));
  });
  route(r, 'get', '/api/publicity/compliance', READ, async (req, res) => {
    const q = parse(complianceQuery, req.query);
    const { year, quarter } = q.year !== undefined && q.quarter !== undefined ? { year: q.year, quarter: q.quarter } : quarterOf(await anchor());
    const b = quarterBounds(year, quarter);
    res.json(await compliance(knex, { from: b.from, to: b.to, yearFrom: `${year}-01-01T00:00:00+08:00`, year, quarter }));
  });

  return r;
}
