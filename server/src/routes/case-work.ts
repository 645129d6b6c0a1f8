// The mediator's case work (issue 14, item 5), thin HTTP: validate with contract/case-work.ts, call a
// service of services/case-work/, audit every write (and every download of a file: it is party data).
//   mediator (own cases) and dispatcher (catchment): accept, sessions, files, outcome, extension
//   requests, judicial confirmation; dispatcher: decide an extension request; dispatcher and leader:
//   answer a guidance request, and list the pending ones across cases (GET /api/pending/…); every logged-in role that reaches the case: GET …/work (leader and
//   planner through the whitelist of services/case-work/work.ts).
// Writes accept an `Idempotency-Key` header: the offline queue sends one (the server middleware that
// honours it is not part of these routes).
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../app.ts';
import { caseIdParam, guidanceIdParam } from '../contract/cases.ts';
import {
  acceptBody, attachmentFields, attachmentIdParam, extensionDecisionBody, extensionRequestBody, extensionRequestIdParam,
  guidanceAnswerBody, judicialBody, outcomeBody, pendingQuery, sessionBody,
} from '../contract/case-work.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { findVisibleCase, type Auditor } from '../services/cases.ts';
import { addAttachment, multipartFileName, readAttachment } from '../services/case-work/attachments.ts';
import { EXTENSION_OF } from '../services/case-work/file-type.ts';
import { acceptCase, closeWithOutcome, markJudicialConfirmation } from '../services/case-work/outcome.ts';
import { listPendingExtensions, listPendingGuidance } from '../services/case-work/pending.ts';
import { answerGuidance, decideExtension, requestExtension } from '../services/case-work/requests.ts';
import { recordSession } from '../services/case-work/sessions.ts';
import { caseWork } from '../services/case-work/work.ts';
import { limitError } from '../services/uploads/limits.ts';
import { allow, LOGGED_IN, route } from './access.ts';
import { parse } from './validate.ts';

const WORKERS = allow('dispatcher', 'mediator');
const auditor = (req: Request): Auditor => (trx, action, target, details) => audit(req, action, target, details, { trx });

export function caseWorkRoutes(ctx: AppContext): Router {
  const r = Router();
  const days = ctx.config.PRE_LITIGATION_DAYS;
  const knex = ctx.db.knex;
  const maxBytes = Math.round(ctx.config.ATTACHMENT_MAX_MB * 1024 * 1024);
  // One byte over the limit is enough to know it is crossed; multer stops reading there.
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 5 } }).single('file');

  /** The case before the file: an upload to a case out of reach is 404 without reading the file. */
  const caseFirst = async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const { id } = parse(caseIdParam, req.params);
      await findVisibleCase(knex, req.actor!, id, days);
      next();
    } catch (e) {
      next(e);
    }
  };
  const receive = (req: Request, res: Response, next: NextFunction) => {
    upload(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { code?: string; message?: string };
      if (e.code === 'LIMIT_FILE_SIZE') return next(limitError('ATTACHMENT_MAX_MB', '附件大小', maxBytes, maxBytes + 1, { bytes: true, atLeast: true }));
      next(new HttpError(400, 'bad_upload', `上传失败：${e.message ?? '格式不正确'}（请用 multipart/form-data 上传一个 file 字段）`, { code: e.code ?? null }));
    });
  };

  route(r, 'get', '/api/cases/:id/work', LOGGED_IN, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    res.json(await caseWork(knex, req.actor!, id, days, maxBytes));
  });

  route(r, 'post', '/api/cases/:id/accept', WORKERS, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(acceptBody, req.body ?? {});
    res.json(await acceptCase(knex, req.actor!, id, b.version, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/sessions', WORKERS, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(sessionBody, req.body ?? {});
    res.status(201).json(await recordSession(knex, req.actor!, id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/attachments', WORKERS, caseFirst, receive, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const fields = parse(attachmentFields, req.body ?? {});
    const file = req.file ? { buffer: req.file.buffer, originalname: multipartFileName(req.file.originalname) } : undefined;
    res.status(201).json(await addAttachment(knex, req.actor!, id, file, fields.kind ?? 'agreement', days, maxBytes, auditor(req)));
  });

  route(r, 'get', '/api/attachments/:id', LOGGED_IN, async (req, res) => {
    const { id } = parse(attachmentIdParam, req.params);
    const f = await readAttachment(knex, req.actor!, id);
    await audit(req, 'case.attachment_view', { type: 'case', id: f.case_id }, { attachment_id: id });
    // Images open in the page; a PDF is saved (a browser's PDF viewer is no place for party data to linger).
    const disposition = f.mime === 'application/pdf' ? 'attachment' : 'inline';
    res.setHeader('Content-Type', f.mime);
    res.setHeader('Content-Disposition', `${disposition}; filename="attachment-${id}${EXTENSION_OF[f.mime]}"; filename*=UTF-8''${encodeURIComponent(f.file_name)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.send(f.data);
  });

  route(r, 'post', '/api/cases/:id/outcome', WORKERS, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(outcomeBody, req.body ?? {});
    res.json(await closeWithOutcome(knex, req.actor!, id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/judicial-confirmation', WORKERS, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(judicialBody, req.body ?? {});
    res.json(await markJudicialConfirmation(knex, req.actor!, id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/cases/:id/extension-requests', WORKERS, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    const b = parse(extensionRequestBody, req.body ?? {});
    res.status(201).json(await requestExtension(knex, req.actor!, id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/extension-requests/:id/decide', allow('dispatcher'), async (req, res) => {
    const { id } = parse(extensionRequestIdParam, req.params);
    const b = parse(extensionDecisionBody, req.body ?? {});
    res.json(await decideExtension(knex, req.actor!, id, b, days, auditor(req)));
  });

  route(r, 'post', '/api/guidance/:id/answer', allow('dispatcher', 'leader'), async (req, res) => {
    const { id } = parse(guidanceIdParam, req.params);
    const b = parse(guidanceAnswerBody, req.body ?? {});
    res.json(await answerGuidance(knex, req.actor!, id, b.answer, auditor(req)));
  });

  // What waits across cases (the dispatch view's 待办 and the leader's 指导请求待答复), in the reader's scope.
  route(r, 'get', '/api/pending/extension-requests', allow('dispatcher'), async (req, res) => {
    res.json(await listPendingExtensions(knex, req.actor!, parse(pendingQuery, req.query), days));
  });

  route(r, 'get', '/api/pending/guidance', allow('dispatcher', 'leader'), async (req, res) => {
    res.json(await listPendingGuidance(knex, req.actor!, parse(pendingQuery, req.query), days));
  });

  return r;
}
