// Registry (issue 5), thin HTTP: mediators, organisations, tribunals, the Excel/CSV import and the
// Excel export. Who may do what:
//   admin: everything (the register's keeper: create, edit, withdraw, delete, import);
//   dispatcher, planner, leader: read and export (phones in full for dispatcher; masked for planner
//     and leader: services/registry/common.ts); mediator: no access (their own record is on their cases).
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppContext } from '../app.ts';
import type { AuditAction } from '../contract/auth.ts';
import {
  deactivateBody, exportKindParam, idParam, importCommitBody, importProblemsQuery, importKindParam, IMPORT_MAX_BYTES, mediatorBody, mediatorPatch,
  mediatorsQuery, organisationBody, organisationPatch, organisationsQuery, REGISTRY_READERS, tribunalBody, tribunalPatch,
} from '../contract/registry.ts';
import { specialtyBody } from '../contract/specialties.ts';
import { HttpError } from '../errors.ts';
import { audit } from '../services/audit.ts';
import { loadAreaIndex } from '../services/registry/areas.ts';
import type { RegistryAuditor } from '../services/registry/common.ts';
import { mediatorsWorkbook, organisationsWorkbook, templateWorkbook, tribunalsWorkbook } from '../services/registry/excel.ts';
import { commitImport, problemWorkbook, previewImport } from '../services/registry/import.ts';
import {
  createMediator, deactivateMediator, deleteMediator, getMediator, listMediators, updateMediator,
} from '../services/registry/mediators.ts';
import {
  createOrganisation, deactivateOrganisation, deleteOrganisation, getOrganisation, listOrganisations, updateOrganisation,
} from '../services/registry/organisations.ts';
import { createSpecialty, listSpecialties, specialtyLabels } from '../services/registry/specialties.ts';
import { createTribunal, getTribunal, listTribunals, updateTribunal } from '../services/registry/tribunals.ts';
import { uploadLimits } from '../services/uploads/limits.ts';
import { ADMIN, allow, LOGGED_IN, route } from './access.ts';
import { retryLater } from './uploads.ts';
import { parse } from './validate.ts';

const READ = allow(...REGISTRY_READERS);
/** An export holds at most this many rows (the whole register fits many times over). */
const EXPORT_MAX = 100_000;

