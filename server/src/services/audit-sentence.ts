// The audit log read by people (issue 17): each row as a Chinese sentence with names, not
// `{"rows":19,…}`, "user #1" or "import #<uuid>", and a link to what it is about where the app has a page.
// The stored row is unchanged (append-only); this is only how it is shown.
import type { Knex } from '../db/types.ts';
import { AUDIT_ACTIONS, ROLES, type AuditItem, type Role } from '../contract/auth.ts';
import { CASE_STATUSES, type CaseStatus } from '../contract/vocab.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../contract/documents.ts';
import { DASHBOARD_FIGURES, PERFORMANCE_DIMENSIONS, type DashboardFigure, type PerformanceDimension } from '../contract/assessment.ts';

/** Names of the things rows refer to, by "type:id". */
export type Names = Map<string, string>;

const TABLES: Record<string, { table: string; column: string; key?: string }> = {
  user: { table: 'users', column: 'display_name' },
  case: { table: 'cases', column: 'title' },
  mediator: { table: 'mediators', column: 'name' },
  organisation: { table: 'organisations', column: 'name' },
  tribunal: { table: 'tribunals', column: 'name' },
  boundary_import: { table: 'import_boundary_previews', column: 'file_name' },
};
const LEVELS: Record<string, string> = { township: '乡镇(街道)', village: '村(社区)', grid: '网格' };
const KINDS: Record<string, string> = { mediators: '调解员', organisations: '调解组织', tribunals: '人民法庭' };

/** Looks up the names of the rows' targets, their actors and the mediators their details name. */
export async function namesFor(knex: Knex, items: Pick<AuditItem, 'user_id' | 'target_type' | 'target_id' | 'details'>[]): Promise<Names> {
  const want = new Map<string, Set<string>>();
  const add = (type: string, id: unknown) => {
    if (id === null || id === undefined || !TABLES[type]) return;
    const s = want.get(type) ?? new Set<string>();
    s.add(String(id));
    want.set(type, s);
  };
  for (const i of items) {
    add('user', i.user_id);
    if (i.target_type) add(i.target_type, i.target_id);
    if (i.details && typeof i.details.mediator_id === 'number') add('mediator', i.details.mediator_id);
    if (i.details && typeof i.details.tribunal_id === 'number') add('tribunal', i.details.tribunal_id);
  }
  const names: Names = new Map();
  for (const [type, ids] of want) {
    const t = TABLES[type]!;
    const numeric = t.table !== 'import_boundary_previews';
    const keys = [...ids].filter((k) => !numeric || /^\d{1,9}$/.test(k));
    if (!keys.length) continue;
    const rows = (await knex(t.table).whereIn('id', numeric ? keys.map(Number) : keys).select('id', `${t.column} as name`)) as { id: unknown; name: string | null }[];
    for (const r of rows) if (r.name) names.set(`${type}:${r.id}`, r.name);
  }
  return names;
}

const q = (s: unknown) => `“${String(s)}”`;
/** 《委派调解函》: the document kind a row's details name. */
const doc = (d: Record<string, unknown>) => `《${DOCUMENT_KINDS[d.kind as DocumentKind] ?? '文书'}》`;
const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v));

