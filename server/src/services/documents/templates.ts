// The Word templates of the court documents: the built-in defaults (server/templates/documents/*.docx,
// built by server/scripts/build-document-templates.ts) and the ones an admin uploads in their place.
// Every upload is a new version of its kind (document_templates); a reset is a version without a file
// (back to the default); the highest version is in force. An upload is checked before it is stored: a
// zip (read under the upload limits: services/uploads/zip.ts caps what is inflated), a Word document
// (word/document.xml), a template docxtemplater can read, and only tags of contract/documents.ts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from '../../db/types.ts';
import {
  DOCUMENT_AUDIENCE, DOCUMENT_FIELDS, DOCUMENT_KINDS, type DocumentKind, type DocumentTemplatesAnswer, type DocumentTemplateView,
} from '../../contract/documents.ts';
import { HttpError } from '../../errors.ts';
import type { Auditor } from '../cases.ts';
import type { Actor } from '../masking.ts';
import { limitError, type UploadLimits } from '../uploads/limits.ts';
import { readZip } from '../uploads/zip.ts';
import { templateTags } from './render.ts';

type Db = Knex | Knex.Transaction;

export const DEFAULT_TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates/documents');
const defaults = new Map<DocumentKind, Buffer>();

/** The built-in template of a kind (read once). */
export function defaultTemplate(kind: DocumentKind): Buffer {
  let b = defaults.get(kind);
  if (!b) {
    b = fs.readFileSync(path.join(DEFAULT_TEMPLATE_DIR, `${kind}.docx`));
    defaults.set(kind, b);
  }
  return b;
}

/** Every tag name a template may use: the fields, and each loop's item fields as `loop.item`. */
export const KNOWN_TAGS: ReadonlySet<string> = new Set(Object.entries(DOCUMENT_FIELDS).flatMap(([name, f]) =>
  [name, ...Object.keys((f as { items?: Record<string, string> }).items ?? {}).map((i) => `${name}.${i}`)]));

export interface TemplateInForce { version: number; data: Buffer; row: Record<string, unknown> | null }

/** The template in force: the latest upload, or the default (version 0) when none or after a reset. */
export async function templateInForce(db: Db, kind: DocumentKind): Promise<TemplateInForce> {
  const row = await db('document_templates as t').leftJoin('users as u', 'u.id', 't.uploaded_by').where('t.kind', kind).orderBy('t.version', 'desc')
    .first('t.version', 't.data', 't.file_name', 't.uploaded_at', 'u.display_name as uploaded_by');
  if (!row || row.data === null) return { version: 0, data: defaultTemplate(kind), row: row ?? null };
  return { version: Number(row.version), data: Buffer.from(row.data as Uint8Array), row };
}

const KINDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

export async function listTemplates(db: Db, maxBytes: number): Promise<DocumentTemplatesAnswer> {
  const templates: DocumentTemplateView[] = [];
  for (const kind of KINDS) {
    const t = await templateInForce(db, kind);
    templates.push({
      kind, kind_label: DOCUMENT_KINDS[kind], audience: DOCUMENT_AUDIENCE[kind], version: t.version, is_default: t.version === 0,
      file_name: t.version ? (t.row?.file_name as string) : null,
      uploaded_by: (t.row?.uploaded_by as string) ?? null,
      uploaded_at: t.row?.uploaded_at ? new Date(t.row.uploaded_at as Date).toISOString() : null,
      tags: templateTags(t.data),
    });
  }
  const fields = Object.entries(DOCUMENT_FIELDS).map(([name, f]) => {
    const items = (f as { items?: Record<string, string> }).items;
    return { name, label: f.label, ...(items ? { items: Object.entries(items).map(([n, label]) => ({ name: n, label })) } : {}) };
  });
  return { templates, fields, max_bytes: maxBytes };
}

const unreadable = (message: string) => new HttpError(422, 'template_unreadable', `模板文件无法读取：${message}。请用 Word 或 WPS 打开后另存为 .docx 再上传`);