const auditor = (req: Request): RegistryAuditor => (trx, action, target, details) => audit(req, action as AuditAction, target, details, { trx });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
function sendWorkbook(res: Response, name: string, buf: Buffer) {
  res.setHeader('Content-Type', XLSX);
  // RFC 5987: the Chinese file name for browsers, an ASCII one for the rest.
  res.setHeader('Content-Disposition', `attachment; filename="registry.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(buf);
}

const stamp = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16).replace(/[-:T]/g, '');

/** multer, memory storage, one file ≤ IMPORT_MAX_BYTES; its errors become 4xx answers. */
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 } }).single('file');
export function receiveFile(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    upload(req, res, (err?: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return reject(new HttpError(413, 'file_too_large', `文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请分批导入`, { max_bytes: IMPORT_MAX_BYTES }));
        return reject(new HttpError(400, 'bad_upload', `上传有误（${err.code}）：请用字段 file 上传一个文件`, { code: err.code }));
      }
      reject(new HttpError(400, 'bad_upload', '上传的内容无法读取，请重新上传', { reason: String((err as Error)?.message ?? err) }));
    });
  });
}

/** busboy reads multipart file names as latin1; browsers send UTF-8. */
export const fileName = (n: string) => {
  const utf8 = Buffer.from(n, 'latin1').toString('utf8');
  return /[\u0080-\u00ff]/.test(n) && !utf8.includes('\ufffd') ? utf8 : n;
};

export function registryRoutes(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  const roleOf = (req: Request) => req.actor!.role;
  const limits = uploadLimits(ctx.config);

  // --- mediators ---------------------------------------------------------------------------------
  route(r, 'get', '/api/mediators', READ, async (req, res) => {
    res.json(await listMediators(knex, roleOf(req), parse(mediatorsQuery, req.query)));
  });
  route(r, 'get', '/api/mediators/:id', READ, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await getMediator(knex, roleOf(req), id));
  });
  route(r, 'post', '/api/mediators', ADMIN, async (req, res) => {
    res.status(201).json(await createMediator(knex, roleOf(req), parse(mediatorBody, req.body ?? {}), auditor(req)));
  });
  route(r, 'patch', '/api/mediators/:id', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await updateMediator(knex, roleOf(req), id, parse(mediatorPatch, req.body ?? {}), auditor(req)));
  });
  route(r, 'post', '/api/mediators/:id/deactivate', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await deactivateMediator(knex, roleOf(req), id, parse(deactivateBody, req.body ?? {}), auditor(req)));
  });
  route(r, 'delete', '/api/mediators/:id', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    await deleteMediator(knex, id, auditor(req));
    res.json({ ok: true, id });
  });

  // --- organisations -----------------------------------------------------------------------------
  route(r, 'get', '/api/organisations', READ, async (req, res) => {
    res.json(await listOrganisations(knex, roleOf(req), parse(organisationsQuery, req.query)));
  });
  route(r, 'get', '/api/organisations/:id', READ, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await getOrganisation(knex, roleOf(req), id));
  });
  route(r, 'post', '/api/organisations', ADMIN, async (req, res) => {
    res.status(201).json(await createOrganisation(knex, roleOf(req), parse(organisationBody, req.body ?? {}), auditor(req)));
  });
  route(r, 'patch', '/api/organisations/:id', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await updateOrganisation(knex, roleOf(req), id, parse(organisationPatch, req.body ?? {}), auditor(req)));
  });
  route(r, 'post', '/api/organisations/:id/deactivate', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await deactivateOrganisation(knex, roleOf(req), id, parse(deactivateBody, req.body ?? {}), auditor(req)));
  });
  route(r, 'delete', '/api/organisations/:id', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    await deleteOrganisation(knex, id, auditor(req));
    res.json({ ok: true, id });
  });

  // --- tribunals ---------------------------------------------------------------------------------
  route(r, 'get', '/api/tribunals', READ, async (_req, res) => {
    res.json(await listTribunals(knex));
  });
  route(r, 'get', '/api/tribunals/:id', READ, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await getTribunal(knex, id));
  });
  route(r, 'post', '/api/tribunals', ADMIN, async (req, res) => {
    res.status(201).json(await createTribunal(knex, parse(tribunalBody, req.body ?? {}), auditor(req)));
  });
  route(r, 'patch', '/api/tribunals/:id', ADMIN, async (req, res) => {
    const { id } = parse(idParam, req.params);
    res.json(await updateTribunal(knex, id, parse(tribunalPatch, req.body ?? {}), auditor(req)));
  });

  // --- specialties (every logged-in role reads them: case forms and filters name them) -------------
  route(r, 'get', '/api/specialties', LOGGED_IN, async (_req, res) => {
    res.json(await listSpecialties(knex));
  });
  route(r, 'post', '/api/specialties', ADMIN, async (req, res) => {
    res.status(201).json(await createSpecialty(knex, parse(specialtyBody, req.body ?? {}),
      (trx, s) => audit(req, 'specialty.create', { type: 'specialty', id: s.code }, { name: s.label, code: s.code }, { trx })));
  });

  // --- template, import, export ------------------------------------------------------------------
  route(r, 'get', '/api/registry/template/:kind', ADMIN, async (req, res) => {
    const { kind } = parse(importKindParam, req.params);
    const tribunals = (await knex('tribunals').orderBy('id').pluck('name')) as string[];
    const buf = await templateWorkbook(kind, await loadAreaIndex(knex), tribunals);
    sendWorkbook(res, kind === 'mediators' ? '调解员导入模板.xlsx' : '调解组织导入模板.xlsx', buf);
  });

  route(r, 'post', '/api/registry/import/:kind/preview', ADMIN, async (req: Request, res: Response, _next: NextFunction) => {
    const { kind } = parse(importKindParam, req.params);
    await receiveFile(req, res);
    const f = req.file;
    if (!f) throw new HttpError(400, 'no_file', '请选择要上传的 Excel（.xlsx）或 CSV 文件（表单字段 file）');
    res.json(await retryLater(res, previewImport(knex, req.actor!.id, kind, { name: fileName(f.originalname), mime: f.mimetype, buffer: f.buffer }, limits)));
  });

  route(r, 'post', '/api/registry/import/commit', ADMIN, async (req, res) => {
    const { token, only_valid } = parse(importCommitBody, req.body ?? {});
    const answer = await commitImport(knex, req.actor!.id, token, (trx, outcome, details) =>
      audit(req, 'import.registry', { type: 'import', id: token }, details, { outcome, ...(trx ? { trx } : {}) }), { onlyValid: only_valid });
    res.json(answer);
  });

  route(r, 'get', '/api/registry/import/problems', ADMIN, async (req, res) => {
    const { token } = parse(importProblemsQuery, req.query);
    const x = await problemWorkbook(knex, req.actor!.id, token);
    sendWorkbook(res, x.name, x.file);
  });

  route(r, 'get', '/api/registry/export/:kind', READ, async (req, res) => {
    const { kind } = parse(exportKindParam, req.params);
    const role = roleOf(req);
    const demo = Boolean(await knex('mediators').where({ is_demo: true }).first('id'));
    let buf: Buffer;
    let count: number;
    if (kind === 'mediators') {
      const q = parse(mediatorsQuery, { ...req.query, page: '1', page_size: '1' });
      const { items } = await listMediators(knex, role, { ...q, page_size: EXPORT_MAX });
      buf = await mediatorsWorkbook(items, demo, await specialtyLabels(knex));
      count = items.length;
    } else if (kind === 'organisations') {
      const q = parse(organisationsQuery, { ...req.query, page: '1', page_size: '1' });
      const { items } = await listOrganisations(knex, role, { ...q, page_size: EXPORT_MAX });
      buf = await organisationsWorkbook(items, demo);
      count = items.length;
    } else {
      const { items } = await listTribunals(knex);
      buf = await tribunalsWorkbook(items);
      count = items.length;
    }
    await audit(req, 'registry.export', { type: 'registry', id: kind }, { kind, rows: count, filters: req.query as Record<string, unknown> });
    const label = { mediators: '调解员', organisations: '调解组织', tribunals: '人民法庭' }[kind];
    sendWorkbook(res, `${label}名册_${stamp()}.xlsx`, buf);
  });

  return r;
}
