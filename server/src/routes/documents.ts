// Court documents (文书, issue 18 item 3), thin HTTP: validate with contract/documents.ts, call
// services/documents/, audit. Who: a case's documents — those who see the case as stored (dispatcher of
// its catchment, its mediator, admin); leader and planner 403. Templates — admin.
//   GET  /api/cases/:id/documents              the documents kept with the case (no bytes)
//   POST /api/cases/:id/documents/:kind        generate one (a new version), 201
//   GET  /api/cases/:id/documents/:kind/print  the print view's paragraphs (not kept; audited)
//   GET  /api/documents/:id                    download a kept .docx (audited)
//   GET  /api/document-templates · GET …/:kind/file · PUT …/:kind (multipart file) · DELETE …/:kind (reset)
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../app.ts';
import { caseIdParam } from '../contract/cases.ts';
import { caseDocumentParams, documentIdParam, documentKindParam } from '../contract/documents.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { findVisibleCase, type Auditor } from '../services/cases.ts';
import { multipartFileName } from '../services/case-work/attachments.ts';
import { DOCX_MIME, generateDocument, listDocuments, printView, readDocument } from '../services/documents/generate.ts';
import { listTemplates, resetTemplate, templateFile, uploadTemplate } from '../services/documents/templates.ts';
import { attachment } from '../services/exports/list-workbook.ts';
import { limitError, uploadLimits } from '../services/uploads/limits.ts';
import { ADMIN, allow, route } from './access.ts';
import { parse } from './validate.ts';

const WORKERS = allow('dispatcher', 'mediator');
const auditor = (req: Request): Auditor => (trx, action, target, details) => audit(req, action, target, details, { trx });

function sendDocx(res: Response, name: string, fallback: string, data: Buffer) {
  res.setHeader('Content-Type', DOCX_MIME);
  res.setHeader('Content-Disposition', attachment(name, fallback));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(data);
}

export function documentRoutes(ctx: AppContext): Router {
  const r = Router();
  const days = ctx.config.PRE_LITIGATION_DAYS;
  const knex = ctx.db.knex;
  const maxBytes = Math.round(ctx.config.ATTACHMENT_MAX_MB * 1024 * 1024);
  const limits = uploadLimits(ctx.config);
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 2 } }).single('file');
  const receive = (req: Request, res: Response, next: NextFunction) => {
    upload(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { code?: string; message?: string };
      if (e.code === 'LIMIT_FILE_SIZE') return next(limitError('ATTACHMENT_MAX_MB', '模板文件大小', maxBytes, maxBytes + 1, { bytes: true, atLeast: true }));
      next(new HttpError(400, 'bad_upload', `上传失败：${e.message ?? '格式不正确'}（请用 multipart/form-data 上传一个 file 字段）`, { code: e.code ?? null }));
    });
  };
  /** The case before the kind: a case out of reach is 404 whatever else the path says. */
  const caseFirst = async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const { id } = parse(caseIdParam, { id: req.params.id });
      await findVisibleCase(knex, req.actor!, id, days);
      next();
    } catch (e) {
      next(e);
    }
  };

  route(r, 'get', '/api/cases/:id/documents', WORKERS, async (req, res) => {
    const { id } = parse(caseIdParam, req.params);
    res.json({ items: await listDocuments(knex, req.actor!, id, days) });
  });

  route(r, 'post', '/api/cases/:id/documents/:kind', WORKERS, caseFirst, async (req, res) => {
    const { id, kind } = parse(caseDocumentParams, req.params);
    res.status(201).json(await generateDocument(knex, req.actor!, id, kind, days, ctx.now(), auditor(req)));
  });

  route(r, 'get', '/api/cases/:id/documents/:kind/print', WORKERS, caseFirst, async (req, res) => {
    const { id, kind } = parse(caseDocumentParams, req.params);
    const view = await printView(knex, req.actor!, id, kind, days, ctx.now());
    await audit(req, 'case.document_print', { type: 'case', id }, { kind });
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(view);
  });

  route(r, 'get', '/api/documents/:id', WORKERS, async (req, res) => {
    const { id } = parse(documentIdParam, req.params);
    const d = await readDocument(knex, req.actor!, id);
    await audit(req, 'case.document_view', { type: 'case', id: d.case_id }, { document_id: id, kind: d.kind, version: d.version });
    sendDocx(res, d.file_name, `document-${id}.docx`, d.data);
  });

  route(r, 'get', '/api/document-templates', ADMIN, async (_req, res) => {
    res.json(await listTemplates(knex, maxBytes));
  });

  route(r, 'get', '/api/document-templates/:kind/file', ADMIN, async (req, res) => {
    const { kind } = parse(documentKindParam, req.params);
    const f = await templateFile(knex, kind);
    sendDocx(res, f.file_name, `template-${kind}.docx`, f.data);
  });

  route(r, 'put', '/api/document-templates/:kind', ADMIN, receive, async (req, res) => {
    const { kind } = parse(documentKindParam, req.params);
    const file = req.file ? { buffer: req.file.buffer, originalname: multipartFileName(req.file.originalname) } : undefined;
    res.json(await uploadTemplate(knex, req.actor!, kind, file, maxBytes, limits, auditor(req)));
  });

  route(r, 'delete', '/api/document-templates/:kind', ADMIN, async (req, res) => {
    const { kind } = parse(documentKindParam, req.params);
    res.json(await resetTemplate(knex, req.actor!, kind, maxBytes, auditor(req)));
  });

  return r;
}
