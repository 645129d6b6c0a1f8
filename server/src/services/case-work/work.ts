// GET /api/cases/:id/work: the case work beside the case file — whom to call, the sessions, the files,
// the extension requests and the outcome. What a reader without party access (leader, planner) sees of
// it is the whitelist below (services/case-view.ts rules): dates, counts and kinds, free text masked,
// no contacts, no place, no participants, no file names.
import type { Knex } from '../../db/types.ts';
import type { AttachmentView, CaseWork, ExtensionRequestView, SessionView } from '../../contract/case-work.ts';
import { findVisibleCase } from '../cases.ts';
import { each, viewRow, type Rules } from '../case-view.ts';
import { maskFreeText, type Actor } from '../masking.ts';
import { listAttachments } from './attachments.ts';
import { listExtensionRequests } from './requests.ts';
import { listSessions } from './sessions.ts';

const WORK_RULES: Rules<CaseWork> = {
  case_id: 'keep',
  contacts: () => null,
  sessions: each<SessionView>({ id: 'keep', case_id: 'keep', held_at: 'keep', result: 'text', recorded_by: 'keep', recorded_at: 'keep' }),
  attachments: each<AttachmentView>({ id: 'keep', case_id: 'keep', kind: 'keep', mime: 'keep', size: 'keep', uploaded_by: 'keep', uploaded_at: 'keep' }),
  extension_requests: each<ExtensionRequestView>({
    id: 'keep', case_id: 'keep', days: 'keep', reason: 'text', status: 'keep', requested_by: 'keep', requested_at: 'keep', decided_by: 'keep', decided_at: 'keep', decision_note: 'text',
  }),
  outcome: (o) => {
    const x = o as CaseWork['outcome'];
    return { ...x, note: maskFreeText(x.note) };
  },
  attachment_max_bytes: 'keep',
};

/** The dispatcher who assigned the case now (its current assignment), with the phone on their account. */
async function dispatcherOf(knex: Knex, caseId: number): Promise<{ name: string; phone: string | null } | null> {
  const row = await knex('case_assignments as a').join('users as u', 'u.id', 'a.assigned_by').where('a.case_id', caseId).whereNull('a.replaced_at')
    .orderBy('a.assigned_at', 'desc').orderBy('a.id', 'desc').first('u.display_name', 'u.phone');
  return row ? { name: row.display_name as string, phone: (row.phone as string) ?? null } : null;
}

export async function caseWork(knex: Knex, actor: Actor, id: number, days: number, maxBytes: number): Promise<CaseWork> {
  const c = await findVisibleCase(knex, actor, id, days);
  const outcome = await knex('cases').where({ id }).first('outcome_note', 'agreement_amount', 'judicial_confirmation', 'judicial_confirmation_on');
  const work: CaseWork = {
    case_id: id,
    contacts: { dispatcher: await dispatcherOf(knex, id) },
    sessions: await listSessions(knex, id),
    attachments: await listAttachments(knex, id),
    extension_requests: await listExtensionRequests(knex, id),
    outcome: {
      note: outcome.outcome_note ?? null,
      agreement_amount: outcome.agreement_amount === null || outcome.agreement_amount === undefined ? null : Number(outcome.agreement_amount),
      judicial_confirmation: Boolean(outcome.judicial_confirmation),
      // A date column: the pg driver gives a local-midnight Date; the day is what was stored.
      judicial_confirmation_on: dayOf(outcome.judicial_confirmation_on),
    },
    attachment_max_bytes: maxBytes,
  };
  return viewRow(actor, { tribunal_id: c.tribunal_id as number | null, mediator_id: c.mediator_id as number | null }, work, WORK_RULES);
}

function dayOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  const d = v as Date;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
