// Documents generated from a case and kept with it (case_documents): each generation is a new version
// per case and kind, with the template version it was made from, who and when; audited. Who: those who
// see the case as stored (routes allow dispatcher and mediator, admin always; the case's reach rule,
// services/case-scope.ts, decides which cases) — a mediator only for their own cases, and a document is
// reached by its id only through its case (reachChild 'document'), 404 otherwise.
import { createHash } from 'node:crypto';
import type { Knex } from '../../db/types.ts';
import { DOCUMENT_KINDS, type CaseDocumentView, type DocumentKind, type PrintView } from '../../contract/documents.ts';
import { findVisibleCase, type Auditor } from '../cases.ts';
import { reachChild } from '../case-scope.ts';
import type { Actor } from '../masking.ts';
import { caseFacts, checkKindFits } from './fields.ts';
import { printParagraphs, renderDocx } from './render.ts';
import { templateInForce } from './templates.ts';

type Db = Knex | Knex.Transaction;

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function toView(r: Record<string, unknown>): CaseDocumentView {
  const kind = r.kind as DocumentKind;
  return {
    id: r.id as number, case_id: r.case_id as number, kind, kind_label: DOCUMENT_KINDS[kind], version: r.version as number,
    file_name: r.file_name as string, size: Number(r.size), template_version: r.template_version as number,
    created_by: (r.created_by as string) ?? null, created_at: new Date(r.created_at as Date).toISOString(),
  };
}

const COLUMNS = ['d.id', 'd.case_id', 'd.kind', 'd.version', 'd.file_name', 'd.size', 'd.template_version', 'd.created_at', 'u.display_name as created_by'];

/** The rendered .docx of a case, not stored (the print view, the benchmark). */
export async function renderCaseDocument(db: Db, actor: Actor, caseId: number, kind: DocumentKind, days: number, now: number) {
  const facts = await caseFacts(db, actor, caseId, days, now);
  checkKindFits(kind, facts);
  const template = await templateInForce(db, kind);
  return { facts, templateVersion: template.version, docx: renderDocx(template.data, facts.values) };
}

export async function generateDocument(knex: Knex, actor: Actor, caseId: number, kind: DocumentKind, days: number, now: number, onDone: Auditor): Promise<CaseDocumentView> {
  return knex.transaction(async (trx) => {
    await findVisibleCase(trx, actor, caseId, days);
    // One generation of a case at a time: the versions stay 1, 2, 3 without a gap or a clash.
    await trx('cases').where({ id: caseId }).forUpdate().first('id');
    const { facts, templateVersion, docx } = await renderCaseDocument(trx, actor, caseId, kind, days, now);
    const r = (await trx('case_documents').where({ case_id: caseId, kind }).max({ v: 'version' }).first()) as { v: number | null } | undefined;
    const version = Number(r?.v ?? 0) + 1;
    const fileName = `${DOCUMENT_KINDS[kind]}-${facts.caseNumber ?? `案件${caseId}`}-第${version}版.docx`;
    const sha256 = createHash('sha256').update(docx).digest('hex');
    const [row] = await trx('case_documents')
      .insert({ case_id: caseId, kind, version, file_name: fileName, size: docx.length, sha256, data: docx, template_version: templateVersion, created_by: actor.id })
      .returning(['id']);
    const id = (row as { id: number }).id;
    await onDone(trx, 'case.document', { type: 'case', id: caseId }, { document_id: id, kind, version, template_version: templateVersion, size: docx.length, sha256 });
    const saved = await trx('case_documents as d').leftJoin('users as u', 'u.id', 'd.created_by').where('d.id', id).first(...COLUMNS);
    return toView(saved);
  });
}

export async function listDocuments(db: Db, actor: Actor, caseId: number, days: number): Promise<CaseDocumentView[]> {
  await findVisibleCase(db, actor, caseId, days);
  const rows = await db('case_documents as d').leftJoin('users as u', 'u.id', 'd.created_by').where('d.case_id', caseId)
    .orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').select(...COLUMNS);
  return rows.map(toView);
}

/** A kept document's file; 404 `document_not_found` when its case is out of reach (as when it does not exist). */
export async function readDocument(db: Db, actor: Actor, id: number): Promise<{ case_id: number; kind: DocumentKind; version: number; file_name: string; data: Buffer }> {
  const { case_id } = await reachChild(db, actor, 'document', id);
  const row = await db('case_documents').where({ id }).first('kind', 'version', 'file_name', 'data');
  return { case_id, kind: row.kind, version: row.version, file_name: row.file_name, data: Buffer.from(row.data as Uint8Array) };
}

/** The print view: the paragraphs of the document as the template in force renders it now (not stored). */
export async function printView(db: Db, actor: Actor, caseId: number, kind: DocumentKind, days: number, now: number): Promise<PrintView> {
  const { facts, templateVersion, docx } = await renderCaseDocument(db, actor, caseId, kind, days, now);
  return { kind, kind_label: DOCUMENT_KINDS[kind], case_id: caseId, case_number: facts.caseNumber, template_version: templateVersion, paragraphs: printParagraphs(docx) };
}
