// Grid reports (网格上报), thin HTTP: validate with contract/reports.ts, call services/reports.ts, audit.
// A report is JSON, or multipart/form-data with the JSON in the field `report` and up to
// REPORT_MAX_PHOTOS files in `photos` (each checked like any case attachment, ATTACHMENT_MAX_MB).
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../app.ts';
import { REPORT_MAX_PHOTOS, reportBody } from '../contract/reports.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { checkFile, multipartFileName } from '../services/case-work/attachments.ts';
import { createReport } from '../services/reports.ts';
import { limitError } from '../services/uploads/limits.ts';
import { allow, route } from './access.ts';
import { parse } from './validate.ts';

export function reportRoutes(ctx: AppContext): Router {
  const r = Router();
  const maxBytes = Math.round(ctx.config.ATTACHMENT_MAX_MB * 1024 * 1024);
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: REPORT_MAX_PHOTOS, fields: 2, fieldSize: 256 * 1024 } })
    .fields([{ name: 'report', maxCount: 1 }, { name: 'photos', maxCount: REPORT_MAX_PHOTOS }]);
  const receive = (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next();
    upload(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { code?: string; message?: string };
      if (e.code === 'LIMIT_FILE_SIZE') return next(limitError('ATTACHMENT_MAX_MB', '照片大小', maxBytes, maxBytes + 1, { bytes: true, atLeast: true }));
      if (e.code === 'LIMIT_FILE_COUNT' || e.code === 'LIMIT_UNEXPECTED_FILE') {
        return next(new HttpError(400, 'too_many_photos', `一次上报最多附 ${REPORT_MAX_PHOTOS} 张照片（字段 photos）`, { max: REPORT_MAX_PHOTOS }));
      }
      next(new HttpError(400, 'bad_upload', `上传失败：${e.message ?? '格式不正确'}（multipart 时上报内容放在 report 字段，照片放在 photos 字段）`, { code: e.code ?? null }));
    });
  };
  route(r, 'post', '/api/reports', allow('mediator'), receive, async (req, res) => {
    let raw: unknown = req.body ?? {};
    let photos: ReturnType<typeof checkFile>[] = [];
    if (req.is('multipart/form-data')) {
      const field = (req.body as { report?: unknown } | undefined)?.report;
      try {
        raw = typeof field === 'string' ? JSON.parse(field) : {};
      } catch {
        throw new HttpError(400, 'invalid_json', '上报内容（report 字段）不是有效的 JSON', { field: 'report' });
      }
      const files = (req.files as Record<string, Express.Multer.File[]> | undefined)?.photos ?? [];
      photos = files.map((f) => checkFile({ buffer: f.buffer, originalname: multipartFileName(f.originalname) }, maxBytes));
    }
    const b = parse(reportBody, raw);
    const answer = await createReport(ctx.db.knex, req.actor!, b, (trx, action, target, details) => audit(req, action, target, details, { trx }), photos);
    res.status(201).json(answer);
  });
  return r;
}