/** The checks of an uploaded template; its tags when it passes. */
export function checkTemplate(file: { buffer: Buffer; originalname: string } | undefined, maxBytes: number, limits: UploadLimits): string[] {
  if (!file) throw new HttpError(400, 'no_file', '请选择要上传的模板文件（字段 file，Word .docx 格式）');
  if (file.buffer.length === 0) throw new HttpError(400, 'empty_file', '上传的模板文件是空的');
  if (file.buffer.length > maxBytes) throw limitError('ATTACHMENT_MAX_MB', '模板文件大小', maxBytes, file.buffer.length, { bytes: true });
  if (file.buffer.readUInt32LE(0) !== 0x04034b50) {
    throw new HttpError(415, 'not_a_docx', `“${file.originalname || '该文件'}”不是 Word 文档（.docx）：请用 Word 或 WPS 另存为 .docx 格式后上传（旧的 .doc 格式不能用）`);
  }
  const entries = readZip(file.buffer, limits, unreadable, '模板文件');
  if (!entries.has('word/document.xml')) {
    throw new HttpError(415, 'not_a_docx', `“${file.originalname || '该文件'}”是压缩包，但不是 Word 文档（没有 word/document.xml）：请上传 .docx 文件`);
  }
  let tags: string[];
  try {
    tags = templateTags(file.buffer);
  } catch (e) {
    const errors = ((e as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors ?? [])
      .map((x) => x.properties?.explanation).filter((x): x is string => Boolean(x)).slice(0, 10);
    throw new HttpError(422, 'template_invalid', `模板中的字段写法有误：${errors.join('；') || (e as Error).message}。字段应写成 {字段名}，循环写成 {#parties}…{/parties}`, { errors });
  }
  const unknown = tags.filter((t) => !KNOWN_TAGS.has(t));
  if (unknown.length) {
    throw new HttpError(422, 'template_unknown_fields', `模板中有系统不认识的字段：${unknown.map((u) => `{${u.split('.').pop()}}`).join('、')}。请只使用页面上列出的字段`, { unknown });
  }
  return tags;
}

export async function uploadTemplate(
  knex: Knex, actor: Actor, kind: DocumentKind, file: { buffer: Buffer; originalname: string } | undefined, maxBytes: number, limits: UploadLimits, onDone: Auditor,
): Promise<DocumentTemplateView> {
  const tags = checkTemplate(file, maxBytes, limits);
  const f = file!;
  const sha256 = createHash('sha256').update(f.buffer).digest('hex');
  const fileName = [...(f.originalname.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '')].slice(0, 120).join('') || `${DOCUMENT_KINDS[kind]}.docx`;
  await knex.transaction(async (trx) => {
    const version = await nextVersion(trx, kind);
    await trx('document_templates').insert({ kind, version, data: f.buffer, file_name: fileName, sha256, uploaded_by: actor.id });
    await onDone(trx, 'document_template.upload', { type: 'document_template', id: version }, { kind, version, file_name: fileName, size: f.buffer.length, sha256, tags: tags.length });
  });
  return (await listTemplates(knex, maxBytes)).templates.find((t) => t.kind === kind)!;
}

/** Back to the built-in default: a new version without a file (the uploads stay on record). */
export async function resetTemplate(knex: Knex, actor: Actor, kind: DocumentKind, maxBytes: number, onDone: Auditor): Promise<DocumentTemplateView> {
  await knex.transaction(async (trx) => {
    const version = await nextVersion(trx, kind);
    await trx('document_templates').insert({ kind, version, data: null, file_name: null, sha256: null, uploaded_by: actor.id });
    await onDone(trx, 'document_template.reset', { type: 'document_template', id: version }, { kind, version });
  });
  return (await listTemplates(knex, maxBytes)).templates.find((t) => t.kind === kind)!;
}

async function nextVersion(trx: Knex.Transaction, kind: DocumentKind): Promise<number> {
  // Two admins at once: the second waits here until the first commits (templates change rarely).
  await trx.raw('LOCK TABLE document_templates IN EXCLUSIVE MODE');
  const r = (await trx('document_templates').where({ kind }).max({ v: 'version' }).first()) as { v: number | null } | undefined;
  return Number(r?.v ?? 0) + 1;
}

/** The template file in force (the default or the uploaded one), to download and edit. */
export async function templateFile(db: Db, kind: DocumentKind): Promise<{ data: Buffer; file_name: string }> {
  const t = await templateInForce(db, kind);
  return { data: t.data, file_name: t.version ? `${DOCUMENT_KINDS[kind]}-模板v${t.version}.docx` : `${DOCUMENT_KINDS[kind]}-默认模板.docx` };
}
