// Files kept with a case: photos of the signed 调解协议书 (JPEG, PNG, WebP) and PDFs. The type comes from
// the file's first bytes (file-type.ts), the size limit from ATTACHMENT_MAX_MB (a crossed limit is the
// uploads' 413 upload_limit, services/uploads/limits.ts). The bytes are stored in the database
// (`case_attachments.data`), so a backup holds them and a restart keeps them. Who may download: those
// who see the case as stored (services/case-view.ts seesAsStored: its mediator, a dispatcher of its
// catchment, admin); a leader or planner sees that a file exists, not the file (it is full of party
// data); the public nothing (every route needs a login).
import { createHash } from 'node:crypto';
import type { Knex } from '../../db/types.ts';
import type { AttachmentKind, AttachmentMime, AttachmentView } from '../../contract/case-work.ts';
import { ATTACHMENT_TYPES } from '../../contract/case-work.ts';
import { isStorableText } from '../../contract/fields.ts';
import { HttpError } from '../../errors.ts';
import { addEvent, findVisibleCase, type Auditor } from '../cases.ts';
import { reachChild } from '../case-scope.ts';
import { seesAsStored } from '../case-view.ts';
import type { Actor } from '../masking.ts';
import { limitError } from '../uploads/limits.ts';
import { detectFileType, EXTENSION_OF } from './file-type.ts';

type Db = Knex | Knex.Transaction;
const iso = (d: unknown) => (d === null || d === undefined ? null : new Date(d as Date).toISOString());

export interface UploadedFile { buffer: Buffer; originalname: string }

const META = ['a.id', 'a.case_id', 'a.kind', 'a.mime', 'a.file_name', 'a.size', 'a.sha256', 'a.uploaded_at'] as const;

function toAttachment(r: Record<string, unknown>): AttachmentView {
  return {
    id: r.id as number, case_id: r.case_id as number, kind: r.kind as AttachmentKind, mime: r.mime as AttachmentMime,
    file_name: r.file_name as string, size: Number(r.size), sha256: r.sha256 as string,
    uploaded_by: (r.uploaded_by as string) ?? null, uploaded_at: iso(r.uploaded_at)!,
  };
}

export async function listAttachments(db: Db, caseId: number): Promise<AttachmentView[]> {
  const rows = await db('case_attachments as a').leftJoin('users as u', 'u.id', 'a.uploaded_by').where('a.case_id', caseId)
    .orderBy('a.uploaded_at').orderBy('a.id').select(...META, 'u.display_name as uploaded_by');
  return rows.map(toAttachment);
}

/** Browsers send a file name as UTF-8 and busboy reads it as latin1: undone when it looks so. */
export function multipartFileName(n: string): string {
  const utf8 = Buffer.from(n, 'latin1').toString('utf8');
  return /[\u0080-\u00ff]/.test(n) && !utf8.includes('\ufffd') ? utf8 : n;
}

/** A name safe to store and show: no path, no control characters, at most 120 characters ('' when nothing is left). */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return isStorableText(base) ? [...base].slice(0, 120).join('') : '';
}

/** A file that passed the checks: its type from its first bytes, a storable name, its hash. */
export interface CheckedFile { buffer: Buffer; mime: AttachmentMime; fileName: string; sha256: string }

/** The checks of every stored file, before any transaction: present, not empty, within the size, a known type. */
export function checkFile(file: UploadedFile | undefined, maxBytes: number): CheckedFile {
  if (!file) throw new HttpError(400, 'no_file', '请选择要上传的文件（字段 file）：调解协议书照片（JPEG、PNG、WebP）或 PDF');
  if (file.buffer.length === 0) throw new HttpError(400, 'empty_file', '上传的文件是空的，请重新拍照或选择文件');
  if (file.buffer.length > maxBytes) throw limitError('ATTACHMENT_MAX_MB', '附件大小', maxBytes, file.buffer.length, { bytes: true });
  const mime = detectFileType(file.buffer);
  if (!mime) {
    throw new HttpError(415, 'unsupported_file_type', `“${cleanName(file.originalname) || '该文件'}”不是可接受的文件：只能上传 ${Object.values(ATTACHMENT_TYPES).join('、')}（按文件内容判断，与文件名无关）`, { accepted: Object.keys(ATTACHMENT_TYPES) });
  }
  const fileName = cleanName(file.originalname) || `附件${EXTENSION_OF[mime]}`;
  return { buffer: file.buffer, mime, fileName, sha256: createHash('sha256').update(file.buffer).digest('hex') };
}

/** Stores a checked file with its case, inside the caller's transaction: the row, the timeline event, the audit. */
export async function storeAttachment(trx: Knex.Transaction, actor: Actor, id: number, kind: AttachmentKind, f: CheckedFile, onAdded: Auditor): Promise<AttachmentView> {
  const size = f.buffer.length;
  const [row] = await trx('case_attachments')
    .insert({ case_id: id, kind, mime: f.mime, file_name: f.fileName, size, sha256: f.sha256, data: f.buffer, uploaded_by: actor.id })
    .returning(['id', 'case_id', 'kind', 'mime', 'file_name', 'size', 'sha256', 'uploaded_at']);
  const attachmentId = (row as { id: number }).id;
  await addEvent(trx, id, actor, 'attachment_added', { details: { attachment_id: attachmentId, attachment_kind: kind, mime: f.mime, size } });
  await onAdded(trx, 'case.attachment', { type: 'case', id }, { attachment_id: attachmentId, kind, mime: f.mime, size, sha256: f.sha256 });
  const me = await trx('users').where({ id: actor.id }).first('display_name');
  return toAttachment({ ...(row as Record<string, unknown>), uploaded_by: me?.display_name ?? actor.username });
}

export async function addAttachment(
  knex: Knex, actor: Actor, id: number, file: UploadedFile | undefined, kind: AttachmentKind, days: number, maxBytes: number, onAdded: Auditor,
): Promise<AttachmentView> {
  // The case first: out of reach is 404 whatever was sent.
  await findVisibleCase(knex, actor, id, days);
  const checked = checkFile(file, maxBytes);
  return knex.transaction(async (trx) => {
    await findVisibleCase(trx, actor, id, days);
    return storeAttachment(trx, actor, id, kind, checked, onAdded);
  });
}

/** The file, for those who see its case as stored; 404 out of reach, 403 for a reader without party access. */
export async function readAttachment(knex: Knex, actor: Actor, attachmentId: number): Promise<{ case_id: number; mime: AttachmentMime; file_name: string; data: Buffer }> {
  const { case_id } = await reachChild(knex, actor, 'attachment', attachmentId);
  const c = await knex('cases').where({ id: case_id }).first('tribunal_id', 'mediator_id');
  if (!seesAsStored(actor, c)) {
    throw new HttpError(403, 'party_data_forbidden', '案件附件含当事人信息，您的账号只能看到附件清单，不能打开文件', { id: attachmentId });
  }
  const row = await knex('case_attachments').where({ id: attachmentId }).first('mime', 'file_name', 'data');
  return { case_id, mime: row.mime, file_name: row.file_name, data: Buffer.from(row.data as Uint8Array) };
}
