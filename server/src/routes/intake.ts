// Bulk intake of cases (批量导入案件, issue 18 item 2), thin HTTP:
//   dispatcher (and admin): upload a file, map its columns, fix rows, commit (all or nothing);
//   admin: the causes of action → dispute type table (dispatchers read it).
// A scoped dispatcher's rows outside their catchment are flagged (outside_scope) and cannot be
// committed, as POST /api/cases refuses them.
import { Router, type Request } from 'express';
import type { AppContext } from '../app.ts';
import { causeBody, causeIdParam, causePatch, intakeCommitBody, intakeIdParam, intakeRowParam, mappingBody, rowFixBody } from '../contract/intake.ts';
import { HttpError } from '../errors.ts';
import { audit, auditMany } from '../services/audit.ts';
import { createCause, deleteCause, listCauses, updateCause, type CauseAuditor } from '../services/intake/causes.ts';
import { commitIntake } from '../services/intake/commit.ts';
import { fixRow, getPreview, setMapping, uploadIntake } from '../services/intake/preview.ts';
import { uploadLimits } from '../services/uploads/limits.ts';
import { ADMIN, allow, route } from './access.ts';
import { fileName, receiveFile } from './registry.ts';
import { retryLater } from './uploads.ts';
import { parse } from './validate.ts';

const DISPATCH = allow('dispatcher');

const causeAuditor = (req: Request): CauseAuditor => (trx, action, item, before) =>
  audit(req, `intake.cause_${action}`, { type: 'intake_cause', id: item.id }, { cause: item.cause, dispute_type: item.dispute_type, ...(before ? { before: { cause: before.cause, dispute_type: before.dispute_type } } : {}) }, { trx });

export function intakeRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const limits = uploadLimits(ctx.config);
  const numbering = { court: ctx.config.CASE_NUMBER_COURT, type: ctx.config.CASE_NUMBER_TYPE, now: ctx.now };

  // --- the causes of action table ------------------------------------------------------------------
  route(r, 'get', '/api/intake-causes', DISPATCH, async (_req, res) => {
    res.json({ items: await listCauses(knex) });
  });
  route(r, 'post', '/api/intake-causes', ADMIN, async (req, res) => {
    res.status(201).json(await createCause(knex, parse(causeBody, req.body ?? {}), causeAuditor(req)));
  });
  route(r, 'patch', '/api/intake-causes/:id', ADMIN, async (req, res) => {
    const { id } = parse(causeIdParam, req.params);
    res.json(await updateCause(knex, id, parse(causePatch, req.body ?? {}), causeAuditor(req)));
  });
  route(r, 'delete', '/api/intake-causes/:id', ADMIN, async (req, res) => {
    const { id } = parse(causeIdParam, req.params);
    await deleteCause(knex, id, causeAuditor(req));
    res.json({ ok: true, id });
  });

  // --- an intake: upload → mapping → fixes → commit ------------------------------------------------------
  route(r, 'post', '/api/intake/upload', DISPATCH, async (req, res) => {
    await receiveFile(req, res);
    const f = req.file;
    if (!f) throw new HttpError(400, 'no_file', '请选择要上传的 Excel（.xlsx）或 CSV 文件（表单字段 file）');
    const name = fileName(f.originalname);
    const preview = await retryLater(res, uploadIntake(knex, req.actor!, { name, mime: f.mimetype, buffer: f.buffer }, limits, ctx.now()));
    // The file holds party data: who uploaded what is audited, as a typed case's party data is.
    await audit(req, 'intake.upload', { type: 'intake', id: preview.id }, { file_name: name, rows: preview.row_count });
    res.status(201).json(preview);
  });
  route(r, 'get', '/api/intake/:id', DISPATCH, async (req, res) => {
    const { id } = parse(intakeIdParam, req.params);
    res.json(await getPreview(knex, req.actor!, id, ctx.now()));
  });
  route(r, 'put', '/api/intake/:id/mapping', DISPATCH, async (req, res) => {
    const { id } = parse(intakeIdParam, req.params);
    const { mapping } = parse(mappingBody, req.body ?? {});
    res.json(await setMapping(knex, req.actor!, id, mapping, ctx.now()));
  });
  route(r, 'patch', '/api/intake/:id/rows/:row', DISPATCH, async (req, res) => {
    const { id, row } = parse(intakeRowParam, req.params);
    res.json(await fixRow(knex, req.actor!, id, row, parse(rowFixBody, req.body ?? {}), ctx.now()));
  });
  route(r, 'post', '/api/intake/:id/commit', DISPATCH, async (req, res) => {
    const { id } = parse(intakeIdParam, req.params);
    const body = parse(intakeCommitBody, req.body ?? {});
    res.json(await commitIntake(knex, req.actor!, id, body, numbering, {
      cases: (trx, items) => auditMany(req, 'case.create', items.map((x) => ({ target: { type: 'case', id: x.id }, details: x.details })), { trx }),
      commit: (trx, outcome, details) => audit(req, 'intake.commit', { type: 'intake', id }, details, { outcome, ...(trx ? { trx } : {}) }),
    }));
  });
  return r;
}
