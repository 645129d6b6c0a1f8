// The values of a document's named fields (contract/documents.ts DOCUMENT_FIELDS), read from the case
// once: the .docx and the browser's print view are made from these same values (render.ts). Which
// document a case may have: the delegation letter and the notice need an assigned mediator, the
// session record a recorded session, the agreement and the judicial confirmation application a settled
// case, the termination certificate a failed one, also once sent back to filing (422 with what to do otherwise).
// Party data: only those who see the case as stored reach these routes (its mediator, a dispatcher of
// its catchment, admin); phones as stored, ID numbers masked as everywhere (masking.ts maskParty).
import type { Knex } from '../../db/types.ts';
import { PARTY_ROLES, type PartyRole } from '../../contract/cases.ts';
import { DISPUTE_TYPES, type DisputeType } from '../../contract/vocab.ts';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentValues, type PartyValues } from '../../contract/documents.ts';
import { HttpError } from '../../errors.ts';
import { findVisibleCase } from '../cases.ts';
import { maskParty, partyAccess, type Actor } from '../masking.ts';

type Db = Knex | Knex.Transaction;

/** The court the documents are issued by (a real, public name). */
export const COURT_NAME = '信阳市浉河区人民法院';
/** What an empty field prints as: a line to write on. */
export const BLANK = '＿＿＿＿＿＿';

const SHANGHAI = 8 * 3_600_000;
/** 2026年12月6日 (Asia/Shanghai). */
export function chineseDay(at: Date | string | number | null | undefined): string {
  if (at === null || at === undefined) return BLANK;
  const d = new Date(new Date(at).getTime() + SHANGHAI);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
const chineseTime = (at: Date | string) => {
  const d = new Date(new Date(at).getTime() + SHANGHAI);
  return `${chineseDay(at)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};
const text = (s: unknown) => (typeof s === 'string' && s.trim() ? s.trim() : BLANK);

export interface CaseFacts { values: DocumentValues; caseNumber: string | null; status: string; failed: boolean; sessionCount: number; hasMediator: boolean }

/** Everything a document of this case may say; 404 when the actor does not reach the case. */
export async function caseFacts(db: Db, actor: Actor, caseId: number, days: number, now: number): Promise<CaseFacts> {
  const row = await findVisibleCase(db, actor, caseId, days);
  const c = await db('cases as c').leftJoin('mediators as m', 'm.id', 'c.mediator_id').leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .where('c.id', caseId).first(
      'c.description', 'c.address', 'c.status', 'c.settled_at', 'c.failed_at', 'c.outcome_note', 'c.agreement_amount', 'c.judicial_confirmation_on',
      'm.name as mediator_name', 'm.phone as mediator_phone', 'm.work_unit', 'o.name as organisation_name',
    );
  const access = partyAccess(actor, { tribunal_id: row.tribunal_id as number | null, mediator_id: row.mediator_id as number | null });
  const parties = (await db('case_parties').where({ case_id: caseId }).orderBy('position').select('role', 'name', 'phone', 'id_number'))
    .map((p: { role: PartyRole; name: string; phone: string | null; id_number: string | null }) => maskParty({ ...p }, access));
  const sessions = await db('case_sessions').where({ case_id: caseId }).orderBy('held_at').orderBy('id').select('held_at', 'place', 'participants', 'account', 'result');
  const me = await db('users').where({ id: actor.id }).first('display_name');
  const partyValues: PartyValues[] = parties.map((p) => ({
    party_role: PARTY_ROLES[p.role as PartyRole] ?? String(p.role), party_name: text(p.name), party_phone: text(p.phone), party_id_number: text(p.id_number),
  }));
  const names = (role: PartyRole) => parties.filter((p) => p.role === role).map((p) => p.name).join('、');
  const byRole = (Object.keys(PARTY_ROLES) as PartyRole[]).filter((r) => names(r)).map((r) => `${PARTY_ROLES[r]}${names(r)}`);
  const amount = c.agreement_amount === null || c.agreement_amount === undefined ? null : Number(c.agreement_amount);
  const caseNumber = (row.case_number as string | null) ?? null;
  const values: DocumentValues = {
    court_name: COURT_NAME,
    case_number: caseNumber ?? `（${BLANK}）${BLANK}号`,
    case_title: text(row.title),
    dispute_type: DISPUTE_TYPES[row.dispute_type as DisputeType] ?? text(row.dispute_type),
    case_description: text(c.description),
    case_address: text(c.address ?? [row.township_name, row.village_name].filter(Boolean).join('')),
    township: text(row.township_name),
    registered_on: chineseDay(row.created_at as Date),
    assigned_on: chineseDay(row.assigned_at as Date | null),
    deadline_on: chineseDay(row.deadline as Date | null),
    mediation_days: String(days),
    parties_text: byRole.length ? byRole.join('，') : BLANK,
    applicants: names('applicant') || BLANK,
    respondents: names('respondent') || BLANK,
    parties: partyValues,
    mediator_name: text(c.mediator_name),
    mediator_phone: text(c.mediator_phone),
    organisation_name: text(c.organisation_name ?? c.work_unit),
    sessions: sessions.map((s: Record<string, unknown>, i: number) => ({
      session_no: String(i + 1), held_at: chineseTime(s.held_at as Date), place: text(s.place), participants: text(s.participants), account: text(s.account), result: text(s.result),
    })),
    session_count: String(sessions.length),
    outcome_note: text(c.outcome_note),
    agreement_amount: amount === null ? '无' : `人民币${amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`,
    settled_on: chineseDay(c.settled_at),
    failed_on: chineseDay(c.failed_at),
    judicial_confirmation_on: chineseDay(c.judicial_confirmation_on),
    today: chineseDay(now),
    generated_by: text(me?.display_name ?? actor.username),
  };
  return { values, caseNumber, status: c.status, failed: c.status === 'failed' || (c.status === 'filed' && c.failed_at !== null), sessionCount: sessions.length, hasMediator: row.mediator_id !== null && row.mediator_id !== undefined };
}

/** 422 when the case cannot have this document (yet), saying what to do. */
export function checkKindFits(kind: DocumentKind, f: CaseFacts): void {
  const name = DOCUMENT_KINDS[kind];
  const refuse = (code: string, message: string) => { throw new HttpError(422, code, message, { kind, status: f.status }); };
  if ((kind === 'delegation_letter' || kind === 'pre_litigation_notice') && !f.hasMediator) refuse('document_needs_mediator', `案件尚未分派调解员，不能生成${name}：请先分派`);
  if (kind === 'session_record' && f.sessionCount === 0) refuse('document_needs_sessions', `案件还没有调解记录，不能生成${name}：请先登记调解记录`);
  if ((kind === 'mediation_agreement' || kind === 'judicial_confirmation_application') && f.status !== 'settled') refuse('document_needs_settled', `只有调解成功的案件才能生成${name}：本案尚未登记调解成功`);
  if (kind === 'termination_certificate' && !f.failed) refuse('document_needs_failed', `只有调解不成功的案件才能生成${name}：本案尚未登记调解失败`);
}
