// The mediator's case work (issue 14, item 5): request schemas and answer types of the routes under
// /api/cases/:id/… (accept, sessions, attachments, outcome, extension requests, judicial confirmation),
// /api/attachments/:id, /api/extension-requests/:id/decide and /api/guidance/:id/answer. Shared by the
// server (validation) and the client (types, labels).
import { z } from 'zod';
import { dateTime, day, idParam, int, INT4_MAX, paging, storableString, text } from './fields.ts';
import { keysOf } from './vocab.ts';

export const ATTACHMENT_KINDS = { agreement: '调解协议书', evidence: '证据材料', other: '其他' } as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

/** The file types kept with a case, recognised by their first bytes (services/case-work/file-type.ts). */
export const ATTACHMENT_TYPES = { 'image/jpeg': 'JPEG 照片', 'image/png': 'PNG 图片', 'image/webp': 'WebP 图片', 'application/pdf': 'PDF 文件' } as const;
export type AttachmentMime = keyof typeof ATTACHMENT_TYPES;

export const EXTENSION_STATUSES = { pending: '待审批', approved: '已同意', refused: '未同意' } as const;
export type ExtensionStatus = keyof typeof EXTENSION_STATUSES;

const version = int('案件版本号 version', 1, INT4_MAX);

/** POST /api/cases/:id/accept: the mediator takes the case on (assigned → mediating). */
export const acceptBody = z.object({ version }).strict();

/** POST /api/cases/:id/sessions: one mediation session (调解记录). */
export const sessionBody = z
  .object({
    held_at: dateTime('调解时间 held_at'),
    place: text('调解地点', 200),
    participants: text('参与人', 500),
    account: text('调解经过', 5000),
    result: text('调解结果', 2000),
  })
  .strict();
export type SessionBody = z.infer<typeof sessionBody>;

/** The form fields of POST /api/cases/:id/attachments (multipart, the file in field `file`). */
export const attachmentFields = z
  .object({ kind: z.enum(keysOf(ATTACHMENT_KINDS), { error: '附件类别 kind 应为 agreement、evidence 或 other' }).optional() })
  .strict();

/** POST /api/cases/:id/outcome: settle or fail the case with its outcome. */
export const outcomeBody = z
  .object({
    version,
    result: z.enum(['settled', 'failed'], { error: '结果 result 应为 settled（调解成功）或 failed（调解失败）' }),
    note: text('结果说明', 2000),
    /** Yuan, at most two decimals; only with `settled`. */
    agreement_amount: z.number({ error: '协议金额应为数字（元）' }).min(0, '协议金额不能为负数').max(1e11, '协议金额过大')
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, '协议金额最多两位小数').optional(),
  })
  .strict()
  .refine((b) => b.result === 'settled' || b.agreement_amount === undefined, { path: ['agreement_amount'], message: '调解失败的案件没有协议金额' });
export type OutcomeBody = z.infer<typeof outcomeBody>;

/** POST /api/cases/:id/extension-requests: ask the dispatcher for more time. */
export const extensionRequestBody = z
  .object({ days: int('延长天数 days（一次最多 90 天）', 1, 90), reason: text('延期理由', 500) })
  .strict();
export type ExtensionRequestBody = z.infer<typeof extensionRequestBody>;

/** POST /api/extension-requests/:id/decide: the dispatcher approves (the deadline moves) or refuses. */
export const extensionDecisionBody = z
  .object({ version, approve: z.boolean({ error: 'approve 应为 true（同意）或 false（不同意）' }), note: storableString('审批意见', 500).optional() })
  .strict();
export type ExtensionDecisionBody = z.infer<typeof extensionDecisionBody>;

/** POST /api/guidance/:id/answer: a dispatcher or leader answers a guidance request's question. */
export const guidanceAnswerBody = z.object({ answer: text('指导答复', 2000) }).strict();

/** POST /api/cases/:id/judicial-confirmation: the agreement goes for 司法确认 (flag + day), or the mark is taken back. */
export const judicialBody = z
  .object({ version, confirmed: z.boolean({ error: 'confirmed 应为 true 或 false' }), on: day('申请司法确认日期 on').optional() })
  .strict()
  .refine((b) => !b.confirmed || b.on !== undefined, { path: ['on'], message: '请填写申请司法确认的日期' });
export type JudicialBody = z.infer<typeof judicialBody>;

export const attachmentIdParam = idParam('附件编号');
export const extensionRequestIdParam = idParam('延期申请编号');

// --- answers ---------------------------------------------------------------------------------------

export interface SessionView {
  id: number;
  case_id: number;
  held_at: string;
  place: string;
  participants: string;
  account: string;
  result: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface AttachmentView {
  id: number;
  case_id: number;
  kind: AttachmentKind;
  mime: AttachmentMime;
  file_name: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface ExtensionRequestView {
  id: number;
  case_id: number;
  days: number;
  reason: string;
  status: ExtensionStatus;
  requested_by: string | null;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

/** GET /api/cases/:id/work: the case work beside the case file. */
export interface CaseWork {
  case_id: number;
  /** Whom the mediator may call besides the parties: the dispatcher who assigned the case (null: none known, or not for this reader). */
  contacts: { dispatcher: { name: string; phone: string | null } | null } | null;
  sessions: SessionView[];
  attachments: AttachmentView[];
  extension_requests: ExtensionRequestView[];
  outcome: { note: string | null; agreement_amount: number | null; judicial_confirmation: boolean; judicial_confirmation_on: string | null };
  /** The largest file accepted (ATTACHMENT_MAX_MB), in bytes. */
  attachment_max_bytes: number;
}

/** GET /api/pending/extension-requests and GET /api/pending/guidance: the oldest first, one page. */
export const pendingQuery = z.object({ ...paging(50, 200) });
export type PendingQuery = z.infer<typeof pendingQuery>;

/** A case's title and status beside a request still waiting for someone (a cross-case list). */
interface PendingCase { case_id: number; case_title: string; case_status: string; deadline: string | null }

/** An extension request waiting for the dispatcher (延期申请待审批). */
export interface PendingExtension extends PendingCase { id: number; days: number; reason: string; requested_by: string | null; requested_at: string }

/** A guidance question without an answer yet (指导请求待答复); `question` masked for readers without party access. */
export interface PendingGuidance extends PendingCase { id: number; mode: string; mode_label: string; question: string | null; requested_by: string | null; requested_at: string }

export interface PendingList<T> { total: number; items: T[] }