/** The sentence of one row, and where its link goes (a path of the client app), if anywhere. */
export function describeAudit(i: AuditItem, names: Names): { sentence: string; link: string | null } {
  const d = (i.details ?? {}) as Record<string, unknown>;
  const who = (i.user_id !== null && names.get(`user:${i.user_id}`)) || i.username || '未登录用户';
  const target = i.target_type && i.target_id !== null ? names.get(`${i.target_type}:${i.target_id}`) : undefined;
  const caseRef = i.target_type === 'case' ? `案件 ${i.target_id}${target ? ` ${q(target)}` : ''}` : '';
  const link = i.target_type === 'case' && i.target_id ? `/cases/${i.target_id}`
    : i.target_type === 'mediator' || i.target_type === 'organisation' || i.target_type === 'tribunal' ? '/registry'
    : i.target_type === 'boundary_import' ? '/boundaries'
    : i.target_type === 'document_template' ? '/document-templates'
    : i.target_type === 'user' ? '/users' : null;
  const mediator = typeof d.mediator_id === 'number' ? names.get(`mediator:${d.mediator_id}`) ?? `编号 ${d.mediator_id} 的调解员` : null;
  const failed = i.outcome === 'failure' ? '（未成功）' : i.outcome === 'denied' ? '（被拒绝）' : '';
  const base = `${who}${AUDIT_ACTIONS[i.action as keyof typeof AUDIT_ACTIONS] ?? i.action}`;
  let s: string;
  switch (i.action) {
    case 'auth.login': s = i.outcome === 'success' ? `${who}登录` : `${i.username ? q(i.username) : '某用户'}登录失败`; break;
    case 'auth.logout': s = `${who}退出登录`; break;
    case 'access.denied': s = `${who}试图访问无权访问的内容，已拒绝${d.path ? `（${String(d.path)}）` : ''}`; break;
    case 'user.create': s = `${who}创建用户 ${q(target ?? d.username)}（${ROLES[d.role as Role] ?? String(d.role ?? '')}${typeof d.tribunal_id === 'number' ? `，限${names.get(`tribunal:${d.tribunal_id}`) ?? '某法庭'}` : ''}）`; break;
    case 'user.update': s = `${who}修改用户 ${q(target ?? i.target_id)}${d.password_reset ? '，重设了密码' : ''}${d.role ? `，角色改为${ROLES[d.role as Role] ?? String(d.role)}` : ''}${d.active === false ? '，停用账号' : d.active === true ? '，启用账号' : ''}`; break;
    case 'case.view_party': s = `${who}查看了${caseRef}的当事人信息`; break;
    case 'case.create': s = `${who}登记${caseRef}${typeof d.parties === 'number' ? `（当事人 ${d.parties} 名）` : ''}`; break;
    case 'case.assign': s = `${who}将${caseRef}分派给${mediator ?? '调解员'}`; break;
    case 'case.reassign': s = `${who}将${caseRef}改派给${mediator ?? '调解员'}`; break;
    case 'case.status': s = `${who}将${caseRef}的状态由${CASE_STATUSES[d.from as CaseStatus] ?? '—'}改为${CASE_STATUSES[d.to as CaseStatus] ?? '—'}`; break;
    case 'case.extend': s = `${who}将${caseRef}的调解期限延长 ${n(d.days)} 天${d.reason ? `，理由：${String(d.reason)}` : ''}`; break;
    case 'case.note': s = `${who}对${caseRef}作了督办记录`; break;
    case 'case.guidance': s = d.held_at !== undefined ? `${who}登记了${caseRef}的法官指导情况` : `${who}为${caseRef}申请法官指导`; break;
    case 'case.locate': s = `${who}在地图上设定了${caseRef}的位置${d.from_precision === 'village' ? '（原仅到村（社区））' : ''}`; break;
    case 'case.batch_assign': s = `${who}批量分派案件${typeof d.assigned === 'number' ? ` ${n(d.assigned)} 件` : Array.isArray(d.assigned) ? ` ${d.assigned.length} 件` : ''}`; break;
    case 'import.registry':
      s = i.outcome === 'success'
        ? `${who}从文件${d.file_name ? ` ${q(d.file_name)}` : ''}导入${KINDS[String(d.kind)] ?? '名册'} ${n(d.inserted)} 条${typeof d.skipped === 'number' && d.skipped > 0 ? `，跳过有问题的 ${n(d.skipped)} 行` : ''}`
        : `${who}导入名册未成功：文件有 ${n(d.problem_count)} 处问题，未作任何改动`;
      break;
    case 'import.boundaries':
      s = d.discarded ? `${who}放弃了边界导入${target ? ` ${q(target)}` : ''}` : `${who}导入${LEVELS[String(d.level)] ?? ''}边界${target ? `（文件 ${q(target)}）` : ''}${typeof d.changed === 'number' ? `，变更 ${n(d.changed)} 个` : ''}`;
      break;
    case 'case.document': s = `${who}为${caseRef}生成${doc(d)}（第 ${n(d.version)} 版）`; break;
    case 'case.document_view': s = `${who}下载了${caseRef}的${doc(d)}（第 ${n(d.version)} 版）`; break;
    case 'case.document_print': s = `${who}打开了${caseRef}的${doc(d)}打印页`; break;
    case 'document_template.upload': s = `${who}更换了${doc(d)}模板（第 ${n(d.version)} 版${d.file_name ? `，文件 ${q(d.file_name)}` : ''}）`; break;
    case 'document_template.reset': s = `${who}将${doc(d)}模板恢复为默认`; break;
    case 'registry.export': s = `${who}导出${KINDS[String(d.kind)] ?? '名册'}名单 ${n(d.rows)} 条`; break;
    case 'assessment.export':
      s = i.target_type === 'performance' ? `${who}导出考核统计（${PERFORMANCE_DIMENSIONS[i.target_id as PerformanceDimension] ?? ''}，${n(d.rows)} 行）`
        : i.target_type === 'dashboard_list' ? `${who}导出“${DASHBOARD_FIGURES[i.target_id as DashboardFigure] ?? ''}”明细 ${n(d.rows)} 条`
        : i.target_type === 'supervision' ? `${who}导出督促督办名单 ${n(d.rows)} 条`
        : i.target_type === 'outcomes' ? `${who}导出调解结果（${String(i.target_id ?? '').replace('/', ' 至 ')}）${n(d.rows)} 件` : `${base}`;
      break;
    case 'mediator.create': case 'mediator.update': case 'mediator.deactivate': case 'mediator.delete':
    case 'organisation.create': case 'organisation.update': case 'organisation.deactivate': case 'organisation.delete':
    case 'tribunal.create': case 'tribunal.update':
      s = `${base} ${q(target ?? d.name ?? i.target_id)}${Array.isArray(d.changed) && d.changed.length ? `（修改了 ${d.changed.length} 项）` : ''}`;
      break;
    case 'coverage.scenario_create': case 'coverage.scenario_update': case 'coverage.scenario_delete':
      s = `${base} ${q(d.name ?? i.target_id)}`;
      break;
    default:
      s = `${base}${typeof d.name === 'string' ? ` ${q(d.name)}` : typeof d.title === 'string' ? ` ${q(d.title)}` : ''}`;
  }
  return { sentence: `${s}${i.action === 'auth.login' ? '' : failed}`, link };
}
