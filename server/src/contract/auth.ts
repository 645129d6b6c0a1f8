// Accounts, roles and the audit log: vocabularies and request schemas shared by the server
// (validation) and the client (labels, types).
import { z } from 'zod';
import { ROLES } from './vocab.ts';
import type { MediatorKind } from './vocab.ts';
import { blankAsMissing, id, idParam, intText, isStorableText, paging, periodFields, phone, refineListPeriod, storableString, text, unstorableMessage } from './fields.ts';

// The labels live in vocab.ts (no zod): the client's first screen imports them without the schemas.
export { ROLES };
export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as [Role, ...Role[]];

/** The user as every API answer shows it: never a password hash. */
export interface PublicUser {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  tribunal_id: number | null;
  /** The tribunal's name for scoped users (null when not scoped). */
  tribunal_name?: string | null;
  mediator_id: number | null;
  /** The linked registry mediator's name and kind (网格员: the report form is their landing view). */
  mediator_name?: string | null;
  mediator_kind?: MediatorKind | null;
  active: boolean;
  /** A generated initial password: until it is changed the session may only change it (routes/access.ts). */
  must_change_password: boolean;
}

export interface LoginAnswer {
  user: PublicUser;
  csrfToken: string;
}

/** Usernames: lower-case letters, digits, `_`, `.`, `-`; compared case-insensitively. */
const username = z
  .string({ error: '请输入用户名' })
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(40, '用户名最多 40 个字符')
  .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符')
  .transform((s) => s.toLowerCase());

/** A new password: long enough and not trivially guessable; argon2 takes any length, so cap it. */
export const newPassword = z
  .string({ error: '请输入密码' })
  .min(10, '密码至少 10 个字符')
  .max(200, '密码最多 200 个字符')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字')
  .refine(isStorableText, unstorableMessage('密码'));

export const loginBody = z.object({
  username: text('用户名', 100).transform((s) => s.toLowerCase()),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200).refine(isStorableText, unstorableMessage('密码')),
});

const tribunalId = id('人民法庭编号 tribunal_id').nullable();
const mediatorId = id('调解员编号 mediator_id').nullable();

export const createUserBody = z.object({
  username,
  display_name: text('姓名', 60),
  role: z.enum(ROLE_NAMES),
  password: newPassword,
  tribunal_id: tribunalId.optional().default(null),
  mediator_id: mediatorId.optional().default(null),
}).strict();

