// Court documents (文书, issue 18 item 3): the kinds, the ONE list of named fields a template may use
// (with their meaning in Chinese, shown on the admin's template page), and the request schemas.
// services/documents/fields.ts fills exactly these fields; an uploaded template using any other tag is refused.
import { z } from 'zod';
import { idParam, idText } from './fields.ts';
import { keysOf } from './vocab.ts';

export const DOCUMENT_KINDS = {
  delegation_letter: '委派调解函',
  pre_litigation_notice: '诉前调解告知书',
  session_record: '调解笔录',
  mediation_agreement: '人民调解协议书',
  judicial_confirmation_application: '司法确认申请书',
  termination_certificate: '调解终结证明',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Who a document is addressed to (shown beside its name). */
export const DOCUMENT_AUDIENCE: Record<DocumentKind, string> = {
  delegation_letter: '致调解组织、调解员',
  pre_litigation_notice: '致当事人',
  session_record: '依调解记录',
  mediation_agreement: '调解成功的案件',
  judicial_confirmation_application: '调解成功的案件',
  termination_certificate: '调解不成功，退回立案',
};

/** Fields of one item of a loop ({#parties}…{/parties}). */
export const PARTY_FIELDS = {
  party_role: '当事人地位（申请人/被申请人/第三人）',
  party_name: '姓名或名称',
  party_phone: '联系电话',
  party_id_number: '身份证号（遮挡中间位数）',
} as const;
export const SESSION_FIELDS = {
  session_no: '第几次调解',
  held_at: '调解时间',
  place: '地点',
  participants: '参加人员',
  account: '调解经过',
  result: '结果',
} as const;

/** Every field a template may use, with its meaning. Loops list their item fields. */
export const DOCUMENT_FIELDS = {
  court_name: { label: '法院名称（信阳市浉河区人民法院）' },
  case_number: { label: '案号；尚未编号的案件为一条下划线空格' },
  case_title: { label: '案由（案件标题）' },
  dispute_type: { label: '纠纷类型' },
  case_description: { label: '纠纷简要情况' },
  case_address: { label: '纠纷发生地' },
  township: { label: '乡镇（街道）' },
  registered_on: { label: '登记日期' },
  assigned_on: { label: '委派日期' },
  deadline_on: { label: '调解期限届满日' },
  mediation_days: { label: '诉前调解期限（天）' },
  parties_text: { label: '全部当事人，一行概括（申请人：… 被申请人：…）' },
  applicants: { label: '申请人姓名（多人以顿号分隔）' },
  respondents: { label: '被申请人姓名（多人以顿号分隔）' },
  parties: { label: '当事人（循环 {#parties}…{/parties}）', items: PARTY_FIELDS },
  mediator_name: { label: '调解员姓名' },
  mediator_phone: { label: '调解员联系电话' },
  organisation_name: { label: '调解组织名称（调解员无所属组织时为调解员工作单位）' },
  sessions: { label: '调解记录（循环 {#sessions}…{/sessions}）', items: SESSION_FIELDS },
  session_count: { label: '调解次数' },
  outcome_note: { label: '调解结果说明（协议内容或不成功的原因）' },
  agreement_amount: { label: '协议金额（元，无金额时为“无”）' },
  settled_on: { label: '调解成功日期' },
  failed_on: { label: '调解终结日期' },
  judicial_confirmation_on: { label: '申请司法确认日期' },
  today: { label: '文书生成日期' },
  generated_by: { label: '生成人' },
} as const satisfies Record<string, { label: string; items?: Record<string, string> }>;
export type DocumentField = keyof typeof DOCUMENT_FIELDS;

export type PartyValues = Record<keyof typeof PARTY_FIELDS, string>;
export type SessionValues = Record<keyof typeof SESSION_FIELDS, string>;
/** The values of one document: the text fields, and the loops as lists. */
export type DocumentValues = { [K in DocumentField]: K extends 'parties' ? PartyValues[] : K extends 'sessions' ? SessionValues[] : string };

export const documentKindParam = z.object({ kind: z.enum(keysOf(DOCUMENT_KINDS), { error: `文书种类应为 ${Object.keys(DOCUMENT_KINDS).join('、')} 之一` }) });
export const caseDocumentParams = z.object({ id: idText('案件编号'), kind: documentKindParam.shape.kind });
export const documentIdParam = idParam('文书编号');

/** A generated document kept with its case (no bytes). */
export interface CaseDocumentView {
  id: number;
  case_id: number;
  kind: DocumentKind;
  kind_label: string;
  version: number;
  file_name: string;
  size: number;
  template_version: number;
  created_by: string | null;
  created_at: string;
}

/** One paragraph of a document as the print view draws it (read from the rendered Word file). */
export interface PrintParagraph {
  text: string;
  align: 'left' | 'center' | 'right' | 'both';
  /** Font size in points. */
  size_pt: number;
  bold: boolean;
  /** Heading or title font (宋体/黑体) rather than the body's 仿宋. */
  font: 'song' | 'fang' | 'hei';
  /** First-line indent in characters. */
  indent_chars: number;
  page_break_before: boolean;
}

export interface PrintView {
  kind: DocumentKind;
  kind_label: string;
  case_id: number;
  case_number: string | null;
  template_version: number;
  paragraphs: PrintParagraph[];
}

export interface DocumentTemplateView {
  kind: DocumentKind;
  kind_label: string;
  audience: string;
  /** 0: the built-in default; else the version of the uploaded template in force. */
  version: number;
  is_default: boolean;
  file_name: string | null;
  uploaded_by: string | null;
  uploaded_at: string | null;
  /** The tags the template in force uses. */
  tags: string[];
}

export interface DocumentTemplatesAnswer {
  templates: DocumentTemplateView[];
  fields: { name: string; label: string; items?: { name: string; label: string }[] }[];
  max_bytes: number;
}
