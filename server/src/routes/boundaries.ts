// Boundary import (issue 5): GeoJSON, zipped Shapefile and KML, previewed, committed as versions.
//   admin: upload (multipart, ≤ 50 MB) → preview (kept 24 h) → commit / discard; imports and versions
//   dispatcher (and admin): the cases a committed import moved (a scoped dispatcher: their catchment's)
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../app.ts';
import { commitBody, importIdParam, progressParam, uploadFields, versionsQuery } from '../contract/boundaries.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { commitImport, readChanges } from '../services/boundaries/commit.ts';
import { discardPreview, listImports, listVersions, previewGeojson, readPreview } from '../services/boundaries/history.ts';
import { createPreview } from '../services/boundaries/preview.ts';
import { boundaryProblemWorkbook } from '../services/boundaries/problem-workbook.ts';
import { attachment } from '../services/exports/list-workbook.ts';
import { readProgress, reporter } from '../services/boundaries/progress.ts';
import { uploadLimits } from '../services/uploads/limits.ts';
import { ADMIN, allow, route } from './access.ts';
import { retryLater } from './uploads.ts';
import { parse } from './validate.ts';

export const MAX_UPLOAD_MB = 50;

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 20 } });

/** multer's own errors (too large, a second file) as our 4xx shape. */
function single(field: string) {
  const handler = upload.single(field);
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { code?: string; message?: string };
      if (e.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, 'file_too_large', `文件超过 ${MAX_UPLOAD_MB} MB：请分乡镇拆分后分批导入`));
      next(new HttpError(400, 'bad_upload', `上传失败：${e.message ?? '格式不正确'}（请用 multipart/form-data 上传一个 file 字段）`));
    });
  };
}

/** Browsers send the file name as UTF-8, busboy reads it as latin1: undo that when it looks so. */
const fileName = (name: string) => (/[\u0080-\u00ff]/.test(name) ? Buffer.from(name, 'latin1').toString('utf8') : name);

export function boundaryRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const limits = uploadLimits(ctx.config);

  route(r, 'post', '/api/boundaries/imports', ADMIN, single('file'), async (req, res) => {
    if (!req.file) throw new HttpError(400, 'file_required', '请选择要导入的边界文件（GeoJSON、zip 压缩的 Shapefile 或 KML）');
    const fields = parse(uploadFields, req.body ?? {});
    const report = reporter(req.get('x-progress-token'));
    try {
      const preview = await retryLater(res, createPreview(knex, req.actor!, { name: fileName(req.file.originalname), buffer: req.file.buffer }, fields, report, limits));
      res.status(201).json(preview);
    } finally {
      report('done');
    }
  });

  route(r, 'get', '/api/boundaries/progress/:token', ADMIN, async (req, res) => {
    const { token } = parse(progressParam, req.params);
    res.json(readProgress(token) ?? { step: 'upload', label: '上传文件', index: 0, total: 9, done: false });
  });

  route(r, 'get', '/api/boundaries/imports', allow('dispatcher'), async (req, res) => {
    const level = typeof req.query.level === 'string' && req.query.level ? parse(versionsQuery.pick({ level: true }), req.query).level : undefined;
    res.json(await listImports(knex, level, req.actor!.role !== 'admin'));
  });

  route(r, 'get', '/api/boundaries/imports/:id', ADMIN, async (req, res) => {
    const { id } = parse(importIdParam, req.params);
    res.json(await readPreview(knex, id));
  });

  route(r, 'get', '/api/boundaries/imports/:id/geojson', ADMIN, async (req, res) => {
    const { id } = parse(importIdParam, req.params);
    res.type('application/geo+json').send(await previewGeojson(knex, id));
  });

  route(r, 'get', '/api/boundaries/imports/:id/problems', ADMIN, async (req, res) => {
    const { id } = parse(importIdParam, req.params);
    const x = await boundaryProblemWorkbook(knex, id);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .set('Content-Disposition', attachment(x.name, x.fallback)).set('Cache-Control', 'no-store').send(x.file);
  });

  route(r, 'post', '/api/boundaries/imports/:id/commit', ADMIN, async (req, res) => {
    const { id } = parse(importIdParam, req.params);
    const b = parse(commitBody, req.body ?? {});
    const changes = await commitImport(knex, req.actor!, id, b, (trx, details) => audit(req, 'import.boundaries', { type: 'boundary_import', id }, details, { trx }));
    // The embedded database's tiles are cut in memory from a copy of the layers: drop it.
    ctx.tiles.invalidate();
    res.json(changes);
  });

  route(r, 'delete', '/api/boundaries/imports/:id', ADMIN, async (req, res) => {
    const { id } = parse(importIdParam, req.params);
    await knex.transaction(async (trx) => {
      await discardPreview(trx, id);
      await audit(req, 'import.boundaries', { type: 'boundary_import', id }, { discarded: true }, { trx });
    });
    res.json({ ok: true });
  });

  route(r, 'get', '/api/boundaries/imports/:id/changes', allow('dispatcher'), async (req, res) => {
    const { id } = parse(importIdParam, req.params);
    res.json(await readChanges(knex, id, req.actor!));
  });

  route(r, 'get', '/api/boundaries/versions', ADMIN, async (req, res) => {
    const q = parse(versionsQuery, req.query);
    res.json(await listVersions(knex, q.level, q.code));
  });

  return r;
}