export const updateUserBody = z
  .object({
    display_name: text('姓名', 60).optional(),
    role: z.enum(ROLE_NAMES).optional(),
    active: z.boolean().optional(),
    /** A password reset by the admin. */
    password: newPassword.optional(),
    tribunal_id: tribunalId.optional(),
    mediator_id: mediatorId.optional(),
    /** The user's work phone (the mediator's tel: link to their dispatcher); null clears it. */
    phone: phone.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容');

export const userIdParam = idParam('用户编号');

/** POST /api/auth/password: the user's own password change (required after a generated one). */
export const changePasswordBody = z.object({
  current_password: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码').max(200).refine(isStorableText, unstorableMessage('密码')),
  new_password: newPassword,
}).strict().refine((b) => b.current_password !== b.new_password, { path: ['new_password'], message: '新密码不能与当前密码相同' });

/** How many accounts one bulk request may create (each password is hashed with argon2, slow on purpose). */
export const BULK_ACCOUNTS_MAX = 100;

/** POST /api/users/mediator-accounts: one mediator account per selected registry mediator. */
export const bulkMediatorAccountsBody = z.object({
  mediator_ids: z.array(id('调解员编号 mediator_ids'), { error: '请选择调解员 mediator_ids' })
    .min(1, '请至少选择一名调解员')
    .max(BULK_ACCOUNTS_MAX, `一次最多为 ${BULK_ACCOUNTS_MAX} 名调解员创建账号`)
    .refine((a) => new Set(a).size === a.length, '所选调解员有重复'),
}).strict();

/** One created account with its initial password: answered once, never stored or shown again. */
export interface CreatedMediatorAccount {
  user_id: number;
  username: string;
  display_name: string;
  mediator_id: number;
  mediator_kind: MediatorKind;
  unit: string | null;
  initial_password: string;
}

/** GET /api/users/mediator-options: registry mediators for the account picker (name, unit or phone). */
export const mediatorOptionsQuery = z.object({
  q: blankAsMissing(storableString('搜索词 q', 60)),
  without_account: blankAsMissing(z.enum(['true', 'false']).transform((v) => v === 'true')),
  limit: blankAsMissing(intText('数量 limit', 1, 500)),
});
export type MediatorOptionsQuery = z.infer<typeof mediatorOptionsQuery>;

export interface MediatorOption {
  id: number;
  name: string;
  kind: MediatorKind;
  status: string;
  /** The organisation's name, else the work unit. */
  unit: string | null;
  phone: string | null;
  /** The account already linked to this mediator, if any. */
  account: { user_id: number; username: string } | null;
}

/** What the audit log records; later routes add theirs here. */
export const AUDIT_ACTIONS = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'access.denied': '越权访问被拒绝',
  'user.create': '创建用户',
  'user.update': '修改用户',
  'user.link_mediator': '关联名册调解员',
  'user.password_change': '修改密码',
  'case.view_party': '查看当事人信息',
  'case.create': '登记案件',
  'case.report': '网格上报',
  'case.assign': '分派案件',
  'case.reassign': '改派案件',
  'case.status': '变更案件状态',
  'case.extend': '延长调解期限',
  'case.note': '督办记录',
  'case.guidance': '法官指导',
  'case.batch_assign': '批量分派',
  'case.locate': '设定案件位置',
  'case.session': '登记调解记录',
  'case.attachment': '上传案件附件',
  'case.attachment_view': '查看案件附件',
  'case.outcome': '登记调解结果',
  'case.guidance_answer': '答复指导请求',
  'case.extension_request': '申请延长调解期限',
  'case.extension_decide': '审批延期申请',
  'case.judicial_confirmation': '司法确认',
  'case.document': '生成文书',
  'case.document_view': '下载文书',
  'case.document_print': '打印文书',
  'document_template.upload': '更换文书模板',
  'document_template.reset': '恢复默认文书模板',
  'import.boundaries': '导入边界',
  'import.registry': '导入名册',
  'coverage.scenario_create': '新建规划方案',
  'coverage.scenario_update': '修改规划方案',
  'coverage.scenario_delete': '删除规划方案',
  'mediator.create': '新增调解员',
  'mediator.update': '修改调解员',
  'mediator.deactivate': '调解员退出',
  'mediator.delete': '删除调解员',
  'organisation.create': '新增调解组织',
  'organisation.update': '修改调解组织',
  'organisation.deactivate': '撤销调解组织',
  'organisation.delete': '删除调解组织',
  'tribunal.create': '新增人民法庭',
  'tribunal.update': '修改人民法庭',
  'specialty.create': '新增专长',
  'intake.upload': '上传批量导入案件文件',
  'intake.commit': '批量导入案件',
  'intake.cause_create': '新增案由对照',
  'intake.cause_update': '修改案由对照',
  'intake.cause_delete': '删除案由对照',
  'registry.export': '导出名册',
  'training.create': '新增培训记录',
  'training.update': '修改培训记录',
  'training.delete': '删除培训记录',
  'training.attendance': '登记培训签到',
  'publicity.create': '新增法治宣传活动',
  'publicity.update': '修改法治宣传活动',
  'publicity.delete': '删除法治宣传活动',
  'guidance.judge': '指定指导法官',
  'school.create': '新增学校',
  'school.update': '修改学校',
  'enterprise.create': '新增企业',
  'enterprise.update': '修改企业',
  'assessment.export': '导出考核统计',
  'token.create': '创建访问令牌',
  'token.revoke': '撤销访问令牌',
  'token.use': '使用访问令牌',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_OUTCOMES = { success: '成功', failure: '失败', denied: '拒绝' } as const;
export type AuditOutcome = keyof typeof AUDIT_OUTCOMES;

export const auditQuery = z.object({
  ...periodFields(),
  /** Username (exact, case-insensitive). */
  user: blankAsMissing(storableString('用户名 user', 100)),
  action: blankAsMissing(storableString('操作 action', 60)),
  ...paging(50, 200),
}).superRefine(refineListPeriod);
export type AuditQuery = z.infer<typeof auditQuery>;

export interface AuditItem {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  role: Role | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  outcome: AuditOutcome;
  /** The row as a Chinese sentence with names (services/audit-sentence.ts), and the app path it is about. */
  sentence?: string;
  link?: string | null;
}
